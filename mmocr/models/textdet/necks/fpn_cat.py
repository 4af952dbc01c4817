"""FPNC: DBNet's FPN whose levels are upsampled and concatenated."""
from __future__ import annotations

from typing import Sequence

import torch
import torch.nn.functional as F
from torch import nn

from mmocr.models.common.layers import ConvModule, kaiming_init_conv_bn
from mmocr.models.common.layers.weight_init import BaseModule
from mmocr.registry import NECKS
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

__all__ = ['FPNC', 'ScaleChannelSpatialAttention']


class ScaleChannelSpatialAttention(BaseModule):
    """DBNet++'s scale attention: channel, then spatial, then per-scale
    weights.

    Input ``(N, in_channels, H, W)``; output ``(N, out_channels, H, W)``
    weights in (0, 1), one channel per fused scale.
    """

    def __init__(self, in_channels: int, c_wise_channels: int,
                 out_channels: int,
                 init_cfg: dict | list | None = None):
        super().__init__()
        self.avg_pool = nn.AdaptiveAvgPool2d(1)
        self.channel_wise = nn.Sequential(
            ConvModule(in_channels, c_wise_channels, 1, bias=False,
                       act_cfg=dict(type='ReLU'), inplace=False),
            ConvModule(c_wise_channels, in_channels, 1, bias=False,
                       act_cfg=dict(type='Sigmoid'), inplace=False))
        self.spatial_wise = nn.Sequential(
            ConvModule(1, 1, 3, padding=1, bias=False,
                       act_cfg=dict(type='ReLU'), inplace=False),
            ConvModule(1, 1, 1, bias=False, act_cfg=dict(type='Sigmoid'),
                       inplace=False))
        self.attention_wise = ConvModule(in_channels, out_channels, 1,
                                         bias=False,
                                         act_cfg=dict(type='Sigmoid'),
                                         inplace=False)
        self.setup_init(init_cfg)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.channel_wise(self.avg_pool(x)) + x
        out = self.spatial_wise(out.mean(dim=1, keepdim=True)) + out
        return self.attention_wise(out)


@NECKS.register_module()
class FPNC(BaseModule):
    """FPN-like neck of DBNet, with DBNet++'s adaptive scale fusion (ASF).

    Lateral 1x1 convs bring every input to ``lateral_channels``; a top-down
    pass adds each level to the upsampled coarser one; 3x3 smooth convs give
    ``out_channels`` per level; the levels are upsampled to the finest one and
    concatenated. With ``asf_cfg=dict(attention_type='ScaleChannelSpatial')``
    the concatenation is fused by a 3x3 conv and weighted per scale by
    :class:`ScaleChannelSpatialAttention`.

    Input: a sequence of ``len(in_channels)`` maps ``(N, in_channels[i], Hi,
    Wi)``, finest first. Output ``(N, out_channels * len(in_channels), H0,
    W0)``.
    """

    def __init__(self, in_channels: Sequence[int], lateral_channels: int = 256,
                 out_channels: int = 64, bias_on_lateral: bool = False,
                 bn_re_on_lateral: bool = False, bias_on_smooth: bool = False,
                 bn_re_on_smooth: bool = False, asf_cfg: dict | None = None,
                 conv_after_concat: bool = False, init_cfg=None):
        super().__init__()
        if not isinstance(in_channels, (list, tuple)):
            raise InvalidTypeError(f'in_channels must be a list, got {in_channels!r}')
        self.in_channels = list(in_channels)
        self.lateral_channels = lateral_channels
        self.out_channels = out_channels
        self.num_ins = self.num_outs = len(in_channels)
        self.asf_cfg = asf_cfg
        self.conv_after_concat = conv_after_concat
        bn_relu = dict(norm_cfg=dict(type='BN'), act_cfg=dict(type='ReLU'))
        plain = dict(norm_cfg=None, act_cfg=None)
        self.lateral_convs = nn.ModuleList(
            ConvModule(c, lateral_channels, 1, bias=bias_on_lateral,
                       inplace=False,
                       **(bn_relu if bn_re_on_lateral else plain))
            for c in in_channels)
        self.smooth_convs = nn.ModuleList(
            ConvModule(lateral_channels, out_channels, 3, padding=1,
                       bias=bias_on_smooth, inplace=False,
                       **(bn_relu if bn_re_on_smooth else plain))
            for _ in in_channels)
        cat_channels = out_channels * self.num_outs
        if asf_cfg is not None:
            attention_type = asf_cfg.get('attention_type')
            if attention_type != 'ScaleChannelSpatial':
                raise NotImplementedError(
                    f'FPNC asf_cfg attention_type {attention_type!r} is not '
                    "supported; use 'ScaleChannelSpatial'")
            self.asf_conv = ConvModule(cat_channels, cat_channels, 3,
                                       padding=1, act_cfg=None, inplace=False)
            self.asf_attn = ScaleChannelSpatialAttention(
                cat_channels, cat_channels // 4, self.num_outs)
        if conv_after_concat:
            self.out_conv = ConvModule(cat_channels, cat_channels, 3,
                                       padding=1, inplace=False, **bn_relu)
        self.setup_init(init_cfg)

    def default_init(self) -> None:
        """Kaiming convs; BatchNorm weight 1 and bias 1e-4 (as MMOCR)."""
        kaiming_init_conv_bn(self, bn_bias=1e-4)

    def forward(self, inputs: Sequence[torch.Tensor]) -> torch.Tensor:
        if len(inputs) != self.num_ins:
            raise InvalidValueError(f'FPNC expects {self.num_ins} feature maps, got '
                                    f'{len(inputs)}')
        laterals = [conv(x) for conv, x in zip(self.lateral_convs, inputs)]
        for i in range(self.num_ins - 1, 0, -1):
            laterals[i - 1] = laterals[i - 1] + F.interpolate(
                laterals[i], size=laterals[i - 1].shape[2:], mode='nearest')
        size = laterals[0].shape[2:]
        outs = [F.interpolate(conv(lat), size=size, mode='nearest')
                for conv, lat in zip(self.smooth_convs, laterals)]
        out = torch.cat(outs, dim=1)
        if self.asf_cfg is not None:
            attention = self.asf_attn(self.asf_conv(out))
            out = torch.cat([attention[:, i:i + 1] * feat
                             for i, feat in enumerate(outs)], dim=1)
        if self.conv_after_concat:
            out = self.out_conv(out)
        return out
