"""Residual blocks used by the recognition backbones."""
from __future__ import annotations

from typing import Sequence

import torch
from torch import nn

from mmocr.models.common.backbones.resnet import Bottleneck as _ResNetBottleneck
from mmocr.models.common.layers import build_plugin_layer
from mmocr.utils.errors import InvalidValueError

__all__ = ['BasicBlock', 'Bottleneck', 'conv3x3', 'conv1x1']


def conv3x3(in_planes: int, out_planes: int, stride: int = 1) -> nn.Conv2d:
    """3x3 convolution with padding 1 and no bias."""
    return nn.Conv2d(in_planes, out_planes, kernel_size=3, stride=stride,
                     padding=1, bias=False)


def conv1x1(in_planes: int, out_planes: int) -> nn.Conv2d:
    """1x1 convolution without bias."""
    return nn.Conv2d(in_planes, out_planes, kernel_size=1, stride=1, bias=False)


class BasicBlock(nn.Module):
    """ResNet basic block: two convs with BN and ReLU plus a shortcut.

    Input ``(N, inplanes, H, W)``, output ``(N, planes, H/stride, W/stride)``.

    Args:
        inplanes: Input channels.
        planes: Output channels.
        stride: Stride of the first conv (of the second with
            ``use_conv1x1``).
        downsample: Module applied to the input for the shortcut when shapes
            differ.
        use_conv1x1: Make the first conv 1x1 instead of 3x3.
        plugins: MMOCR 0.x's block plugins: a dict or a list of
            ``dict(cfg=<plugin config>, position=...)``, ``position`` one of
            ``'before_conv1'``, ``'after_conv1'``, ``'after_conv2'`` (before
            the shortcut is added; MASTER's ``GCAModule``) or
            ``'after_shortcut'``. Each is built with ``in_channels`` (and
            ``out_channels``) of its position, named by
            :func:`~mmocr.models.common.layers.build_plugin_layer` (a
            ``postfix`` key in ``cfg`` tells apart two of one type). The
            plugins of one position run in order, each on the previous one's
            output.
    """

    _POSITIONS = ('before_conv1', 'after_conv1', 'after_conv2',
                  'after_shortcut')

    expansion = 1

    def __init__(self, inplanes: int, planes: int, stride: int = 1,
                 downsample: nn.Module | None = None,
                 use_conv1x1: bool = False,
                 plugins: dict | Sequence[dict] | None = None):
        super().__init__()
        if use_conv1x1:
            self.conv1 = conv1x1(inplanes, planes)
            self.conv2 = conv3x3(planes, planes * self.expansion, stride)
        else:
            self.conv1 = conv3x3(inplanes, planes, stride)
            self.conv2 = conv3x3(planes, planes * self.expansion)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.bn2 = nn.BatchNorm2d(planes * self.expansion)
        self.downsample = downsample
        self.stride = stride
        self.planes = planes
        self.with_plugins = bool(plugins)
        self.plugin_names: dict[str, list[str]] = {
            position: [] for position in self._POSITIONS}
        if plugins:
            plugins = [plugins] if isinstance(plugins, dict) else plugins
            for plugin in plugins:
                position = plugin.get('position')
                if position not in self._POSITIONS:
                    raise InvalidValueError(
                        f'BasicBlock: plugin position must be one of '
                        f'{list(self._POSITIONS)}, got {position!r}')
                channels = inplanes if position == 'before_conv1' else planes
                cfg = dict(plugin['cfg'])
                name, layer = build_plugin_layer(
                    cfg, postfix=cfg.pop('postfix', ''),
                    in_channels=channels, out_channels=channels)
                if hasattr(self, name):
                    raise InvalidValueError(f'BasicBlock: duplicate plugin {name}; '
                                            'give one a "postfix"')
                self.add_module(name, layer)
                self.plugin_names[position].append(name)

    def forward_plugin(self, x: torch.Tensor, position: str) -> torch.Tensor:
        """Run the plugins at ``position`` on ``x``."""
        for name in self.plugin_names[position]:
            x = getattr(self, name)(x)
        return x

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.forward_plugin(x, 'before_conv1')
        residual = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.forward_plugin(out, 'after_conv1')
        out = self.bn2(self.conv2(out))
        out = self.forward_plugin(out, 'after_conv2')
        out = self.relu(out + residual)
        return self.forward_plugin(out, 'after_shortcut')


class Bottleneck(_ResNetBottleneck):
    """MMOCR 0.x's recognition bottleneck: the ResNet bottleneck (1x1 ->
    3x3 with ``stride`` -> 1x1 to ``4 * planes``, parameters ``conv1-3``,
    ``bn1-3``) whose shortcut, with ``downsample=True``, is a strided 1x1
    conv + BN (``downsample.0``, ``downsample.1``), else the identity.

    Input ``(N, inplanes, H, W)``, output ``(N, 4 * planes, H / stride, W /
    stride)``.
    """

    def __init__(self, inplanes: int, planes: int, stride: int = 1,
                 downsample: bool = False):
        shortcut = nn.Sequential(
            nn.Conv2d(inplanes, planes * self.expansion, 1, stride,
                      bias=False),
            nn.BatchNorm2d(planes * self.expansion)) if downsample else None
        super().__init__(inplanes, planes, stride, downsample=shortcut)
