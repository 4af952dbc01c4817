"""ResNet-31 variant used by SAR (and NRTR, RobustScanner)."""
from __future__ import annotations

from typing import Sequence

import torch
from torch import nn

from mmocr.models.common.layers import kaiming_init_conv_bn
from mmocr.models.common.layers.weight_init import BaseModule
from mmocr.registry import BACKBONES
from mmocr.utils.errors import InvalidValueError

from ..layers import BasicBlock

__all__ = ['ResNet31OCR']


@BACKBONES.register_module()
class ResNet31OCR(BaseModule):
    """ResNet-31 for text recognition (Li et al., SAR, 2019).

    Two stem convs, then four stages of (max-pool, residual blocks, conv).
    With the defaults, input ``(N, base_channels, H, W)`` gives
    ``(N, 512, H / 8, W / 4)`` (ceil division), e.g. 48x160 -> 6x40.

    Args:
        base_channels: Input image channels.
        layers: Residual blocks in stages 2-5.
        channels: Output channels of the two stem convs (0, 1), of stages
            2-5 (2-5) and of the last conv (6; optional, as in MMOCR 0.x,
            whose last conv keeps ``channels[5]``: NRTR's configs give 6).
        out_indices: Return the outputs of these stages (0-3) as a tuple
            instead of the last feature map.
        stage4_pool_cfg: ``kernel_size``/``stride`` of stage 4's pooling.
        last_stage_pool: Max-pool (2x2) before stage 5 too.
    """

    def __init__(self, base_channels: int = 3,
                 layers: Sequence[int] = (1, 2, 5, 3),
                 channels: Sequence[int] = (64, 128, 256, 256, 512, 512, 512),
                 out_indices: Sequence[int] | None = None,
                 stage4_pool_cfg: dict = dict(kernel_size=(2, 1), stride=(2, 1)),
                 last_stage_pool: bool = False,
                 init_cfg: dict | list | None = None):
        super().__init__()
        if len(layers) != 4 or len(channels) not in (6, 7):
            raise InvalidValueError('ResNet31OCR needs 4 layers and 6 or 7 channels, '
                                    f'got layers={list(layers)}, '
                                    f'channels={list(channels)}')
        if out_indices is not None and not set(out_indices) <= set(range(4)):
            raise InvalidValueError(f'out_indices must be in 0..3, got {out_indices}')
        self.out_indices = out_indices
        self.last_stage_pool = last_stage_pool

        self.conv1_1 = nn.Conv2d(base_channels, channels[0], 3, 1, 1)
        self.bn1_1 = nn.BatchNorm2d(channels[0])
        self.relu1_1 = nn.ReLU(inplace=True)
        self.conv1_2 = nn.Conv2d(channels[0], channels[1], 3, 1, 1)
        self.bn1_2 = nn.BatchNorm2d(channels[1])
        self.relu1_2 = nn.ReLU(inplace=True)

        pools = {
            2: nn.MaxPool2d(2, 2, 0, ceil_mode=True),
            3: nn.MaxPool2d(2, 2, 0, ceil_mode=True),
            4: nn.MaxPool2d(padding=0, ceil_mode=True, **stage4_pool_cfg),
            5: nn.MaxPool2d(2, 2, 0, ceil_mode=True) if last_stage_pool else None,
        }
        for stage in range(2, 6):
            in_ch, out_ch = channels[stage - 1], channels[stage]
            conv_out = channels[-1] if stage == 5 else out_ch
            setattr(self, f'pool{stage}', pools[stage])
            setattr(self, f'block{stage}',
                    self._make_layer(in_ch, out_ch, layers[stage - 2]))
            setattr(self, f'conv{stage}', nn.Conv2d(out_ch, conv_out, 3, 1, 1))
            setattr(self, f'bn{stage}', nn.BatchNorm2d(conv_out))
            setattr(self, f'relu{stage}', nn.ReLU(inplace=True))
        self.setup_init(init_cfg)

    @staticmethod
    def _make_layer(in_channels: int, out_channels: int,
                    blocks: int) -> nn.Sequential:
        layers = []
        for _ in range(blocks):
            downsample = None
            if in_channels != out_channels:
                downsample = nn.Sequential(
                    nn.Conv2d(in_channels, out_channels, 1, 1, bias=False),
                    nn.BatchNorm2d(out_channels))
            layers.append(BasicBlock(in_channels, out_channels,
                                     downsample=downsample))
            in_channels = out_channels
        return nn.Sequential(*layers)

    def default_init(self) -> None:
        """Kaiming convs; BatchNorm weight 1 and bias 0."""
        kaiming_init_conv_bn(self)

    def forward(self, x: torch.Tensor) -> torch.Tensor | tuple[torch.Tensor, ...]:
        if x.dim() != 4:
            raise InvalidValueError(
                f'ResNet31OCR expects (N, C, H, W), got {tuple(x.shape)}')
        x = self.relu1_1(self.bn1_1(self.conv1_1(x)))
        x = self.relu1_2(self.bn1_2(self.conv1_2(x)))
        outs = []
        for stage in range(2, 6):
            pool = getattr(self, f'pool{stage}')
            if pool is not None:
                x = pool(x)
            x = getattr(self, f'block{stage}')(x)
            x = getattr(self, f'conv{stage}')(x)
            x = getattr(self, f'relu{stage}')(getattr(self, f'bn{stage}')(x))
            outs.append(x)
        if self.out_indices is not None:
            return tuple(outs[i] for i in self.out_indices)
        return x
