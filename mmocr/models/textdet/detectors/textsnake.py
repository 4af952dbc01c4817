"""MMOCR 0.x's path of ``TextSnake``: the config type ``TextSnake`` builds a
:class:`SingleStageTextDetector` (ResNet + ``FPN_UNet`` + ``TextSnakeHead``;
the gt fields are ``TextSnakeTargets``' ``gt_text_mask``,
``gt_center_region_mask``, ``gt_mask``, ``gt_radius_map``, ``gt_sin_map``,
``gt_cos_map``)."""
from .single_stage_text_detector import SingleStageTextDetector

__all__ = ['TextSnake']

TextSnake = SingleStageTextDetector
