from .base import BaseRecognizer
from .crnn import CRNNNet
from .encode_decode_recognizer import EncodeDecodeRecognizer
from .sar import SARNet

__all__ = ['BaseRecognizer', 'CRNNNet', 'EncodeDecodeRecognizer', 'SARNet']
