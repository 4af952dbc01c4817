from . import backbones, bbox, detectors, layers, losses, modules  # noqa: F401
from .backbones import *  # noqa: F401,F403
from .layers import (
    TFDecoderLayer,
    TFEncoderLayer,
    get_pad_mask,
    get_subsequent_mask,
)
from .losses import *  # noqa: F401,F403
from .modules import (
    MultiHeadAttention,
    PositionalEncoding,
    PositionwiseFeedForward,
    ScaledDotProductAttention,
)

__all__ = ['TFEncoderLayer', 'TFDecoderLayer', 'get_pad_mask',
           'get_subsequent_mask', 'ScaledDotProductAttention',
           'MultiHeadAttention', 'PositionwiseFeedForward',
           'PositionalEncoding', *backbones.__all__, *losses.__all__]
