"""ABINet's transformer encoder over a feature map (MMOCR 0.x's
``TransformerEncoder`` of ``encoders/transformer.py``)."""
from __future__ import annotations

import torch
from torch import nn

from mmocr.models.common.layers import BaseModule, BaseTransformerLayer
from mmocr.models.common.modules import PositionalEncoding
from mmocr.registry import ENCODERS
from mmocr.utils.errors import InvalidValueError

__all__ = ['TransformerEncoder']


@ENCODERS.register_module()
class TransformerEncoder(BaseModule):
    """Self-attention over the flattened feature map: ``(N, d_model, H, W)``
    -> ``(N, d_model, H, W)``, the ``H * W`` positions (at most ``max_len``)
    with a sinusoidal encoding added, then ``n_layers`` post-norm layers
    (mmcv's ``BaseTransformerLayer`` names, ``transformer.<i>``).

    Args:
        n_layers: Number of layers.
        n_head: Attention heads (must divide ``d_model``).
        d_model: Channels of the feature map.
        d_inner: Hidden features of the feed-forward blocks.
        dropout: Dropout rate.
        max_len: Longest flattened map ``H * W``.
        init_cfg: mmcv-style initialisers applied when built and by
            :meth:`init_weights`
            (``None``: PyTorch's initialisation).
    """

    def __init__(self, n_layers: int = 2, n_head: int = 8, d_model: int = 512,
                 d_inner: int = 2048, dropout: float = 0.1,
                 max_len: int = 8 * 32, init_cfg: dict | None = None):
        super().__init__()
        if d_model % n_head:
            raise InvalidValueError(f'TransformerEncoder: d_model={d_model} is '
                                    f'not divisible by n_head={n_head}')
        self.pos_encoder = PositionalEncoding(d_model, n_position=max_len)
        self.transformer = nn.ModuleList([
            BaseTransformerLayer(('self_attn', 'norm', 'ffn', 'norm'),
                                 d_model, n_head, d_inner, dropout)
            for _ in range(n_layers)])
        self.setup_init(init_cfg)

    def forward(self, feature: torch.Tensor, img_metas=None) -> torch.Tensor:
        if feature.size(2) * feature.size(3) > self.pos_encoder.position_table.size(1):
            raise InvalidValueError(
                f'TransformerEncoder: a {feature.size(2)}x{feature.size(3)} '
                f'feature map has more than max_len='
                f'{self.pos_encoder.position_table.size(1)} positions')
        n, c, h, w = feature.shape
        x = self.pos_encoder(feature.flatten(2).transpose(1, 2))
        for layer in self.transformer:
            x = layer(x)
        return x.transpose(1, 2).reshape(n, c, h, w)
