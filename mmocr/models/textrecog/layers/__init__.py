from .conv_layer import BasicBlock, conv1x1, conv3x3
from .lstm_layer import BidirectionalLSTM
from .satrn_layers import (
    Adaptive2DPositionalEncoding,
    LocalityAwareFeedforward,
    SatrnEncoderLayer,
)

__all__ = ['BasicBlock', 'BidirectionalLSTM', 'conv1x1', 'conv3x3',
           'Adaptive2DPositionalEncoding', 'LocalityAwareFeedforward',
           'SatrnEncoderLayer']
