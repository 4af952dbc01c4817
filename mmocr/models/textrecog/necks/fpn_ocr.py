"""FPN-style neck of segmentation-based recognizers (SegOCR)."""
from __future__ import annotations

from typing import Sequence

import torch
import torch.nn.functional as F
from torch import nn

from mmocr.models.common.layers import ConvModule
from mmocr.models.common.layers.weight_init import BaseModule
from mmocr.registry import NECKS
from mmocr.utils.errors import InvalidValueError

__all__ = ['FPNOCR']


@NECKS.register_module()
class FPNOCR(BaseModule):
    """Top-down feature pyramid for character segmentation.

    Input: ``n`` maps ``(N, in_channels[i], H_i, W_i)``, each twice the size
    of the next (e.g. ResNet-31's stages at 1/2 ... 1/16). Each goes
    through a 1x1 conv-BN-ReLU to ``out_channels`` (``lateral_convs``);
    from the smallest, the running map is upsampled x2 (bilinear),
    concatenated with the next larger lateral map and fused by a 1x1 then a
    3x3 conv-BN-ReLU (``smooth_convs_1x1`` / ``smooth_convs_3x3``).

    Output: a tuple of the ``n - 1`` fused maps ``(N, out_channels, H_i,
    W_i)``, smallest first, or only the last (largest, ``H_0 x W_0``) with
    ``last_stage_only``.

    Args:
        in_channels: Channels of each input map.
        out_channels: Channels of every output map.
        last_stage_only: Return only the largest map.
        init_cfg: mmcv-style initialisation (``None``: PyTorch's default).
    """

    def __init__(self, in_channels: Sequence[int], out_channels: int,
                 last_stage_only: bool = True,
                 init_cfg: dict | list | None = None):
        super().__init__()
        if len(in_channels) < 2:
            raise InvalidValueError(f'FPNOCR needs at least 2 input maps, got '
                                    f'in_channels={list(in_channels)}')
        self.in_channels = list(in_channels)
        self.out_channels = out_channels
        self.num_ins = len(in_channels)
        self.last_stage_only = last_stage_only
        bn = dict(type='BN')
        self.lateral_convs = nn.ModuleList(
            ConvModule(c, out_channels, 1, norm_cfg=bn) for c in in_channels)
        self.smooth_convs_1x1 = nn.ModuleList(
            ConvModule(out_channels * 2, out_channels, 1, norm_cfg=bn)
            for _ in range(self.num_ins - 1))
        self.smooth_convs_3x3 = nn.ModuleList(
            ConvModule(out_channels, out_channels, 3, padding=1, norm_cfg=bn)
            for _ in range(self.num_ins - 1))
        self.setup_init(init_cfg)

    def forward(self, inputs: Sequence[torch.Tensor]
                ) -> tuple[torch.Tensor, ...]:
        if len(inputs) != self.num_ins:
            raise InvalidValueError(f'FPNOCR expects {self.num_ins} maps, got '
                                    f'{len(inputs)}')
        laterals = [conv(x) for conv, x in zip(self.lateral_convs, inputs)]
        outs = []
        last = laterals[-1]
        for i in range(self.num_ins - 2, -1, -1):
            up = F.interpolate(last, scale_factor=2, mode='bilinear')
            last = self.smooth_convs_3x3[i](self.smooth_convs_1x1[i](
                torch.cat((up, laterals[i]), dim=1)))
            outs.append(last)
        return tuple(outs[-1:]) if self.last_stage_only else tuple(outs)
