"""SAR (Li et al., 2019): ResNet-31, LSTM encoder, 2D-attention decoder."""
from mmocr.registry import RECOGNIZERS

from .encode_decode_recognizer import EncodeDecodeRecognizer

__all__ = ['SARNet']


@RECOGNIZERS.register_module()
class SARNet(EncodeDecodeRecognizer):
    """Attention-based recognizer; see :class:`EncodeDecodeRecognizer`."""
