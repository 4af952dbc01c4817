"""Modulated deformable convolution (DCNv2), registered as ``DCNv2``/``DCN``.

Backed by ``torchvision.ops.deform_conv2d``; torchvision is optional, so the
layer raises an ``ImportError`` on construction when it is not installed.
Parameter names follow mmcv's ``ModulatedDeformConv2dPack`` (``weight``,
``bias``, ``conv_offset.weight``, ``conv_offset.bias``) so checkpoints of
MMOCR's DCN models load unchanged.
"""
from __future__ import annotations

import math

import torch
from torch import nn
from torch.nn.modules.utils import _pair

from mmocr.registry import CONV_LAYERS
from mmocr.utils.errors import InvalidValueError

try:
    from torchvision.ops import deform_conv2d
except ImportError:  # torchvision is an optional dependency
    deform_conv2d = None

__all__ = ['ModulatedDeformConv2dPack']


@CONV_LAYERS.register_module(name=['DCNv2', 'DCN'])
class ModulatedDeformConv2dPack(nn.Module):
    """Deformable conv whose offsets and modulation masks are predicted from
    the input by a plain conv (``conv_offset``, zero-initialised so the layer
    starts as a regular conv with mask 0.5).

    Input ``(N, in_channels, H, W)``; output ``(N, out_channels, H', W')``
    with the usual convolution output size.
    """

    def __init__(self, in_channels: int, out_channels: int,
                 kernel_size: int | tuple[int, int], stride=1, padding=0,
                 dilation=1, groups: int = 1, deform_groups: int = 1,
                 bias: bool = True):
        super().__init__()
        if deform_conv2d is None:
            raise ImportError(
                'DCNv2 (conv_cfg/dcn type "DCN"/"DCNv2") needs '
                'torchvision.ops.deform_conv2d, but torchvision is not '
                'installed. Install torchvision matching your torch version, '
                'or remove `dcn=...` from the backbone config.')
        if in_channels % groups or out_channels % groups:
            raise InvalidValueError(f'in_channels ({in_channels}) and out_channels '
                                    f'({out_channels}) must be divisible by groups '
                                    f'({groups})')
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.kernel_size = _pair(kernel_size)
        self.stride = _pair(stride)
        self.padding = _pair(padding)
        self.dilation = _pair(dilation)
        self.groups = groups
        self.deform_groups = deform_groups
        self.weight = nn.Parameter(torch.empty(
            out_channels, in_channels // groups, *self.kernel_size))
        self.bias = nn.Parameter(torch.empty(out_channels)) if bias else None
        kh, kw = self.kernel_size
        self.conv_offset = nn.Conv2d(
            in_channels, deform_groups * 3 * kh * kw, self.kernel_size,
            stride=self.stride, padding=self.padding, dilation=self.dilation,
            bias=True)
        self.init_weights()

    def init_weights(self) -> None:
        fan_in = self.in_channels // self.groups * math.prod(self.kernel_size)
        bound = 1.0 / math.sqrt(fan_in)
        nn.init.uniform_(self.weight, -bound, bound)
        if self.bias is not None:
            nn.init.zeros_(self.bias)
        nn.init.zeros_(self.conv_offset.weight)
        nn.init.zeros_(self.conv_offset.bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.conv_offset(x)
        o1, o2, mask = torch.chunk(out, 3, dim=1)
        offset = torch.cat((o1, o2), dim=1)
        return deform_conv2d(x, offset, self.weight, self.bias,
                             stride=self.stride, padding=self.padding,
                             dilation=self.dilation, mask=torch.sigmoid(mask))
