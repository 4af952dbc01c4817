"""SATRN's encoder layer, locality-aware feed-forward and adaptive 2D
positional encoding (Lee et al., 2020)."""
from __future__ import annotations

import torch
from torch import nn

from mmocr.models.common.layers import ConvModule
from mmocr.models.common.layers.weight_init import BaseModule
from mmocr.models.common.modules import MultiHeadAttention, sinusoid_encoding_table
from mmocr.utils.errors import InvalidValueError

__all__ = ['SatrnEncoderLayer', 'LocalityAwareFeedforward',
           'Adaptive2DPositionalEncoding']


class SatrnEncoderLayer(BaseModule):
    """Pre-norm self-attention over the ``h * w`` positions, then a pre-norm
    :class:`LocalityAwareFeedforward` on the ``(h, w)`` map, each with a
    residual.

    Args:
        d_model: Features.
        d_inner: Hidden channels of the feed-forward block.
        n_head, d_k, d_v: Attention heads and their key / value features.
        dropout: Attention dropout.
        qkv_bias: Bias in the attention projections.
    """

    def __init__(self, d_model: int = 512, d_inner: int = 512,
                 n_head: int = 8, d_k: int = 64, d_v: int = 64,
                 dropout: float = 0.1, qkv_bias: bool = False,
                 init_cfg: dict | list | None = None):
        super().__init__()
        self.norm1 = nn.LayerNorm(d_model)
        self.attn = MultiHeadAttention(n_head, d_model, d_k, d_v,
                                       qkv_bias=qkv_bias, dropout=dropout)
        self.norm2 = nn.LayerNorm(d_model)
        self.feed_forward = LocalityAwareFeedforward(d_model, d_inner,
                                                     dropout=dropout)
        self.setup_init(init_cfg)

    def forward(self, x: torch.Tensor, h: int, w: int,
                mask: torch.Tensor | None = None) -> torch.Tensor:
        """``x (N, h * w, d_model)`` (row-major positions), ``mask (N, h *
        w)`` (1 = valid) -> ``(N, h * w, d_model)``."""
        n, hw, c = x.size()
        y = self.norm1(x)
        x = x + self.attn(y, y, y, mask)
        y = self.norm2(x).transpose(1, 2).reshape(n, c, h, w)
        return x + self.feed_forward(y).reshape(n, c, hw).transpose(1, 2)


class LocalityAwareFeedforward(BaseModule):
    """1x1 conv, 3x3 depth-wise conv, 1x1 conv, each with BN and ReLU:
    ``(N, d_in, H, W)`` -> ``(N, d_in, H, W)``.

    Convs are Xavier-initialised, batch norms weight 1 and bias 0 (MMOCR
    0.x's ``init_cfg``).

    Args:
        d_in: Input and output channels.
        d_hid: Hidden channels.
        dropout: Accepted as in MMOCR 0.x, which does not use it either.
    """

    def __init__(self, d_in: int, d_hid: int, dropout: float = 0.1,
                 init_cfg: dict | list | None = None):
        super().__init__()
        common = dict(bias=False, norm_cfg=dict(type='BN'),
                      act_cfg=dict(type='ReLU'))
        self.conv1 = ConvModule(d_in, d_hid, kernel_size=1, padding=0,
                                **common)
        self.depthwise_conv = ConvModule(d_hid, d_hid, kernel_size=3,
                                         padding=1, groups=d_hid, **common)
        self.conv2 = ConvModule(d_hid, d_in, kernel_size=1, padding=0,
                                **common)
        self.setup_init(init_cfg)

    def default_init(self) -> None:
        for block in (self.conv1, self.depthwise_conv, self.conv2):
            nn.init.xavier_normal_(block.conv.weight)
            nn.init.ones_(block.bn.weight)
            nn.init.zeros_(block.bn.bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv2(self.depthwise_conv(self.conv1(x)))


class Adaptive2DPositionalEncoding(BaseModule):
    """``dropout(x + s_h * P_h + s_w * P_w)``: sinusoidal row (``P_h``) and
    column (``P_w``) encodings, each scaled per channel by a gate (``s_h``,
    ``s_w``) computed from the average-pooled input.

    Input and output ``(N, d_hid, H, W)`` with ``H <= n_height``, ``W <=
    n_width``. The tables are the buffers ``h_position_encoder`` ``(1,
    d_hid, n_height, 1)`` and ``w_position_encoder`` ``(1, d_hid, 1,
    n_width)`` (in the state dict, as in MMOCR 0.x); the gates are
    ``h_scale`` / ``w_scale`` (1x1 conv, ReLU, 1x1 conv, sigmoid;
    Xavier-initialised).

    Args:
        d_hid: Channels.
        n_height: Largest feature-map height.
        n_width: Largest feature-map width.
        dropout: Dropout on the output.
    """

    def __init__(self, d_hid: int = 512, n_height: int = 100,
                 n_width: int = 100, dropout: float = 0.1,
                 init_cfg: dict | list | None = None):
        super().__init__()
        self.register_buffer(
            'h_position_encoder',
            sinusoid_encoding_table(n_height, d_hid).t().reshape(
                1, d_hid, n_height, 1).contiguous())
        self.register_buffer(
            'w_position_encoder',
            sinusoid_encoding_table(n_width, d_hid).t().reshape(
                1, d_hid, 1, n_width).contiguous())
        self.h_scale = self.scale_factor_generate(d_hid)
        self.w_scale = self.scale_factor_generate(d_hid)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.dropout = nn.Dropout(p=dropout)
        self.setup_init(init_cfg)

    @staticmethod
    def scale_factor_generate(d_hid: int) -> nn.Sequential:
        """The per-channel gate ``(N, d_hid, 1, 1)`` -> ``(N, d_hid, 1, 1)``
        in (0, 1)."""
        gate = nn.Sequential(nn.Conv2d(d_hid, d_hid, kernel_size=1),
                             nn.ReLU(inplace=True),
                             nn.Conv2d(d_hid, d_hid, kernel_size=1),
                             nn.Sigmoid())
        for conv in (gate[0], gate[2]):
            nn.init.xavier_normal_(conv.weight)
            nn.init.zeros_(conv.bias)
        return gate

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        _, _, h, w = x.size()
        max_h, max_w = (self.h_position_encoder.size(2),
                        self.w_position_encoder.size(3))
        if h > max_h or w > max_w:
            raise InvalidValueError(
                f'Adaptive2DPositionalEncoding: a {h}x{w} feature map exceeds '
                f'n_height x n_width = {max_h}x{max_w}; raise n_position')
        pooled = self.pool(x)
        out = (x + self.h_scale(pooled) * self.h_position_encoder[:, :, :h]
               + self.w_scale(pooled) * self.w_position_encoder[:, :, :, :w])
        return self.dropout(out)
