"""Transformer building blocks (MMOCR 0.x's ``mmocr.models.common.modules``):
attention, feed-forward and sinusoidal positional encoding.

Masks follow MMOCR 0.x: a mask holds 1 (or True) where a key may be attended
and 0 (False) where it may not; it is ``(N, L_k)`` (the same keys for every
query) or ``(N, L_q, L_k)``, and is broadcast over the heads.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from mmocr.models.common.layers.conv_module import build_activation_layer
from mmocr.utils.errors import InvalidValueError

__all__ = ['ScaledDotProductAttention', 'MultiHeadAttention',
           'PositionwiseFeedForward', 'PositionalEncoding', 'FFN',
           'MMCVMultiheadAttention',
           'sinusoid_encoding_table']


def sinusoid_encoding_table(n_position: int, d_hid: int) -> torch.Tensor:
    """``(n_position, d_hid)`` float32 table of the Transformer's fixed
    encoding: ``sin`` on even and ``cos`` on odd channels of
    ``pos / 10000 ** (2 * (j // 2) / d_hid)``."""
    exponent = 2 * (torch.arange(d_hid, dtype=torch.float64) // 2) / d_hid
    inv_freq = (1.0 / torch.pow(10000.0, exponent)).float()
    table = torch.arange(n_position, dtype=torch.float32)[:, None] * inv_freq
    table[:, 0::2] = torch.sin(table[:, 0::2])
    table[:, 1::2] = torch.cos(table[:, 1::2])
    return table


class ScaledDotProductAttention(nn.Module):
    """``softmax(q k^T / temperature) v`` with masked keys left out.

    Args:
        temperature: The divisor of the scores (``sqrt(d_k)``).
        attn_dropout: Dropout on the attention weights.
    """

    def __init__(self, temperature: float, attn_dropout: float = 0.1):
        super().__init__()
        self.temperature = temperature
        self.dropout = nn.Dropout(attn_dropout)

    def forward(self, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor,
                mask: torch.Tensor | None = None
                ) -> tuple[torch.Tensor, torch.Tensor]:
        """``q (N, H, L_q, d_k)``, ``k (N, H, L_k, d_k)``, ``v (N, H, L_k,
        d_v)``, ``mask`` broadcastable to ``(N, H, L_q, L_k)`` -> output
        ``(N, H, L_q, d_v)`` and weights ``(N, H, L_q, L_k)``."""
        scores = torch.matmul(q / self.temperature, k.transpose(2, 3))
        if mask is not None:
            scores = scores.masked_fill(mask == 0, float('-inf'))
        attn = self.dropout(F.softmax(scores, dim=-1))
        return torch.matmul(attn, v), attn


class MultiHeadAttention(nn.Module):
    """Multi-head attention with MMOCR 0.x's parameter names (``linear_q``,
    ``linear_k``, ``linear_v``, ``fc``).

    ``forward(q, k, v, mask)`` takes ``(N, L, d_model)`` inputs and returns
    ``(N, L_q, d_model)``. Incremental decoders call :meth:`project_kv` once
    per key/value and :meth:`attend` per query.

    Args:
        n_head: Number of heads.
        d_model: Input and output features.
        d_k: Features per head of queries and keys.
        d_v: Features per head of values.
        dropout: Dropout on the attention weights and on the output.
        qkv_bias: Bias in the four projections.
    """

    def __init__(self, n_head: int = 8, d_model: int = 512, d_k: int = 64,
                 d_v: int = 64, dropout: float = 0.1, qkv_bias: bool = False):
        super().__init__()
        for name, value in (('n_head', n_head), ('d_model', d_model),
                            ('d_k', d_k), ('d_v', d_v)):
            if not isinstance(value, int) or value < 1:
                raise InvalidValueError(f'MultiHeadAttention: {name} must be a '
                                        f'positive int, got {value!r}')
        self.n_head = n_head
        self.d_k = d_k
        self.d_v = d_v
        self.dim_k = n_head * d_k
        self.dim_v = n_head * d_v
        # As in MMOCR 0.x, the projections map dim_k -> dim_k: d_model must
        # equal n_head * d_k (and n_head * d_v) for inputs of d_model.
        self.linear_q = nn.Linear(self.dim_k, self.dim_k, bias=qkv_bias)
        self.linear_k = nn.Linear(self.dim_k, self.dim_k, bias=qkv_bias)
        self.linear_v = nn.Linear(self.dim_v, self.dim_v, bias=qkv_bias)
        self.attention = ScaledDotProductAttention(d_k**0.5, dropout)
        self.fc = nn.Linear(self.dim_v, d_model, bias=qkv_bias)
        self.proj_drop = nn.Dropout(dropout)

    def _heads(self, x: torch.Tensor, linear: nn.Linear,
               size: int) -> torch.Tensor:
        """``(N, L, D)`` -> projected ``(N, n_head, L, size)``."""
        n, length, _ = x.size()
        return linear(x).view(n, length, self.n_head, size).transpose(1, 2)

    def project_kv(self, k: torch.Tensor,
                   v: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Keys ``(N, L_k, D)`` and values ``(N, L_k, D)`` -> per-head
        ``(N, n_head, L_k, d_k)`` and ``(N, n_head, L_k, d_v)``."""
        return (self._heads(k, self.linear_k, self.d_k),
                self._heads(v, self.linear_v, self.d_v))

    def attend(self, q: torch.Tensor, k_heads: torch.Tensor,
               v_heads: torch.Tensor,
               mask: torch.Tensor | None = None) -> torch.Tensor:
        """Queries ``(N, L_q, D)`` over keys/values from :meth:`project_kv`;
        ``mask`` ``(N, L_k)`` or ``(N, L_q, L_k)``. Returns ``(N, L_q,
        d_model)``."""
        n, len_q, _ = q.size()
        q_heads = self._heads(q, self.linear_q, self.d_k)
        if mask is not None:
            if mask.dim() == 2:
                mask = mask[:, None, None, :]
            elif mask.dim() == 3:
                mask = mask[:, None]
            else:
                raise InvalidValueError('MultiHeadAttention: mask must be (N, L_k) '
                                        f'or (N, L_q, L_k), got {tuple(mask.shape)}')
        out, _ = self.attention(q_heads, k_heads, v_heads, mask=mask)
        out = out.transpose(1, 2).contiguous().view(n, len_q, self.dim_v)
        return self.proj_drop(self.fc(out))

    def forward(self, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor,
                mask: torch.Tensor | None = None) -> torch.Tensor:
        return self.attend(q, *self.project_kv(k, v), mask)


class PositionwiseFeedForward(nn.Module):
    """``w_2(act(w_1(x)))`` with dropout, on ``(..., d_in)`` inputs.

    Args:
        d_in: Input and output features.
        d_hid: Hidden features.
        dropout: Dropout on the output.
        act_cfg: The activation (``dict(type='ReLU')``, ``'GELU'``...).
    """

    def __init__(self, d_in: int, d_hid: int, dropout: float = 0.1,
                 act_cfg: dict = dict(type='ReLU')):
        super().__init__()
        self.w_1 = nn.Linear(d_in, d_hid)
        self.w_2 = nn.Linear(d_hid, d_in)
        self.act = build_activation_layer(act_cfg)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.dropout(self.w_2(self.act(self.w_1(x))))


class PositionalEncoding(nn.Module):
    """Adds the fixed sinusoidal encoding to ``(N, L, d_hid)`` sequences.

    The table is the buffer ``position_table`` ``(1, n_position, d_hid)``
    (in the state dict, as in MMOCR 0.x).

    Args:
        d_hid: Features.
        n_position: Longest sequence.
        dropout: Dropout on the sum (MMOCR 0.x's ``dropout``, default 0).
    """

    def __init__(self, d_hid: int = 512, n_position: int = 200,
                 dropout: float = 0.):
        super().__init__()
        self.dropout = nn.Dropout(p=dropout)
        self.register_buffer('position_table',
                             sinusoid_encoding_table(n_position, d_hid)[None])

    def forward(self, x: torch.Tensor, offset: int = 0) -> torch.Tensor:
        """``x (N, L, d_hid)`` plus the encoding of positions ``offset`` to
        ``offset + L - 1`` (``offset`` > 0 for incremental decoding)."""
        end = offset + x.size(1)
        if end > self.position_table.size(1):
            raise InvalidValueError(
                f'PositionalEncoding: position {end - 1} is beyond '
                f'n_position={self.position_table.size(1)}; raise n_position '
                'above max_seq_len')
        return self.dropout(x + self.position_table[:, offset:end].detach())



class FFN(nn.Module):
    """mmcv's ``FFN`` (two layers, ReLU) with its parameter names: ``layers
    = [[Linear, ReLU, Dropout], Linear, Dropout]`` on ``(..., d_model)``.

    ``forward(x)`` returns ``layers(x)``, plus ``x`` with ``add_identity``
    (mmcv's default, used by its ``BaseTransformerLayer``).

    Args:
        d_model: Input and output features (mmcv's ``embed_dims``).
        d_inner: Hidden features (``feedforward_channels``).
        ffn_drop: Dropout after each layer.
        add_identity: Add the input to the output.
    """

    def __init__(self, d_model: int, d_inner: int, ffn_drop: float = 0.,
                 add_identity: bool = False):
        super().__init__()
        self.add_identity = add_identity
        self.layers = nn.Sequential(
            nn.Sequential(nn.Linear(d_model, d_inner), nn.ReLU(inplace=True),
                          nn.Dropout(ffn_drop)),
            nn.Linear(d_inner, d_model), nn.Dropout(ffn_drop))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.layers(x)
        return x + out if self.add_identity else out


class MMCVMultiheadAttention(nn.Module):
    """Multi-head attention stored as mmcv's ``MultiheadAttention`` (an
    ``nn.MultiheadAttention`` named ``attn``: ``attn.in_proj_weight``,
    ``attn.in_proj_bias``, ``attn.out_proj``), computed here: keys and values
    can be projected once and cached (:meth:`project_kv`, :meth:`attend`),
    and the graph exports to ONNX (the module's fused kernel does not). No
    residual: the layers using it add their own.

    ``forward(query (N, L_q, D), key (N, L_k, D), mask)`` -> ``(N, L_q, D)``
    (the keys are also the values).

    Args:
        d_model: Features ``D`` (mmcv's ``embed_dims``).
        n_head: Heads (must divide ``d_model``).
        attn_drop: Dropout on the attention weights.
    """

    def __init__(self, d_model: int, n_head: int, attn_drop: float = 0.):
        super().__init__()
        self.attn = nn.MultiheadAttention(d_model, n_head, dropout=attn_drop,
                                          batch_first=True)
        self.n_head = n_head
        self.attn_drop = attn_drop

    def _proj(self, x: torch.Tensor, part: int) -> torch.Tensor:
        """Project ``(N, L, D)`` with the ``part``-th (q, k, v) slice of
        ``in_proj`` into heads ``(N, n_head, L, D / n_head)``."""
        d = x.size(-1)
        weight = self.attn.in_proj_weight[part * d:(part + 1) * d]
        bias = self.attn.in_proj_bias[part * d:(part + 1) * d]
        n, length, _ = x.shape
        return F.linear(x, weight, bias).view(
            n, length, self.n_head, d // self.n_head).transpose(1, 2)

    def project_kv(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Keys and values of ``x (N, L, D)``, per head."""
        return self._proj(x, 1), self._proj(x, 2)

    def attend(self, query: torch.Tensor,
               kv: tuple[torch.Tensor, torch.Tensor],
               mask: torch.Tensor | None = None) -> torch.Tensor:
        """``query (N, L_q, D)`` over ``kv`` from :meth:`project_kv`;
        ``mask`` bool ``(L_q, L_k)`` or ``(N, L_q, L_k)``, True where a key
        may be seen. Returns ``(N, L_q, D)``."""
        q = self._proj(query, 0)
        k, v = kv
        scores = torch.matmul(q, k.transpose(2, 3)) / math.sqrt(q.size(-1))
        if mask is not None:
            scores = scores.masked_fill(
                ~(mask[:, None] if mask.dim() == 3 else mask), float('-inf'))
        weights = F.dropout(F.softmax(scores, dim=-1), self.attn_drop,
                            self.training)
        n, _, len_q, _ = q.shape
        out = torch.matmul(weights, v).transpose(1, 2).reshape(n, len_q, -1)
        return self.attn.out_proj(out)

    def forward(self, query: torch.Tensor, key: torch.Tensor,
                mask: torch.Tensor | None = None) -> torch.Tensor:
        return self.attend(query, self.project_kv(key), mask)
