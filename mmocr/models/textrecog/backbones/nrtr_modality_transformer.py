"""NRTR's modality-transform block (Sheng et al., "NRTR", 2019)."""
from __future__ import annotations

import torch
from torch import nn

from mmocr.models.common.layers import kaiming_init_conv_bn
from mmocr.models.common.layers.weight_init import BaseModule
from mmocr.registry import BACKBONES
from mmocr.utils.errors import InvalidValueError

__all__ = ['NRTRModalityTransform']


@BACKBONES.register_module()
class NRTRModalityTransform(BaseModule):
    """Two stride-2 convolutions, then each column's features projected to
    512 channels: an image ``(N, input_channels, input_height, W)`` becomes a
    1-row feature map ``(N, 512, 1, ceil(W / 4))``.

    As in MMOCR 0.x each conv is followed by ReLU, then batch norm; convs are
    Kaiming-initialised, batch-norm weights uniform in [0, 1).

    Args:
        input_channels: Image channels.
        input_height: Image height (the projection has
            ``64 * (input_height // 4)`` inputs).
    """

    def __init__(self, input_channels: int = 3, input_height: int = 32,
                 init_cfg: dict | list | None = None):
        super().__init__()
        if not isinstance(input_height, int) or input_height < 4:
            raise InvalidValueError('NRTRModalityTransform: input_height must be an '
                                    f'int >= 4, got {input_height!r}')
        self.input_height = input_height
        self.conv_1 = nn.Conv2d(input_channels, 32, kernel_size=3, stride=2,
                                padding=1)
        self.relu_1 = nn.ReLU(True)
        self.bn_1 = nn.BatchNorm2d(32)
        self.conv_2 = nn.Conv2d(32, 64, kernel_size=3, stride=2, padding=1)
        self.relu_2 = nn.ReLU(True)
        self.bn_2 = nn.BatchNorm2d(64)
        self.linear = nn.Linear(64 * (input_height // 4), 512)
        self.setup_init(init_cfg)

    def default_init(self) -> None:
        kaiming_init_conv_bn(self)
        for bn in (self.bn_1, self.bn_2):
            nn.init.uniform_(bn.weight)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.bn_1(self.relu_1(self.conv_1(x)))
        x = self.bn_2(self.relu_2(self.conv_2(x)))
        n, c, h, w = x.size()
        if c * h != self.linear.in_features:
            raise InvalidValueError(
                f'NRTRModalityTransform(input_height={self.input_height}) got '
                f'images of height {4 * h} (or close): resize them to '
                f'{self.input_height} or set input_height')
        x = x.permute(0, 3, 2, 1).reshape(n, w, h * c)
        return self.linear(x).permute(0, 2, 1).reshape(n, -1, 1, w)
