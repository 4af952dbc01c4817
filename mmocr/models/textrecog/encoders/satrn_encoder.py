"""SATRN's encoder (Lee et al., 2020)."""
from __future__ import annotations

from typing import Sequence

import torch
from torch import nn

from mmocr.registry import ENCODERS
from mmocr.utils.errors import InvalidValueError

from ..layers.satrn_layers import Adaptive2DPositionalEncoding, SatrnEncoderLayer
from .base_encoder import BaseEncoder
from .nrtr_encoder import valid_mask

__all__ = ['SatrnEncoder']


@ENCODERS.register_module()
class SatrnEncoder(BaseEncoder):
    """Adaptive 2D positional encoding, a stack of
    :class:`~mmocr.models.textrecog.layers.SatrnEncoderLayer`, layer norm.

    ``feat (N, d_model, H, W)`` -> ``(N, H * W, d_model)`` (row-major
    positions). ``img_metas[i]['valid_ratio']`` masks the padded columns
    (all but the first ``ceil(W * valid_ratio)`` of every row).

    As in MMOCR 0.x (whose checkpoints were trained so), the encoded input
    is ``feat + position_enc(feat)``, i.e. ``feat`` counted twice.

    Args:
        n_layers: Encoder layers.
        n_head, d_k, d_v: Attention heads and their key / value features.
        d_model: Features.
        n_position: Largest feature-map height and width.
        d_inner: Hidden channels of the feed-forward blocks.
        dropout: Dropout.
    """

    def __init__(self, n_layers: int = 12, n_head: int = 8, d_k: int = 64,
                 d_v: int = 64, d_model: int = 512, n_position: int = 100,
                 d_inner: int = 256, dropout: float = 0.1,
                 init_cfg: dict | list | None = None):
        super().__init__()
        self.d_model = d_model
        self.position_enc = Adaptive2DPositionalEncoding(
            d_hid=d_model, n_height=n_position, n_width=n_position,
            dropout=dropout)
        self.layer_stack = nn.ModuleList([
            SatrnEncoderLayer(d_model, d_inner, n_head, d_k, d_v,
                              dropout=dropout)
            for _ in range(n_layers)
        ])
        self.layer_norm = nn.LayerNorm(d_model)
        self.setup_init(init_cfg)

    def forward(self, feat: torch.Tensor,
                img_metas: Sequence[dict] | None = None) -> torch.Tensor:
        n, c, h, w = feat.size()
        if c != self.d_model:
            raise InvalidValueError(f'SatrnEncoder(d_model={self.d_model}) got a '
                                    f'feature map of {c} channels')
        feat = feat + self.position_enc(feat)
        mask = valid_mask(img_metas, n, w, feat.device)
        if mask is not None:
            mask = mask[:, None, :].expand(n, h, w).reshape(n, h * w)
        x = feat.reshape(n, c, h * w).permute(0, 2, 1)
        for layer in self.layer_stack:
            x = layer(x, h, w, mask)
        return self.layer_norm(x)
