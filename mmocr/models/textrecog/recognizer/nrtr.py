"""MMOCR 0.x's path of ``NRTR``: the config type ``NRTR`` builds an
:class:`EncodeDecodeRecognizer` (modality transform or ResNet-31, transformer
encoder and decoder, :class:`TFLoss`)."""
from .encode_decode_recognizer import EncodeDecodeRecognizer

__all__ = ['NRTR']

NRTR = EncodeDecodeRecognizer
