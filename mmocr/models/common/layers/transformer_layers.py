"""Transformer encoder and decoder layers (MMOCR 0.x's
``mmocr.models.common.layers.transformer_layers``)."""
from __future__ import annotations

from typing import Callable, Sequence

import torch
from torch import nn

from mmocr.models.common.modules import (
    FFN,
    MMCVMultiheadAttention,
    MultiHeadAttention,
    PositionwiseFeedForward,
)
from mmocr.utils.errors import InvalidValueError

__all__ = ['TFEncoderLayer', 'TFDecoderLayer', 'BaseTransformerLayer',
           'get_pad_mask', 'get_subsequent_mask']

_ENC_ORDERS = (('norm', 'self_attn', 'norm', 'ffn'),
               ('self_attn', 'norm', 'ffn', 'norm'))
_DEC_ORDERS = (('norm', 'self_attn', 'norm', 'enc_dec_attn', 'norm', 'ffn'),
               ('self_attn', 'norm', 'enc_dec_attn', 'norm', 'ffn', 'norm'))

KV = tuple[torch.Tensor, torch.Tensor]


def _order(order, allowed, name: str) -> tuple:
    if order is None:
        return allowed[0]
    order = tuple(order)
    if order not in allowed:
        raise InvalidValueError(f'{name}: operation_order must be one of '
                                f'{list(allowed)}, got {order}')
    return order


class TFEncoderLayer(nn.Module):
    """Transformer encoder layer on ``(N, L, d_model)`` sequences.

    Args:
        d_model: Features.
        d_inner: Hidden features of the feed-forward block.
        n_head, d_k, d_v: Attention heads and their key / value features.
        dropout: Dropout in attention and feed-forward.
        qkv_bias: Bias in the attention projections.
        act_cfg: Activation of the feed-forward block.
        operation_order: ``('norm', 'self_attn', 'norm', 'ffn')`` (pre-norm,
            the default) or ``('self_attn', 'norm', 'ffn', 'norm')``
            (post-norm).
    """

    def __init__(self, d_model: int = 512, d_inner: int = 256,
                 n_head: int = 8, d_k: int = 64, d_v: int = 64,
                 dropout: float = 0.1, qkv_bias: bool = False,
                 act_cfg: dict = dict(type='mmcv.GELU'),
                 operation_order: tuple | None = None):
        super().__init__()
        self.operation_order = _order(operation_order, _ENC_ORDERS,
                                      'TFEncoderLayer')
        self.attn = MultiHeadAttention(n_head, d_model, d_k, d_v,
                                       qkv_bias=qkv_bias, dropout=dropout)
        self.norm1 = nn.LayerNorm(d_model)
        self.mlp = PositionwiseFeedForward(d_model, d_inner, dropout=dropout,
                                           act_cfg=act_cfg)
        self.norm2 = nn.LayerNorm(d_model)

    def forward(self, x: torch.Tensor,
                mask: torch.Tensor | None = None) -> torch.Tensor:
        """``x (N, L, d_model)``, ``mask (N, L)`` (1 = valid) -> ``(N, L,
        d_model)``."""
        if self.operation_order == _ENC_ORDERS[0]:
            h = self.norm1(x)
            x = x + self.attn(h, h, h, mask)
            return x + self.mlp(self.norm2(x))
        x = self.norm1(x + self.attn(x, x, x, mask))
        return self.norm2(x + self.mlp(x))


