from .base_encoder import BaseEncoder
from .channel_reduction_encoder import ChannelReductionEncoder
from .sar_encoder import SAREncoder

__all__ = ['BaseEncoder', 'ChannelReductionEncoder', 'SAREncoder']
