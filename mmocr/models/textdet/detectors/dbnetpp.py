"""MMOCR 0.x's path of ``DBNetpp``: the config type ``DBNetpp`` builds a
:class:`SingleStageTextDetector` (ResNet + ``FPNC(asf_cfg=...)`` +
``DBHead``)."""
from .single_stage_text_detector import SingleStageTextDetector

__all__ = ['DBNetpp']

DBNetpp = SingleStageTextDetector
