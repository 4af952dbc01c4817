"""MMOCR 0.x's path of ``SARNet``: the config type ``SARNet`` builds an
:class:`EncodeDecodeRecognizer` (ResNet-31, LSTM encoder, 2D-attention
decoder)."""
from .encode_decode_recognizer import EncodeDecodeRecognizer

__all__ = ['SARNet']

SARNet = EncodeDecodeRecognizer
