from .transformer_module import (
    FFN,
    MMCVMultiheadAttention,
    MultiHeadAttention,
    PositionalEncoding,
    PositionwiseFeedForward,
    ScaledDotProductAttention,
    sinusoid_encoding_table,
)

__all__ = ['ScaledDotProductAttention', 'MultiHeadAttention',
           'PositionwiseFeedForward', 'PositionalEncoding',
           'sinusoid_encoding_table', 'FFN',
           'MMCVMultiheadAttention']
