"""MMOCR 0.x's path of ``CRNNNet``: the config type ``CRNNNet`` builds an
:class:`EncodeDecodeRecognizer` (VGG backbone, BiLSTM decoder, CTC loss)."""
from .encode_decode_recognizer import EncodeDecodeRecognizer

__all__ = ['CRNNNet']

CRNNNet = EncodeDecodeRecognizer
