"""FPEM_FFM: PANet's Feature Pyramid Enhancement and Feature Fusion
Modules."""
from __future__ import annotations

from typing import Sequence

import torch
import torch.nn.functional as F
from torch import nn

from mmocr.models.common.layers import BaseModule, xavier_init_conv_bn
from mmocr.registry import NECKS
from mmocr.utils.errors import InvalidValueError

__all__ = ['FPEM_FFM', 'FPEM', 'SeparableConv2d']


class SeparableConv2d(BaseModule):
    """Depthwise 3x3 conv (``stride``) -> pointwise 1x1 conv -> BN -> ReLU.

    Input ``(N, in_channels, H, W)``; output ``(N, out_channels, H / stride,
    W / stride)``.
    """

    def __init__(self, in_channels: int, out_channels: int, stride: int = 1,
                 init_cfg=None):
        super().__init__()
        self.depthwise_conv = nn.Conv2d(in_channels, in_channels, 3,
                                        stride=stride, padding=1,
                                        groups=in_channels)
        self.pointwise_conv = nn.Conv2d(in_channels, out_channels, 1)
        self.bn = nn.BatchNorm2d(out_channels)
        self.relu = nn.ReLU()
        self.setup_init(init_cfg)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.relu(self.bn(self.pointwise_conv(self.depthwise_conv(x))))


class FPEM(BaseModule):
    """One Feature Pyramid Enhancement Module: an up-scale pass (coarse to
    fine) then a down-scale pass (fine to coarse) over four maps of
    ``in_channels`` channels at strides 4, 8, 16, 32; returns four maps of
    the same shapes."""

    def __init__(self, in_channels: int = 128, init_cfg=None):
        super().__init__()
        self.up_add1 = SeparableConv2d(in_channels, in_channels, 1)
        self.up_add2 = SeparableConv2d(in_channels, in_channels, 1)
        self.up_add3 = SeparableConv2d(in_channels, in_channels, 1)
        self.down_add1 = SeparableConv2d(in_channels, in_channels, 2)
        self.down_add2 = SeparableConv2d(in_channels, in_channels, 2)
        self.down_add3 = SeparableConv2d(in_channels, in_channels, 2)
        self.setup_init(init_cfg)

    @staticmethod
    def _upsample_add(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """``x`` resized (nearest) to ``y``'s size, plus ``y``."""
        return F.interpolate(x, size=y.shape[2:]) + y

    def forward(self, c2: torch.Tensor, c3: torch.Tensor, c4: torch.Tensor,
                c5: torch.Tensor) -> tuple[torch.Tensor, ...]:
        # up-scale enhancement
        c4 = self.up_add1(self._upsample_add(c5, c4))
        c3 = self.up_add2(self._upsample_add(c4, c3))
        c2 = self.up_add3(self._upsample_add(c3, c2))
        # down-scale enhancement (the stride-2 convs halve the size back)
        c3 = self.down_add1(self._upsample_add(c3, c2))
        c4 = self.down_add2(self._upsample_add(c4, c3))
        c5 = self.down_add3(self._upsample_add(c5, c4))
        return c2, c3, c4, c5


@NECKS.register_module()
class FPEM_FFM(BaseModule):
    """PANet's neck (https://arxiv.org/abs/1908.05900): 1x1 conv-BN-ReLU
    reductions of the four backbone levels to ``conv_out`` channels,
    ``fpem_repeat`` cascaded :class:`FPEM` s whose outputs are summed level
    by level, then the Feature Fusion Module: the coarser sums upsampled
    (bilinear) to the finest level.

    Input: four maps ``(N, in_channels[i], Hi, Wi)``, finest first (strides
    4, 8, 16, 32). Output: a tuple of four ``(N, conv_out, H0, W0)`` maps
    (``PANHead`` concatenates them).

    Args:
        in_channels: Channels of the four backbone levels.
        conv_out: Channels of every FPEM level.
        fpem_repeat: Number of cascaded FPEMs.
        align_corners: ``align_corners`` of the final bilinear upsampling.
        init_cfg: mmcv's init config, applied after the neck's own
            initialisation when built and by ``init_weights`` (e.g.
            ``Pretrained``). ``None`` keeps the own one, which is MMOCR 0.x's
            default (Xavier-uniform convs).
    """

    def __init__(self, in_channels: Sequence[int], conv_out: int = 128,
                 fpem_repeat: int = 2, align_corners: bool = False,
                 init_cfg: dict | list | None = None):
        super().__init__()
        if (not isinstance(in_channels, (list, tuple))
                or len(in_channels) != 4
                or not all(isinstance(c, int) for c in in_channels)):
            raise InvalidValueError('FPEM_FFM: in_channels must be a list of 4 ints '
                                    f'(one per backbone level), got {in_channels!r}')
        if not isinstance(fpem_repeat, int) or fpem_repeat < 1:
            raise InvalidValueError('FPEM_FFM: fpem_repeat must be a positive int, '
                                    f'got {fpem_repeat!r}')
        self.in_channels = list(in_channels)
        self.conv_out = conv_out
        self.align_corners = align_corners

        def reduce(c: int) -> nn.Sequential:
            return nn.Sequential(nn.Conv2d(c, conv_out, 1),
                                 nn.BatchNorm2d(conv_out), nn.ReLU())

        self.reduce_conv_c2 = reduce(in_channels[0])
        self.reduce_conv_c3 = reduce(in_channels[1])
        self.reduce_conv_c4 = reduce(in_channels[2])
        self.reduce_conv_c5 = reduce(in_channels[3])
        self.fpems = nn.ModuleList(FPEM(conv_out) for _ in range(fpem_repeat))
        self.setup_init(init_cfg)

    def default_init(self) -> None:
        """Xavier-uniform conv weights, zero biases; BN weight 1, bias 0."""
        xavier_init_conv_bn(self)

    def forward(self, x: Sequence[torch.Tensor]) -> tuple[torch.Tensor, ...]:
        if len(x) != 4:
            raise InvalidValueError(f'FPEM_FFM expects 4 feature maps, got {len(x)}')
        c2, c3, c4, c5 = x
        feats = (self.reduce_conv_c2(c2), self.reduce_conv_c3(c3),
                 self.reduce_conv_c4(c4), self.reduce_conv_c5(c5))
        sums = None
        for fpem in self.fpems:
            feats = fpem(*feats)
            sums = feats if sums is None else tuple(
                s + f for s, f in zip(sums, feats))
        c2_ffm = sums[0]
        size = c2_ffm.shape[-2:]
        ups = [F.interpolate(s, size, mode='bilinear',
                             align_corners=self.align_corners)
               for s in sums[1:]]
        return (c2_ffm, *ups)
