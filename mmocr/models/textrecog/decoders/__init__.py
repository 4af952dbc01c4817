from .base_decoder import BaseDecoder
from .crnn_decoder import CRNNDecoder
from .master_decoder import MasterDecoder
from .nrtr_decoder import NRTRDecoder
from .sar_decoder import ParallelSARDecoder, SequentialSARDecoder

__all__ = ['BaseDecoder', 'CRNNDecoder', 'MasterDecoder', 'NRTRDecoder', 'ParallelSARDecoder',
           'SequentialSARDecoder']
