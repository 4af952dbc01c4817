"""``FCENet``: a single-stage text detector whose head decodes several FPN
levels."""
from __future__ import annotations

import torch

from mmocr.registry import DETECTORS
from mmocr.utils.errors import InvalidValueError

from .single_stage_text_detector import SingleStageTextDetector

__all__ = ['FCENet']


@DETECTORS.register_module()
class FCENet(SingleStageTextDetector):
    """FCENet (https://arxiv.org/abs/2104.10442): ResNet + ``mmdet.FPN`` +
    ``FCEHead``, as MMOCR 0.x.

    Training is :class:`SingleStageTextDetector`'s (the gt fields are
    ``p3_maps``, ``p4_maps``, ``p5_maps`` of ``FCENetTargets``).
    ``simple_test`` hands each image its ``[cls, reg]`` maps of every level
    (the head output is a list per level, not one tensor) and returns one
    ``{'boundary_result': [[x1, y1, ..., score], ...]}`` per image; under
    ONNX export it returns the raw level maps.
    """

    def simple_test(self, img: torch.Tensor, img_metas: list[dict],
                    rescale: bool = False) -> list[dict]:
        if len(img_metas) != img.size(0):
            raise InvalidValueError(f'{len(img_metas)} img_metas for a batch of '
                                    f'{img.size(0)} images')
        outs = self.bbox_head(self.extract_feat(img))
        if torch.onnx.is_in_onnx_export():
            return outs
        outs = [[m.detach().cpu() for m in level] for level in outs]
        return [self.bbox_head.get_boundary(
                    [[m[i] for m in level] for level in outs], [img_metas[i]],
                    rescale)
                for i in range(len(img_metas))]
