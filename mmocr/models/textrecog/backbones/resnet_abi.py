"""ABINet's ResNet backbone (MMOCR 0.x's ``ResNetABI``)."""
from __future__ import annotations

from typing import Sequence

import torch
from torch import nn

from mmocr.models.common.layers import BaseModule
from mmocr.registry import BACKBONES
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

from ..layers import BasicBlock

__all__ = ['ResNetABI']


@BACKBONES.register_module()
class ResNetABI(BaseModule):
    """ResNet of ABINet (Fang et al. 2021): a 3x3 stem conv, then one stage
    of ``BasicBlock`` (first conv 1x1) per ``arch_settings`` entry, stage
    ``i`` with ``stem_channels * 2**i`` channels and first-block stride
    ``strides[i]``.

    ``(N, base_channels, H, W)`` -> ``(N, stem_channels * 2**(S - 1), H / s,
    W / s)`` with ``s`` the product of ``strides`` (the defaults map 32x128
    to 512 x 8x32), or a tuple of the stages in ``out_indices``.

    Args:
        base_channels: Input image channels.
        stem_channels: Channels of the stem and of the first stage.
        arch_settings: Number of blocks per stage.
        strides: Stride of each stage's first block.
        out_indices: Stages to return (``None``: the last one only).
        last_stage_pool: Kept from MMOCR 0.x, which stores it unused.
        init_cfg: mmcv-style initialisers applied when built and by
            :meth:`init_weights`.
    """

    def __init__(self, base_channels: int = 3, stem_channels: int = 32,
                 arch_settings: Sequence[int] = (3, 4, 6, 6, 3),
                 strides: Sequence[int] = (2, 1, 2, 1, 1),
                 out_indices: Sequence[int] | None = None,
                 last_stage_pool: bool = False,
                 init_cfg: dict | Sequence[dict] | None = (
                     dict(type='Xavier', layer='Conv2d'),
                     dict(type='Constant', val=1, layer='BatchNorm2d'))):
        super().__init__()
        for name, value in (('base_channels', base_channels),
                            ('stem_channels', stem_channels)):
            if not isinstance(value, int) or value < 1:
                raise InvalidValueError(
                    f'ResNetABI: {name} must be a positive int, got {value!r}')
        for name, value in (('arch_settings', arch_settings),
                            ('strides', strides)):
            if not isinstance(value, (list, tuple)) or not all(
                    isinstance(v, int) and v > 0 for v in value):
                raise InvalidTypeError(f'ResNetABI: {name} must be a list of '
                                       f'positive ints, got {value!r}')
        if len(arch_settings) != len(strides):
            raise InvalidValueError(
                f'ResNetABI: arch_settings {list(arch_settings)} and strides '
                f'{list(strides)} differ in length')
        if out_indices is not None and not isinstance(out_indices,
                                                      (list, tuple)):
            raise InvalidTypeError(f'ResNetABI: out_indices must be a list or '
                                   f'None, got {out_indices!r}')
        if not isinstance(last_stage_pool, bool):
            raise InvalidTypeError(f'ResNetABI: last_stage_pool must be bool, '
                                   f'got {last_stage_pool!r}')
        self.out_indices = out_indices
        self.last_stage_pool = last_stage_pool

        self.conv1 = nn.Conv2d(base_channels, stem_channels, kernel_size=3,
                               stride=1, padding=1)
        self.bn1 = nn.BatchNorm2d(stem_channels)
        self.relu1 = nn.ReLU(inplace=True)
        stages, channels = [], stem_channels
        for i, (blocks, stride) in enumerate(zip(arch_settings, strides)):
            out_channels = stem_channels * 2**i
            stages.append(self._make_layer(channels, out_channels, blocks,
                                           stride))
            channels = out_channels
        self.layers = nn.Sequential(*stages)
        self.setup_init(init_cfg)

    @staticmethod
    def _make_layer(in_channels: int, out_channels: int, blocks: int,
                    stride: int) -> nn.Sequential:
        downsample = None
        if stride != 1 or in_channels != out_channels:
            downsample = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, stride, bias=False),
                nn.BatchNorm2d(out_channels))
        layers = [BasicBlock(in_channels, out_channels, stride=stride,
                             downsample=downsample, use_conv1x1=True)]
        layers += [BasicBlock(out_channels, out_channels, use_conv1x1=True)
                   for _ in range(1, blocks)]
        return nn.Sequential(*layers)

    def forward(self, x: torch.Tensor
                ) -> torch.Tensor | tuple[torch.Tensor, ...]:
        x = self.relu1(self.bn1(self.conv1(x)))
        outs = []
        for layer in self.layers:
            x = layer(x)
            outs.append(x)
        if self.out_indices is not None:
            return tuple(outs[i] for i in self.out_indices)
        return x
