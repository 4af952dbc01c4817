from .conv_layer import BasicBlock, conv1x1, conv3x3
from .lstm_layer import BidirectionalLSTM

__all__ = ['BasicBlock', 'BidirectionalLSTM', 'conv1x1', 'conv3x3']
