"""MMOCR 0.x's path of ``RobustScanner``: the config type ``RobustScanner``
builds an :class:`EncodeDecodeRecognizer` (ResNet-31,
:class:`ChannelReductionEncoder`, :class:`RobustScannerDecoder`,
:class:`SARLoss`)."""
from .encode_decode_recognizer import EncodeDecodeRecognizer

__all__ = ['RobustScanner']

RobustScanner = EncodeDecodeRecognizer
