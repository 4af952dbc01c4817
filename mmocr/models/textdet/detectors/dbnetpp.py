"""DBNet++ text detector."""
from __future__ import annotations

from mmocr.registry import DETECTORS

from .single_stage_text_detector import SingleStageTextDetector

__all__ = ['DBNetpp']


@DETECTORS.register_module()
class DBNetpp(SingleStageTextDetector):
    """DBNet with Adaptive Scale Fusion
    (https://arxiv.org/abs/2202.10304): ResNet + ``FPNC(asf_cfg=...)`` +
    ``DBHead``.

    Input images ``(N, 3, H, W)`` with H, W multiples of 32.
    """
