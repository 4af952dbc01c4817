"""EAST's head: a score map and RBOX or QUAD geometry."""
from __future__ import annotations

import math
from typing import Sequence

import torch
from torch import nn

from mmocr.registry import HEADS
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

from .base_head import BaseTextDetHead

__all__ = ['EASTHead']

# Geometry channels of each geometry type.
_GEO_CHANNELS = {'RBOX': 5, 'QUAD': 8}


@HEADS.register_module()
class EASTHead(BaseTextDetHead):
    """Head of EAST (Zhou et al., "EAST: An Efficient and Accurate Scene Text
    Detector", CVPR 2017, https://arxiv.org/abs/1704.03155): 1x1 convs on
    the neck's fused map.

    Input ``(N, in_channels, H, W)`` (e.g. ``FPNC``'s 1/4-scale map; a
    tuple of maps is concatenated). Output ``(N, 1 + G, H, W)``:

    * channel 0: the text score, ``sigmoid(score_conv)``;
    * ``geometry='RBOX'`` (``G = 5``): the distances (input pixels) to the
      top, right, bottom and left sides of the text's rotated rectangle,
      ``scale * sigmoid(geo_conv)``, and its angle ``(sigmoid(angle_conv) -
      0.5) * pi / 2`` in ``(-pi/4, pi/4)``;
    * ``geometry='QUAD'`` (``G = 8``): the offsets ``(dx1, dy1, ..., dx4,
      dy4)`` (input pixels) to the 4 corners, ``scale * (2 *
      sigmoid(geo_conv) - 1)``.

    The conventions are those of ``EASTTargets``, ``EASTLoss`` and
    ``EASTPostprocessor``.

    Args:
        in_channels: Input channels.
        geometry: ``'RBOX'`` or ``'QUAD'``.
        scale: Largest distance / offset in input pixels (the training crop
            size, 512 in the paper).
        downsample_ratio: Output map size / input image size; also given to
            the postprocessor (whose own ``downsample_ratio``, if set, must
            agree).
        loss: Config of the loss (``EASTLoss``).
        postprocessor: Config of the postprocessor (``EASTPostprocessor``).
        train_cfg, test_cfg: Kept for the detector.
        init_cfg: mmcv's init config, applied over PyTorch's default
            initialisation when built and by ``init_weights`` (e.g.
            ``Pretrained``).
    """

    def __init__(self, in_channels: int | Sequence[int],
                 geometry: str = 'RBOX', scale: float = 512.0,
                 downsample_ratio: float = 0.25,
                 loss: dict = dict(type='EASTLoss'),
                 postprocessor: dict = dict(type='EASTPostprocessor'),
                 train_cfg: dict | None = None,
                 test_cfg: dict | None = None, init_cfg=None):
        if isinstance(in_channels, (list, tuple)):
            channels = sum(in_channels) if all(
                isinstance(c, int) for c in in_channels) else None
        else:
            channels = in_channels
        if not isinstance(channels, int) or channels <= 0:
            raise InvalidValueError('EASTHead: in_channels must be a positive int (or '
                                    f'a list of ints), got {in_channels!r}')
        if geometry not in _GEO_CHANNELS:
            raise InvalidValueError("EASTHead: geometry must be 'RBOX' or 'QUAD', got "
                                    f'{geometry!r}')
        if not scale > 0:
            raise InvalidValueError(f'EASTHead: scale must be > 0, got {scale!r}')
        if not 0 < downsample_ratio <= 1:
            raise InvalidValueError('EASTHead: downsample_ratio must be in (0, 1], '
                                    f'got {downsample_ratio!r}')
        if not isinstance(postprocessor, dict):
            raise InvalidTypeError('EASTHead: postprocessor must be a config dict')
        postprocessor = dict(postprocessor)
        if postprocessor.setdefault('downsample_ratio',
                                    downsample_ratio) != downsample_ratio:
            raise InvalidValueError(
                'EASTHead: postprocessor.downsample_ratio '
                f"({postprocessor['downsample_ratio']}) differs from the "
                f"head's ({downsample_ratio})")
        super().__init__(loss, postprocessor, downsample_ratio, train_cfg,
                         test_cfg)
        self.in_channels = channels
        self.geometry = geometry
        self.scale = float(scale)
        self.score_conv = nn.Conv2d(channels, 1, 1)
        if geometry == 'RBOX':
            self.geo_conv = nn.Conv2d(channels, 4, 1)
            self.angle_conv = nn.Conv2d(channels, 1, 1)
        else:
            self.geo_conv = nn.Conv2d(channels, 8, 1)
        self.setup_init(init_cfg)

    def forward(self, inputs: Sequence[torch.Tensor] | torch.Tensor
                ) -> torch.Tensor:
        if isinstance(inputs, (tuple, list)):
            inputs = torch.cat(tuple(inputs), dim=1)
        if inputs.dim() != 4 or inputs.size(1) != self.in_channels:
            raise InvalidValueError(f'EASTHead expects (N, {self.in_channels}, H, W) '
                                    f'features, got {tuple(inputs.shape)}')
        score = torch.sigmoid(self.score_conv(inputs))
        geo = torch.sigmoid(self.geo_conv(inputs))
        if self.geometry == 'RBOX':
            angle = (torch.sigmoid(self.angle_conv(inputs)) - 0.5) * (
                math.pi / 2)
            return torch.cat([score, geo * self.scale, angle], dim=1)
        return torch.cat([score, (2 * geo - 1) * self.scale], dim=1)
