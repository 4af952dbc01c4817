from .abinet_language_decoder import ABILanguageDecoder
from .abinet_vision_decoder import ABIVisionDecoder
from .base_decoder import BaseDecoder
from .crnn_decoder import CRNNDecoder
from .master_decoder import MasterDecoder
from .nrtr_decoder import NRTRDecoder
from .position_attention_decoder import PositionAttentionDecoder
from .robust_scanner_decoder import RobustScannerDecoder
from .sar_decoder import ParallelSARDecoder, SequentialSARDecoder
from .sar_decoder_with_bs import ParallelSARDecoderWithBS
from .sequence_attention_decoder import SequenceAttentionDecoder
from .svtr_decoder import SVTRDecoder
from .visionlan_decoder import VisionLANDecoder

__all__ = ['BaseDecoder', 'CRNNDecoder', 'MasterDecoder', 'NRTRDecoder',
           'ParallelSARDecoder', 'ParallelSARDecoderWithBS',
           'SequentialSARDecoder', 'PositionAttentionDecoder',
           'RobustScannerDecoder', 'SequenceAttentionDecoder', 'SVTRDecoder',
           'VisionLANDecoder', 'ABIVisionDecoder', 'ABILanguageDecoder']
