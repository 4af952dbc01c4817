from .transformer_module import (
    MultiHeadAttention,
    PositionalEncoding,
    PositionwiseFeedForward,
    ScaledDotProductAttention,
    sinusoid_encoding_table,
)

__all__ = ['ScaledDotProductAttention', 'MultiHeadAttention',
           'PositionwiseFeedForward', 'PositionalEncoding',
           'sinusoid_encoding_table']
