"""FPNF: PSENet's FPN whose smoothed levels are fused into one map."""
from __future__ import annotations

from typing import Sequence

import torch
import torch.nn.functional as F
from torch import nn

from mmocr.models.common.layers import BaseModule, ConvModule, xavier_init_conv_bn
from mmocr.registry import NECKS
from mmocr.utils.errors import InvalidValueError

__all__ = ['FPNF']


@NECKS.register_module()
class FPNF(BaseModule):
    """PSENet's neck (https://arxiv.org/abs/1903.12473), as MMOCR 0.x.

    1x1 conv-BN-ReLU laterals (``lateral_convs``) bring every level to
    ``out_channels``; a top-down pass adds each level to the nearest-upsampled
    coarser one and smooths the sum with a 3x3 conv-BN-ReLU (``fpn_convs``,
    one per level but the coarsest); the levels are upsampled (nearest) to
    the finest one, concatenated (``'concat'``) or summed (``'add'``), and
    fused by a 3x3 conv-BN-ReLU (``output_convs``).

    Input: ``len(in_channels)`` maps ``(N, in_channels[i], Hi, Wi)``, finest
    first. Output: one ``(N, out_channels, H0, W0)`` map.

    Args:
        in_channels: Channels of each backbone level.
        out_channels: Channels of every level and of the output.
        fusion_type: ``'concat'`` or ``'add'``.
        init_cfg: mmcv's init config, applied after the neck's own
            initialisation when built and by ``init_weights`` (e.g.
            ``Pretrained``). ``None`` keeps the own one, which is MMOCR 0.x's
            default (Xavier-uniform convs, BN weight 1, bias 0).
    """

    def __init__(self, in_channels: Sequence[int] = (256, 512, 1024, 2048),
                 out_channels: int = 256, fusion_type: str = 'concat',
                 init_cfg: dict | list | None = None):
        super().__init__()
        if (not isinstance(in_channels, (list, tuple)) or not in_channels
                or not all(isinstance(c, int) for c in in_channels)):
            raise InvalidValueError('FPNF: in_channels must be a non-empty list of '
                                    f'ints, got {in_channels!r}')
        if not isinstance(out_channels, int) or out_channels < 1:
            raise InvalidValueError('FPNF: out_channels must be a positive int, got '
                                    f'{out_channels!r}')
        if fusion_type not in ('concat', 'add'):
            raise InvalidValueError("FPNF: fusion_type must be 'concat' or 'add', "
                                    f'got {fusion_type!r}')
        self.in_channels = list(in_channels)
        self.out_channels = out_channels
        self.fusion_type = fusion_type
        self.backbone_end_level = len(in_channels)

        def conv_bn_relu(c_in: int, kernel_size: int) -> ConvModule:
            return ConvModule(c_in, out_channels, kernel_size,
                              padding=kernel_size // 2,
                              norm_cfg=dict(type='BN'),
                              act_cfg=dict(type='ReLU'), inplace=False)

        self.lateral_convs = nn.ModuleList(
            conv_bn_relu(c, 1) for c in in_channels)
        self.fpn_convs = nn.ModuleList(
            conv_bn_relu(out_channels, 3) for _ in in_channels[:-1])
        # MMOCR 0.x hard-codes 1024 / 256 input channels: the values for
        # its 4 levels of 256 channels.
        fused = (out_channels * len(in_channels)
                 if fusion_type == 'concat' else out_channels)
        self.output_convs = conv_bn_relu(fused, 3)
        self.setup_init(init_cfg)

    def default_init(self) -> None:
        """Xavier-uniform conv weights, zero biases; BN weight 1, bias 0."""
        xavier_init_conv_bn(self)

    def forward(self, inputs: Sequence[torch.Tensor]) -> torch.Tensor:
        if len(inputs) != len(self.in_channels):
            raise InvalidValueError(f'FPNF expects {len(self.in_channels)} feature '
                                    f'maps, got {len(inputs)}')
        laterals = [conv(x) for conv, x in zip(self.lateral_convs, inputs)]
        for i in range(len(laterals) - 1, 0, -1):
            up = F.interpolate(laterals[i], size=laterals[i - 1].shape[2:],
                               mode='nearest')
            laterals[i - 1] = self.fpn_convs[i - 1](laterals[i - 1] + up)
        size = laterals[0].shape[2:]
        levels = [laterals[0]] + [
            F.interpolate(lat, size=size, mode='nearest')
            for lat in laterals[1:]]
        if self.fusion_type == 'concat':
            fused = torch.cat(levels, dim=1)
        else:
            fused = torch.stack(levels).sum(0)
        return self.output_convs(fused)
