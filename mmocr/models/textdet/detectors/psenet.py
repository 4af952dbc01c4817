"""MMOCR 0.x's path of ``PSENet``: the config type ``PSENet`` builds a
:class:`SingleStageTextDetector` (ResNet + ``FPNF`` + ``PSEHead``)."""
from .single_stage_text_detector import SingleStageTextDetector

__all__ = ['PSENet']

PSENet = SingleStageTextDetector
