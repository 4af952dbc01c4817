from .conv_layer import BasicBlock, Bottleneck, conv1x1, conv3x3
from .dot_product_attention_layer import DotProductAttentionLayer
from .lstm_layer import BidirectionalLSTM
from .position_aware_layer import PositionAwareLayer
from .robust_scanner_fusion_layer import RobustScannerFusionLayer
from .satrn_layers import (
    Adaptive2DPositionalEncoding,
    LocalityAwareFeedforward,
    SatrnEncoderLayer,
)

__all__ = ['BasicBlock', 'Bottleneck', 'BidirectionalLSTM', 'conv1x1', 'conv3x3',
           'Adaptive2DPositionalEncoding', 'LocalityAwareFeedforward',
           'SatrnEncoderLayer', 'DotProductAttentionLayer',
           'PositionAwareLayer', 'RobustScannerFusionLayer']
