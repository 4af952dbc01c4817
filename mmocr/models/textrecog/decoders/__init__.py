from .base_decoder import BaseDecoder
from .crnn_decoder import CRNNDecoder
from .sar_decoder import ParallelSARDecoder, SequentialSARDecoder

__all__ = ['BaseDecoder', 'CRNNDecoder', 'ParallelSARDecoder',
           'SequentialSARDecoder']
