from . import backbones, bbox, detectors, layers, losses, modules  # noqa: F401
from .layers import (
    TFDecoderLayer,
    TFEncoderLayer,
    get_pad_mask,
    get_subsequent_mask,
)
from .modules import (
    MultiHeadAttention,
    PositionalEncoding,
    PositionwiseFeedForward,
    ScaledDotProductAttention,
)

__all__ = ['TFEncoderLayer', 'TFDecoderLayer', 'get_pad_mask',
           'get_subsequent_mask', 'ScaledDotProductAttention',
           'MultiHeadAttention', 'PositionwiseFeedForward',
           'PositionalEncoding']
