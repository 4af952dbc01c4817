"""CRNN's VGG-style backbone."""
from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn

from mmocr.models.common.layers.weight_init import BaseModule
from mmocr.registry import BACKBONES
from mmocr.utils.errors import InvalidValueError

__all__ = ['VeryDeepVgg']

_KERNELS = (3, 3, 3, 3, 3, 3, 2)
_PADDINGS = (1, 1, 1, 1, 1, 1, 0)
_CHANNELS = (64, 128, 256, 256, 512, 512, 512)
_WITH_BN = (False, False, True, False, True, False, True)
# A max-pool after these conv indexes: (kernel, stride, padding).
_POOLS = {0: ((2, 2), (2, 2), (0, 0)), 1: ((2, 2), (2, 2), (0, 0)),
          3: ((2, 2), (2, 1), (0, 1)), 5: ((2, 2), (2, 1), (0, 1))}


@BACKBONES.register_module()
class VeryDeepVgg(BaseModule):
    """Seven convs and four max-pools collapsing the height to 1 (CRNN).

    Input ``(N, input_channels, H, W)``, output
    ``(N, channels[-1], H // 16 - 1, W // 4 + 1)``: a 32-pixel-high image gives height
    1 as CRNN's decoder needs (a 32x100 image gives 26 time steps).

    Args:
        leaky_relu: Use LeakyReLU(0.2) instead of ReLU.
        input_channels: Image channels (1 for grayscale, 3 for colour).
        channels: Output channels of the seven convs (CRNN's by default;
            narrower ones give a compact recognizer).
        with_bn: Which of the seven convs are followed by BatchNorm (CRNN's
            by default).
    """

    def __init__(self, leaky_relu: bool = True, input_channels: int = 3,
                 channels: Sequence[int] = _CHANNELS,
                 with_bn: Sequence[bool] = _WITH_BN,
                 init_cfg: dict | list | None = None):
        super().__init__()
        if len(channels) != len(_CHANNELS) or len(with_bn) != len(_CHANNELS):
            raise InvalidValueError(f'channels and with_bn need {len(_CHANNELS)} '
                                    f'entries, got {len(channels)} and {len(with_bn)}')
        self.channels = list(channels)
        cnn = nn.Sequential()
        in_ch = input_channels
        for i, out_ch in enumerate(self.channels):
            cnn.add_module(f'conv{i}', nn.Conv2d(in_ch, out_ch, _KERNELS[i], 1,
                                                 _PADDINGS[i]))
            if with_bn[i]:
                cnn.add_module(f'batchnorm{i}', nn.BatchNorm2d(out_ch))
            cnn.add_module(f'relu{i}', nn.LeakyReLU(0.2, inplace=True)
                           if leaky_relu else nn.ReLU(inplace=True))
            if i in _POOLS:
                kernel, stride, padding = _POOLS[i]
                cnn.add_module(f'pooling{len([p for p in _POOLS if p < i])}',
                               nn.MaxPool2d(kernel, stride, padding))
            in_ch = out_ch
        self.cnn = cnn
        self.setup_init(init_cfg)

    def default_init(self) -> None:
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.xavier_uniform_(m.weight)
                nn.init.zeros_(m.bias)
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)

    def out_channels(self) -> int:
        return self.channels[-1]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.dim() != 4:
            raise InvalidValueError('VeryDeepVgg expects (N, C, H, W) images, got '
                                    f'{tuple(x.shape)}')
        if x.size(2) < 32 or x.size(3) < 4:
            raise InvalidValueError('VeryDeepVgg needs images at least 32 pixels '
                                    f'high and 4 wide, got {tuple(x.shape)}; resize '
                                    'them with ResizeOCR(height=32, min_width=...)')
        return self.cnn(x)
