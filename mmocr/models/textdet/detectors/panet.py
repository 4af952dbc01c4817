"""MMOCR 0.x's path of ``PANet``: the config type ``PANet`` builds a
:class:`SingleStageTextDetector` (ResNet + ``FPEM_FFM`` + ``PANHead``)."""
from .single_stage_text_detector import SingleStageTextDetector

__all__ = ['PANet']

PANet = SingleStageTextDetector
