from .abinet import ABINet
from .abinet_language_model import ABILanguageModel
from .base import BaseRecognizer
from .crnn import CRNNNet
from .encode_decode_recognizer import EncodeDecodeRecognizer
from .master import MASTER
from .nrtr import NRTR
from .robust_scanner import RobustScanner
from .sar import SARNet
from .satrn import SATRN
from .seg_recognizer import SegRecognizer

__all__ = ['BaseRecognizer', 'CRNNNet', 'EncodeDecodeRecognizer', 'MASTER',
           'NRTR', 'RobustScanner', 'SARNet', 'SATRN', 'SegRecognizer',
           'ABINet', 'ABILanguageModel']
