"""MMDetection's Feature Pyramid Network (``mmdet.FPN``)."""
from __future__ import annotations

from typing import Sequence

import torch
import torch.nn.functional as F
from torch import nn

from mmocr.models.common.layers import BaseModule, ConvModule, xavier_init_conv_bn
from mmocr.registry import NECKS
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

__all__ = ['FPN']


@NECKS.register_module()
class FPN(BaseModule):
    """Feature Pyramid Network (https://arxiv.org/abs/1612.03144).

    Input: ``len(in_channels)`` maps ``(N, in_channels[i], Hi, Wi)``, finest
    first. Output: a tuple of ``num_outs`` maps with ``out_channels``
    channels: one per used input level (``start_level`` to ``end_level``),
    then extra levels each downsampled by 2, made by max pooling or, with
    ``add_extra_convs``, by stride-2 3x3 convs on the last input
    (``'on_input'``), lateral (``'on_lateral'``) or output (``'on_output'``).
    ``init_cfg`` (mmcv's) is applied after the own Xavier initialisation
    when built and by ``init_weights``.
    """

    def __init__(self, in_channels: Sequence[int], out_channels: int,
                 num_outs: int, start_level: int = 0, end_level: int = -1,
                 add_extra_convs: bool | str = False,
                 relu_before_extra_convs: bool = False,
                 no_norm_on_lateral: bool = False,
                 conv_cfg: dict | None = None, norm_cfg: dict | None = None,
                 act_cfg: dict | None = None,
                 upsample_cfg: dict = dict(mode='nearest'), init_cfg=None):
        super().__init__()
        if not isinstance(in_channels, (list, tuple)):
            raise InvalidTypeError(f'in_channels must be a list, got {in_channels!r}')
        self.in_channels = list(in_channels)
        self.out_channels = out_channels
        self.num_ins = len(in_channels)
        self.num_outs = num_outs
        self.relu_before_extra_convs = relu_before_extra_convs
        self.upsample_cfg = dict(upsample_cfg)
        if end_level == -1 or end_level == self.num_ins - 1:
            self.backbone_end_level = self.num_ins
        elif 0 <= end_level < self.num_ins:
            self.backbone_end_level = end_level + 1
        else:
            raise InvalidValueError(f'end_level {end_level} out of range for '
                                    f'{self.num_ins} inputs')
        if num_outs < self.backbone_end_level - start_level:
            raise InvalidValueError(f'num_outs={num_outs} is smaller than the '
                                    f'{self.backbone_end_level - start_level} used '
                                    'input levels')
        self.start_level = start_level
        if add_extra_convs is True:
            add_extra_convs = 'on_input'
        if add_extra_convs not in (False, 'on_input', 'on_lateral',
                                   'on_output'):
            raise InvalidValueError(f'invalid add_extra_convs {add_extra_convs!r}')
        self.add_extra_convs = add_extra_convs

        conv_kwargs = dict(conv_cfg=conv_cfg, act_cfg=act_cfg, inplace=False)
        self.lateral_convs = nn.ModuleList(
            ConvModule(self.in_channels[i], out_channels, 1,
                       norm_cfg=None if no_norm_on_lateral else norm_cfg,
                       **conv_kwargs)
            for i in range(start_level, self.backbone_end_level))
        self.fpn_convs = nn.ModuleList(
            ConvModule(out_channels, out_channels, 3, padding=1,
                       norm_cfg=norm_cfg, **conv_kwargs)
            for _ in range(start_level, self.backbone_end_level))
        extra_levels = num_outs - self.backbone_end_level + start_level
        if add_extra_convs:
            for i in range(extra_levels):
                in_ch = (self.in_channels[self.backbone_end_level - 1]
                         if i == 0 and add_extra_convs == 'on_input'
                         else out_channels)
                self.fpn_convs.append(
                    ConvModule(in_ch, out_channels, 3, stride=2, padding=1,
                               norm_cfg=norm_cfg, **conv_kwargs))
        self.setup_init(init_cfg)

    def default_init(self) -> None:
        """Xavier-uniform convs with zero bias (mmdet's default)."""
        xavier_init_conv_bn(self)

    def forward(self, inputs: Sequence[torch.Tensor]) -> tuple[torch.Tensor, ...]:
        if len(inputs) != self.num_ins:
            raise InvalidValueError(f'FPN expects {self.num_ins} feature maps, got '
                                    f'{len(inputs)}')
        laterals = [conv(inputs[i + self.start_level])
                    for i, conv in enumerate(self.lateral_convs)]
        for i in range(len(laterals) - 1, 0, -1):
            if 'scale_factor' in self.upsample_cfg:
                up = F.interpolate(laterals[i], **self.upsample_cfg)
            else:
                up = F.interpolate(laterals[i], size=laterals[i - 1].shape[2:],
                                   **self.upsample_cfg)
            laterals[i - 1] = laterals[i - 1] + up
        used = len(laterals)
        outs = [self.fpn_convs[i](laterals[i]) for i in range(used)]
        if self.num_outs > used:
            if not self.add_extra_convs:
                for _ in range(self.num_outs - used):
                    outs.append(F.max_pool2d(outs[-1], 1, stride=2))
            else:
                source = {
                    'on_input': inputs[self.backbone_end_level - 1],
                    'on_lateral': laterals[-1],
                    'on_output': outs[-1],
                }[self.add_extra_convs]
                outs.append(self.fpn_convs[used](source))
                for i in range(used + 1, self.num_outs):
                    prev = F.relu(outs[-1]) if (
                        self.relu_before_extra_convs) else outs[-1]
                    outs.append(self.fpn_convs[i](prev))
        return tuple(outs)
