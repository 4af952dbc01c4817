"""Prediction head of segmentation-based recognizers (SegOCR)."""
from __future__ import annotations

from typing import Sequence

import torch
import torch.nn.functional as F
from torch import nn

from mmocr.models.common.layers import ConvModule
from mmocr.models.common.layers.weight_init import BaseModule
from mmocr.registry import HEADS
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

__all__ = ['SegHead']


@HEADS.register_module()
class SegHead(BaseModule):
    """A 3x3 conv-BN-ReLU and a 1x1 conv to class logits, optionally
    resized.

    Input: the neck's outputs, a sequence whose last map ``(N,
    in_channels, H, W)`` is used. Output: class logits ``(N, num_classes,
    kH, kW)``, ``k`` set by ``upsample_param`` (1 without it).

    Args:
        in_channels: Channels of the neck's last map.
        num_classes: Output classes (the recognizer passes its convertor's).
        upsample_param: ``F.interpolate`` arguments, e.g.
            ``dict(scale_factor=2.0, mode='nearest')``, or None.
        init_cfg: mmcv-style initialisation (``None``: PyTorch's default).
    """

    def __init__(self, in_channels: int = 128, num_classes: int = 37,
                 upsample_param: dict | None = None,
                 init_cfg: dict | list | None = None):
        super().__init__()
        if not isinstance(num_classes, int) or num_classes <= 0:
            raise InvalidValueError(f'num_classes must be a positive int, got '
                                    f'{num_classes!r}')
        if upsample_param is not None and not isinstance(upsample_param, dict):
            raise InvalidTypeError(f'upsample_param must be a dict or None, got '
                                   f'{upsample_param!r}')
        self.upsample_param = upsample_param
        self.seg_conv = ConvModule(in_channels, in_channels, 3, stride=1,
                                   padding=1, norm_cfg=dict(type='BN'))
        self.pred_conv = nn.Conv2d(in_channels, num_classes, kernel_size=1)
        self.setup_init(init_cfg)

    def forward(self, out_neck: Sequence[torch.Tensor]) -> torch.Tensor:
        seg_map = self.pred_conv(self.seg_conv(out_neck[-1]))
        if self.upsample_param is not None:
            seg_map = F.interpolate(seg_map, **self.upsample_param)
        return seg_map
