"""MMOCR 0.x's ``TextDetectorMixin`` path.

0.x mixed ``show_result`` (drawing a detection result) into its detectors
through ``TextDetectorMixin(show_score)``. Here the one class carrying that
method is :class:`SingleStageTextDetector` (``show_score`` is its
constructor argument; :class:`OCRMaskRCNN` and the ONNX / TensorRT
detectors reuse its ``show_result``), so the 0.x name is that class: 0.x
code importing it, subclassing it for a single-stage detector or checking
``isinstance(model, TextDetectorMixin)`` on one keeps working (see
docs/en/compatibility.md).
"""
from __future__ import annotations

from .single_stage_text_detector import SingleStageTextDetector

__all__ = ['TextDetectorMixin']

TextDetectorMixin = SingleStageTextDetector
