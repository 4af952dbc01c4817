"""MMOCR 0.x's path of ``MASTER``: the config type ``MASTER`` builds an
:class:`EncodeDecodeRecognizer` (ResNet-31 with ``GCAModule`` plugins, no
encoder, :class:`MasterDecoder`, :class:`TFLoss`)."""
from .encode_decode_recognizer import EncodeDecodeRecognizer

__all__ = ['MASTER']

MASTER = EncodeDecodeRecognizer