class TFDecoderLayer(nn.Module):
    """Transformer decoder layer: self-attention, attention over the encoder
    output, feed-forward.

    :meth:`forward` runs a whole (teacher-forced) sequence; :meth:`forward_step`
    runs one new position given the keys/values of the earlier ones
    (incremental decoding), with the same result.

    Args:
        d_model, d_inner, n_head, d_k, d_v, dropout, qkv_bias, act_cfg: As
            :class:`TFEncoderLayer`.
        operation_order: ``('norm', 'self_attn', 'norm', 'enc_dec_attn',
            'norm', 'ffn')`` (pre-norm, the default) or ``('self_attn',
            'norm', 'enc_dec_attn', 'norm', 'ffn', 'norm')`` (post-norm).
    """

    def __init__(self, d_model: int = 512, d_inner: int = 256,
                 n_head: int = 8, d_k: int = 64, d_v: int = 64,
                 dropout: float = 0.1, qkv_bias: bool = False,
                 act_cfg: dict = dict(type='mmcv.GELU'),
                 operation_order: tuple | None = None):
        super().__init__()
        self.operation_order = _order(operation_order, _DEC_ORDERS,
                                      'TFDecoderLayer')
        self.norm1 = nn.LayerNorm(d_model)
        self.norm2 = nn.LayerNorm(d_model)
        self.norm3 = nn.LayerNorm(d_model)
        self.self_attn = MultiHeadAttention(n_head, d_model, d_k, d_v,
                                            dropout=dropout, qkv_bias=qkv_bias)
        self.enc_attn = MultiHeadAttention(n_head, d_model, d_k, d_v,
                                           dropout=dropout, qkv_bias=qkv_bias)
        self.mlp = PositionwiseFeedForward(d_model, d_inner, dropout=dropout,
                                           act_cfg=act_cfg)

    def _layer(self, x: torch.Tensor, self_kv: Callable[[torch.Tensor], KV],
               enc_kv: KV, self_attn_mask: torch.Tensor | None,
               dec_enc_attn_mask: torch.Tensor | None) -> torch.Tensor:
        """The layer on queries ``x``; ``self_kv`` maps the self-attention
        input to its per-head keys and values."""
        if self.operation_order == _DEC_ORDERS[0]:
            h = self.norm1(x)
            x = x + self.self_attn.attend(h, *self_kv(h), self_attn_mask)
            x = x + self.enc_attn.attend(self.norm2(x), *enc_kv,
                                         dec_enc_attn_mask)
            return x + self.mlp(self.norm3(x))
        x = self.norm1(x + self.self_attn.attend(x, *self_kv(x),
                                                 self_attn_mask))
        x = self.norm2(x + self.enc_attn.attend(x, *enc_kv, dec_enc_attn_mask))
        return self.norm3(x + self.mlp(x))

    def forward(self, dec_input: torch.Tensor, enc_output: torch.Tensor,
                self_attn_mask: torch.Tensor | None = None,
                dec_enc_attn_mask: torch.Tensor | None = None) -> torch.Tensor:
        """``dec_input (N, T, d_model)``, ``enc_output (N, L, d_model)``,
        ``self_attn_mask (N, T, T)``, ``dec_enc_attn_mask (N, L)`` ->
        ``(N, T, d_model)``."""
        return self._layer(
            dec_input, lambda h: self.self_attn.project_kv(h, h),
            self.enc_attn.project_kv(enc_output, enc_output), self_attn_mask,
            dec_enc_attn_mask)

    def forward_step(self, x: torch.Tensor, enc_kv: KV,
                     dec_enc_attn_mask: torch.Tensor | None = None,
                     past: KV | None = None) -> tuple[torch.Tensor, KV]:
        """One decoding step.

        Args:
            x: The newest position ``(N, 1, d_model)``.
            enc_kv: ``self.enc_attn.project_kv(enc_output, enc_output)``,
                computed once per sequence.
            dec_enc_attn_mask: ``(N, L)`` valid encoder positions.
            past: The self-attention keys and values of the earlier
                positions ``(N, n_head, t, d)`` (``None`` at the first step).

        Returns:
            The output ``(N, 1, d_model)`` and the keys/values of positions
            ``0..t`` to pass as ``past`` at the next step.
        """
        cache = []

        def self_kv(h: torch.Tensor) -> KV:
            k, v = self.self_attn.project_kv(h, h)
            if past is not None:
                k = torch.cat([past[0], k], dim=2)
                v = torch.cat([past[1], v], dim=2)
            cache.append((k, v))
            return k, v

        out = self._layer(x, self_kv, enc_kv, None, dec_enc_attn_mask)
        return out, cache[0]


