from .abinet_vision_model import ABIVisionModel
from .base_encoder import BaseEncoder
from .channel_reduction_encoder import ChannelReductionEncoder
from .convnextvit_encoder import ConvNextViTEncoder
from .nrtr_encoder import NRTREncoder
from .sar_encoder import SAREncoder
from .satrn_encoder import SatrnEncoder
from .svtr_encoder import SVTREncoder
from .transformer import TransformerEncoder

__all__ = ['BaseEncoder', 'ChannelReductionEncoder', 'NRTREncoder',
           'SAREncoder', 'SatrnEncoder', 'SVTREncoder', 'TransformerEncoder',
           'ABIVisionModel', 'ConvNextViTEncoder']
