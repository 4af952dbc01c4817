"""MMOCR 0.x's path of ``FCENet``: the config type ``FCENet`` builds a
:class:`SingleStageTextDetector` (ResNet + ``mmdet.FPN`` + ``FCEHead``; the
gt fields are ``FCENetTargets``' ``p3_maps``, ``p4_maps``, ``p5_maps``)."""
from .single_stage_text_detector import SingleStageTextDetector

__all__ = ['FCENet']

FCENet = SingleStageTextDetector
