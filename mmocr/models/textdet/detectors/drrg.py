"""DRRG (https://arxiv.org/abs/2003.07493): its head takes the ground-truth
components in training and decodes graphs, not maps, at test time."""
from __future__ import annotations

import torch

from mmocr.registry import DETECTORS
from mmocr.utils.errors import InvalidValueError

from .single_stage_text_detector import SingleStageTextDetector

__all__ = ['DRRG']


@DETECTORS.register_module()
class DRRG(SingleStageTextDetector):
    """ResNet + ``FPN_UNet`` + ``DRRGHead``, as MMOCR 0.x.

    ``forward_train(img, img_metas, gt_comp_attribs, **gt)``: the head
    builds its training graphs from ``gt_comp_attribs`` (``DRRGTargets``,
    one ``(L, 8)`` array per image); the other gt fields (``gt_text_mask``,
    ``gt_center_region_mask``, ``gt_mask``, ``gt_top_height_map``,
    ``gt_bot_height_map``, ``gt_sin_map``, ``gt_cos_map``) go to the loss.
    ``simple_test(img, img_metas, rescale)``: one
    ``{'boundary_result': [...]}`` per image (``[]`` without text).

    Not exportable to ONNX: the graphs depend on the predicted maps (see
    ``tools/deployment/pytorch2onnx.py``).
    """

    def forward_train(self, img: torch.Tensor, img_metas: list[dict],
                      **kwargs) -> dict[str, torch.Tensor]:
        if 'gt_comp_attribs' not in kwargs:
            raise KeyError('DRRG needs gt_comp_attribs in training: add DRRGTargets '
                           "and collect 'gt_comp_attribs'")
        gt_comp_attribs = kwargs.pop('gt_comp_attribs')
        preds = self.bbox_head(self.extract_feat(img), gt_comp_attribs)
        return self.bbox_head.loss(preds, **kwargs)

    def forward_dummy(self, img: torch.Tensor) -> torch.Tensor:
        """The head's dense maps ``(N, 6, H, W)`` (what ``get_flops.py``
        counts; the graph part depends on the data)."""
        return self.bbox_head.dense_maps(self.extract_feat(img))[0]

    def simple_test(self, img: torch.Tensor, img_metas: list[dict],
                    rescale: bool = False) -> list[dict]:
        if len(img_metas) != img.size(0):
            raise InvalidValueError(f'{len(img_metas)} img_metas for a batch of '
                                    f'{img.size(0)} images')
        feats = self.extract_feat(img)
        return [self.bbox_head.get_boundary(
                    *self.bbox_head.single_test(feats[i:i + 1]),
                    [img_metas[i]], rescale)
                for i in range(img.size(0))]
