"""Base of the segmentation-based single-stage text detectors."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import torch

from mmocr.core.visualize import imshow_pred_boundary
from mmocr.models.common.detectors import SingleStageDetector
from mmocr.registry import DETECTORS
from mmocr.utils.errors import InvalidValueError
from mmocr.utils.nested_maps import image_maps, map_tensors

__all__ = ['SingleStageTextDetector']


@DETECTORS.register_module(name=['SingleStageTextDetector', 'DBNet', 'DBNetpp',
                                  'PANet', 'PSENet', 'EAST', 'FCENet',
                                  'TextSnake'])
class SingleStageTextDetector(SingleStageDetector):
    """Backbone -> neck -> dense head; the head computes losses and decodes
    boundaries with its postprocessor.

    Registered under each model's name, the model being the config:
    ``DBNet`` (https://arxiv.org/abs/1911.08947: ResNet + ``FPNC`` +
    ``DBHead``), ``DBNetpp`` (https://arxiv.org/abs/2202.10304:
    ``FPNC(asf_cfg=...)``), ``PANet`` (https://arxiv.org/abs/1908.05900:
    ResNet + ``FPEM_FFM`` + ``PANHead``), ``PSENet``
    (https://arxiv.org/abs/1903.12473: ResNet + ``FPNF`` + ``PSEHead``) and
    ``EAST`` (https://arxiv.org/abs/1704.03155: ResNet + ``FPNC`` +
    ``EASTHead``; not in MMOCR 0.x) and ``FCENet``
    (https://arxiv.org/abs/2104.10442: ResNet + ``mmdet.FPN`` + ``FCEHead``,
    whose output is ``[cls, reg]`` per level) and ``TextSnake``
    (https://arxiv.org/abs/1807.01544: ResNet + ``FPN_UNet`` +
    ``TextSnakeHead``); all take images with H, W
    multiples of 32. The head's output may be one tensor or tensors in
    (nested) lists: each image gets its slice of every map.

    ``forward_train(img, img_metas, **gt)``: ``img`` ``(N, C, H, W)``; the gt
    fields (e.g. DBNet's ``gt_shrink``, ``gt_shrink_mask``, ``gt_thr``,
    ``gt_thr_mask``: lists of N ``BitmapMasks``) go to ``bbox_head.loss``.
    ``simple_test(img, img_metas, rescale)``: one
    ``{'boundary_result': [[x1, y1, ..., xn, yn, score], ...]}`` per image.

    Args:
        show_score: Draw scores in :meth:`show_result`.
    """

    def __init__(self, backbone: dict, neck: dict, bbox_head: dict,
                 train_cfg: dict | None = None, test_cfg: dict | None = None,
                 pretrained: str | None = None, init_cfg: dict | None = None,
                 show_score: bool = False):
        super().__init__(backbone, neck, bbox_head, train_cfg, test_cfg,
                         pretrained, init_cfg)
        self.show_score = show_score

    def forward_train(self, img: torch.Tensor, img_metas: list[dict],
                      **kwargs) -> dict[str, torch.Tensor]:
        preds = self.bbox_head(self.extract_feat(img))
        return self.bbox_head.loss(preds, **kwargs)

    def simple_test(self, img: torch.Tensor, img_metas: list[dict],
                    rescale: bool = False) -> list[dict]:
        if len(img_metas) != img.size(0):
            raise InvalidValueError(f'{len(img_metas)} img_metas for a batch of '
                                    f'{img.size(0)} images')
        outs = self.bbox_head(self.extract_feat(img))
        if torch.onnx.is_in_onnx_export():
            # Export the raw maps; postprocessing runs outside the graph.
            return outs
        outs = map_tensors(lambda t: t.detach().cpu(), outs)
        return [self.bbox_head.get_boundary(image_maps(outs, i),
                                            [img_metas[i]], rescale)
                for i in range(len(img_metas))]

    def aug_test(self, imgs: Sequence[torch.Tensor], img_metas, **kwargs):
        raise NotImplementedError(
            f'{type(self).__name__} has no test-time augmentation; use a test '
            'pipeline with a single view')

    def show_result(self, img: str | np.ndarray, result: dict,
                    score_thr: float = 0.5, bbox_color='green',
                    text_color='green', thickness: int = 1,
                    font_scale: float = 0.5, win_name: str = '',
                    show: bool = False, wait_time: int = 0,
                    out_file: str | None = None) -> np.ndarray:
        """Draw ``result['boundary_result']`` on ``img`` (path or BGR array).

        Returns the drawn image; also saves it to ``out_file`` when given
        (``show`` is then ignored).
        """
        boundaries = result.get('boundary_result', [])
        if out_file is not None:
            show = False
        return imshow_pred_boundary(
            img, boundaries, [0] * len(boundaries), score_thr=score_thr,
            boundary_color=bbox_color, text_color=text_color,
            thickness=thickness, font_scale=font_scale, show=show,
            win_name=win_name, wait_time=wait_time, out_file=out_file,
            show_score=self.show_score)
