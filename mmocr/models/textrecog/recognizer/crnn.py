"""CRNN (Shi et al., 2016): VGG backbone, BiLSTM decoder, CTC loss."""
from mmocr.registry import RECOGNIZERS

from .encode_decode_recognizer import EncodeDecodeRecognizer

__all__ = ['CRNNNet']


@RECOGNIZERS.register_module()
class CRNNNet(EncodeDecodeRecognizer):
    """CTC-based recognizer; see :class:`EncodeDecodeRecognizer`."""
