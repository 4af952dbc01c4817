"""MMOCR 0.x's path of ``SATRN``: the config type ``SATRN`` builds an
:class:`EncodeDecodeRecognizer` (shallow CNN, 2D self-attention encoder,
transformer decoder, :class:`TFLoss`)."""
from .encode_decode_recognizer import EncodeDecodeRecognizer

__all__ = ['SATRN']

SATRN = EncodeDecodeRecognizer
