"""Residual blocks used by the recognition backbones."""
from __future__ import annotations

import torch
from torch import nn

__all__ = ['BasicBlock', 'conv3x3', 'conv1x1']


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
    """

    expansion = 1

    def __init__(self, inplanes: int, planes: int, stride: int = 1,
                 downsample: nn.Module | None = None,
                 use_conv1x1: bool = False):
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

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        residual = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + residual)
