from .base import BaseRecognizer
from .crnn import CRNNNet
from .encode_decode_recognizer import EncodeDecodeRecognizer
from .nrtr import NRTR
from .sar import SARNet
from .satrn import SATRN

__all__ = ['BaseRecognizer', 'CRNNNet', 'EncodeDecodeRecognizer', 'NRTR',
           'SARNet', 'SATRN']
