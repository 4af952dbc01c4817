"""ConvNextViT's transformer encoder (ModelScope's ViTSTR part): a ViT with
1x1 patches over the columns of a height-1 backbone map."""
from __future__ import annotations

from typing import Sequence

import torch
from torch import nn

from mmocr.models.common.layers import TFEncoderLayer
from mmocr.models.common.valid_steps import get_valid_ratios, valid_steps
from mmocr.registry import ENCODERS
from mmocr.utils.errors import InvalidValueError

from .base_encoder import BaseEncoder

__all__ = ['ConvNextViTEncoder']


@ENCODERS.register_module()
class ConvNextViTEncoder(BaseEncoder):
    """Context over the columns of a text line's feature map.

    Input ``feat (N, in_channels, 1, T)`` (the backbone's map, one row);
    output ``(N, d_model, 1, T)``. The columns are projected to ``d_model``
    (``patch_embed``, a 1x1 conv: ViT's patch embedding with patch size 1),
    a learned position embedding ``pos_embed`` of the first ``T`` of
    ``max_seq_len`` positions is added, ``n_layers`` pre-norm
    :class:`~mmocr.models.common.layers.TFEncoderLayer` (GELU) follow, then
    a final ``norm``. Columns past ``ceil(T * img_metas[i]['valid_ratio'])``
    (batch padding) are hidden from attention, so a line reads the same
    alone or padded in a batch.

    Args:
        in_channels: Channels of ``feat`` (the backbone's last ``dims``).
        d_model: Features of the transformer.
        n_layers: Encoder layers.
        n_head: Attention heads (``d_model / n_head`` features each).
        d_inner: Hidden features of the feed-forward blocks.
        dropout: Dropout in attention and feed-forward.
        max_seq_len: Most columns ``T`` (length of ``pos_embed``): a
            32-pixel line of width ``W`` has ``W / 4`` columns with
            ConvNextViT's backbone.
    """

    def __init__(self, in_channels: int = 512, d_model: int = 192,
                 n_layers: int = 12, n_head: int = 3, d_inner: int = 768,
                 dropout: float = 0., max_seq_len: int = 256):
        super().__init__()
        if d_model % n_head:
            raise InvalidValueError(f'ConvNextViTEncoder: d_model={d_model} is '
                                    f'not divisible by n_head={n_head}')
        if max_seq_len < 1:
            raise InvalidValueError('ConvNextViTEncoder: max_seq_len must be >= 1, '
                                    f'got {max_seq_len}')
        self.in_channels = in_channels
        self.patch_embed = nn.Conv2d(in_channels, d_model, kernel_size=1)
        self.pos_embed = nn.Parameter(torch.zeros(1, max_seq_len, d_model))
        d_head = d_model // n_head
        self.layers = nn.ModuleList([
            TFEncoderLayer(d_model, d_inner, n_head, d_head, d_head,
                           dropout=dropout, qkv_bias=True)
            for _ in range(n_layers)])
        self.norm = nn.LayerNorm(d_model, eps=1e-6)
        nn.init.trunc_normal_(self.pos_embed, std=.02)

    def forward(self, feat: torch.Tensor,
                img_metas: Sequence[dict] | None = None) -> torch.Tensor:
        if feat.dim() != 4 or feat.size(1) != self.in_channels or \
                feat.size(2) != 1:
            raise InvalidValueError(
                f'ConvNextViTEncoder needs a one-row feature map (N, '
                f'{self.in_channels}, 1, T), got {tuple(feat.shape)}: resize '
                'images to the height the backbone reduces to 1 (32 pixels '
                'for ConvNextViT)')
        num_steps = feat.size(3)
        if num_steps > self.pos_embed.size(1):
            raise InvalidValueError(
                f'ConvNextViTEncoder: {num_steps} columns exceed max_seq_len='
                f'{self.pos_embed.size(1)}; resize lines narrower (ResizeOCR '
                'max_width) or raise max_seq_len')
        x = self.patch_embed(feat).flatten(2).transpose(1, 2)  # (N, T, D)
        x = x + self.pos_embed[:, :num_steps]
        steps = valid_steps(num_steps, get_valid_ratios(img_metas, x.size(0))
                            ).to(x.device)
        mask = torch.arange(num_steps, device=x.device)[None] < steps[:, None]
        for layer in self.layers:
            x = layer(x, mask)
        return self.norm(x).transpose(1, 2).unsqueeze(2)
