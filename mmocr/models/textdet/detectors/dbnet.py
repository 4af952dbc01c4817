"""DBNet text detector."""
from __future__ import annotations

from mmocr.registry import DETECTORS

from .single_stage_text_detector import SingleStageTextDetector

__all__ = ['DBNet']


@DETECTORS.register_module()
class DBNet(SingleStageTextDetector):
    """Real-time Scene Text Detection with Differentiable Binarization
    (https://arxiv.org/abs/1911.08947): ResNet + ``FPNC`` + ``DBHead``.

    Input images ``(N, 3, H, W)`` with H, W multiples of 32.
    """

