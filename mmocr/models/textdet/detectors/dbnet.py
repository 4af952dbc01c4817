"""MMOCR 0.x's path of ``DBNet``: the config type ``DBNet`` builds a
:class:`SingleStageTextDetector` (ResNet + ``FPNC`` + ``DBHead``)."""
from .single_stage_text_detector import SingleStageTextDetector

__all__ = ['DBNet']

DBNet = SingleStageTextDetector