_MMCV_ORDERS = (('self_attn', 'norm', 'ffn', 'norm'),
                ('cross_attn', 'norm', 'ffn', 'norm'),
                ('self_attn', 'norm', 'cross_attn', 'norm', 'ffn', 'norm'))


class BaseTransformerLayer(nn.Module):
    """Post-norm transformer layer with the parameter names of mmcv's
    ``BaseTransformerLayer`` (``attentions.<i>.attn`` an
    ``nn.MultiheadAttention``, ``ffns.0.layers``, ``norms.<i>``), as MMOCR
    0.x's ABINet builds it: each operation of ``operation_order`` is followed
    by its residual sum, each ``'norm'`` is a ``LayerNorm``.

    Args:
        operation_order: ``('self_attn', 'norm', 'ffn', 'norm')``,
            ``('cross_attn', 'norm', 'ffn', 'norm')`` or ``('self_attn',
            'norm', 'cross_attn', 'norm', 'ffn', 'norm')``.
        d_model: Features (mmcv's ``embed_dims``).
        n_head: Attention heads.
        d_inner: Hidden features of the feed-forward block.
        dropout: Dropout on the attention weights, after each attention and
            inside the feed-forward block.
    """

    def __init__(self, operation_order: Sequence[str], d_model: int = 512,
                 n_head: int = 8, d_inner: int = 2048, dropout: float = 0.1):
        super().__init__()
        self.operation_order = tuple(operation_order)
        if self.operation_order not in _MMCV_ORDERS:
            raise InvalidValueError(
                'BaseTransformerLayer: operation_order must be one of '
                f'{list(_MMCV_ORDERS)}, got {self.operation_order}')
        if d_model % n_head:
            raise InvalidValueError(f'BaseTransformerLayer: d_model={d_model} '
                                    f'is not divisible by n_head={n_head}')
        num_attn = sum(op.endswith('attn') for op in self.operation_order)
        self.attentions = nn.ModuleList(
            [MMCVMultiheadAttention(d_model, n_head, dropout)
             for _ in range(num_attn)])
        self.dropout = nn.Dropout(dropout)  # mmcv's dropout_layer
        self.ffns = nn.ModuleList(
            [FFN(d_model, d_inner, dropout, add_identity=True)])
        self.norms = nn.ModuleList(
            [nn.LayerNorm(d_model) for _ in range(num_attn + 1)])

    def forward(self, query: torch.Tensor, key: torch.Tensor | None = None,
                attn_mask: torch.Tensor | None = None,
                key_padding_mask: torch.Tensor | None = None) -> torch.Tensor:
        """``query (N, L_q, d_model)``, ``key (N, L_k, d_model)`` (also the
        values; for ``cross_attn``), ``attn_mask (L_q, L_k)`` bool, True
        where a query may not see a key (every attention), and
        ``key_padding_mask (N, L_k)`` bool, True at padded keys (cross
        attention only) -> ``(N, L_q, d_model)``."""
        x, attn_idx, norm_idx = query, 0, 0
        for op in self.operation_order:
            if op == 'norm':
                x = self.norms[norm_idx](x)
                norm_idx += 1
            elif op == 'ffn':
                x = self.ffns[0](x)
            else:
                cross = op == 'cross_attn'
                visible = None if attn_mask is None else ~attn_mask
                if cross and key_padding_mask is not None:
                    keep = ~key_padding_mask[:, None, :]  # (N, 1, L_k)
                    visible = keep if visible is None else visible & keep
                x = x + self.dropout(self.attentions[attn_idx](
                    x, key if cross else x, visible))
                attn_idx += 1
        return x


def get_pad_mask(seq: torch.Tensor, pad_idx: int) -> torch.Tensor:
    """``(N, 1, T)`` bool, False where ``seq (N, T)`` is padding."""
    return (seq != pad_idx).unsqueeze(-2)


def get_subsequent_mask(seq: torch.Tensor) -> torch.Tensor:
    """``(1, T, T)`` bool, True where key ``j <= i`` for query ``i``."""
    length = seq.size(1)
    return torch.ones(length, length, dtype=torch.bool,
                      device=seq.device).tril()[None]
