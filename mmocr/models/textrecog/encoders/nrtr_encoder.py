"""NRTR's transformer encoder."""
from __future__ import annotations

from typing import Sequence

import torch
from torch import nn

from mmocr.models.common.layers import TFEncoderLayer
from mmocr.models.common.valid_steps import get_valid_ratios, valid_steps
from mmocr.registry import ENCODERS
from mmocr.utils.errors import InvalidValueError

from .base_encoder import BaseEncoder

__all__ = ['NRTREncoder', 'valid_mask']


def valid_mask(img_metas: Sequence[dict] | None, batch_size: int,
               length: int, device: torch.device) -> torch.Tensor | None:
    """``(N, length)`` bool: True on the first ``ceil(length * valid_ratio)``
    positions of each image (:func:`~mmocr.models.common.valid_steps.
    valid_steps`), ``None`` without ``img_metas`` (nothing masked)."""
    if img_metas is None:
        return None
    steps = valid_steps(length, get_valid_ratios(img_metas, batch_size))
    return (torch.arange(length, device=device)[None, :]
            < steps.to(device)[:, None])


@ENCODERS.register_module()
class NRTREncoder(BaseEncoder):
    """A stack of :class:`~mmocr.models.common.layers.TFEncoderLayer` over
    the flattened feature map, then layer norm.

    ``feat (N, d_model, H, W)`` -> ``(N, H * W, d_model)`` (row-major
    positions). As in MMOCR 0.x, ``img_metas[i]['valid_ratio']`` masks all
    but the first ``ceil(H * W * valid_ratio)`` positions: the padded columns
    when ``H == 1`` (NRTR's modality transform).

    Args:
        n_layers: Encoder layers.
        n_head, d_k, d_v: Attention heads and their key / value features.
        d_model: Features.
        d_inner: Hidden features of the feed-forward blocks.
        dropout: Dropout.
        qkv_bias, act_cfg, operation_order: Passed to each layer.
    """

    def __init__(self, n_layers: int = 6, n_head: int = 8, d_k: int = 64,
                 d_v: int = 64, d_model: int = 512, d_inner: int = 256,
                 dropout: float = 0.1, qkv_bias: bool = False,
                 act_cfg: dict = dict(type='mmcv.GELU'),
                 operation_order: tuple | None = None,
                 init_cfg: dict | list | None = None):
        super().__init__()
        self.d_model = d_model
        self.layer_stack = nn.ModuleList([
            TFEncoderLayer(d_model, d_inner, n_head, d_k, d_v, dropout=dropout,
                           qkv_bias=qkv_bias, act_cfg=act_cfg,
                           operation_order=operation_order)
            for _ in range(n_layers)
        ])
        self.layer_norm = nn.LayerNorm(d_model)
        self.setup_init(init_cfg)

    def forward(self, feat: torch.Tensor,
                img_metas: Sequence[dict] | None = None) -> torch.Tensor:
        n, c, h, w = feat.size()
        if c != self.d_model:
            raise InvalidValueError(f'NRTREncoder(d_model={self.d_model}) got a '
                                    f'feature map of {c} channels')
        x = feat.reshape(n, c, h * w).permute(0, 2, 1)
        mask = valid_mask(img_metas, n, h * w, feat.device)
        for layer in self.layer_stack:
            x = layer(x, mask)
        return self.layer_norm(x)
