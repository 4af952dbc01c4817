"""FCENet's head: per FPN level, text-region/center logits and Fourier
coefficient maps."""
from __future__ import annotations

import warnings
from typing import Sequence

import torch
from torch import nn

from mmocr.registry import HEADS
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

from ..postprocess.utils import poly_nms
from .base_head import BaseTextDetHead

__all__ = ['FCEHead']


@HEADS.register_module()
class FCEHead(BaseTextDetHead):
    """Head of FCENet (https://arxiv.org/abs/2104.10442), as MMOCR 0.x.

    The same two 3x3 convs run on every level: ``out_conv_cls`` gives 4
    logits (text region pair, text center pair), ``out_conv_reg`` the ``2K
    + 1`` real then ``2K + 1`` imaginary Fourier coefficients (``K =
    fourier_degree``).

    Input: a sequence of ``(N, in_channels, Hi, Wi)`` maps (the FPN's, at
    strides ``scales``). Output: one ``[cls (N, 4, Hi, Wi), reg (N, 4K + 2,
    Hi, Wi)]`` per level.

    Args:
        in_channels: Channels of each input map.
        scales: The stride of each level (e.g. ``(8, 16, 32)``).
        fourier_degree: The maximum Fourier degree ``K`` (also set in the
            loss and the postprocessor).
        nms_thr: IoU threshold of the NMS across levels.
        loss: Config of the loss (``FCELoss``).
        postprocessor: Config of the postprocessor (``FCEPostprocessor``).
        init_cfg: mmcv's init config, applied after the head's own
            initialisation when built and by ``init_weights``
            (e.g. ``Pretrained``). ``None`` keeps the own one, which is
            MMOCR 0.x's default (both convs normal, std 0.01, zero bias).
        text_repr_type, decoding_type, num_reconstr_points, alpha, beta,
            score_thr: MMOCR 0.x's deprecated head arguments, moved into
            ``postprocessor`` (a warning).
        num_sample: Deprecated, moved into ``loss`` (a warning).
    """

    def __init__(self, in_channels: int, scales: Sequence[int],
                 fourier_degree: int = 5, nms_thr: float = 0.1,
                 loss: dict = dict(type='FCELoss', num_sample=50),
                 postprocessor: dict = dict(
                     type='FCEPostprocessor', text_repr_type='poly',
                     num_reconstr_points=50, alpha=1.0, beta=2.0,
                     score_thr=0.3),
                 train_cfg: dict | None = None,
                 test_cfg: dict | None = None,
                 init_cfg: dict | list | None = None,
                 text_repr_type: str | None = None,
                 decoding_type: str | None = None,
                 num_reconstr_points: int | None = None,
                 alpha: float | None = None, beta: float | None = None,
                 score_thr: float | None = None,
                 num_sample: int | None = None):
        if not isinstance(in_channels, int) or in_channels <= 0:
            raise InvalidValueError('FCEHead: in_channels must be a positive int, '
                                    f'got {in_channels!r}')
        if (not isinstance(scales, (list, tuple)) or not scales
                or not all(isinstance(s, (int, float)) and s > 0
                           for s in scales)):
            raise InvalidValueError('FCEHead: scales must be a sequence of positive '
                                    f'strides, got {scales!r}')
        if not isinstance(fourier_degree, int) or fourier_degree < 1:
            raise InvalidValueError('FCEHead: fourier_degree must be an int >= 1, '
                                    f'got {fourier_degree!r}')
        if not isinstance(loss, dict) or not isinstance(postprocessor, dict):
            raise InvalidTypeError('FCEHead: loss and postprocessor must be config '
                                   'dicts')
        loss = dict(loss, fourier_degree=fourier_degree)
        postprocessor = dict(postprocessor, fourier_degree=fourier_degree)
        for key, value in (('num_reconstr_points', num_reconstr_points),
                           ('alpha', alpha), ('beta', beta),
                           ('score_thr', score_thr)):
            if value is not None:
                warnings.warn(f'FCEHead({key}=...) is deprecated; set it in '
                              'postprocessor', DeprecationWarning, stacklevel=2)
                postprocessor[key] = value
        if num_sample is not None:
            warnings.warn('FCEHead(num_sample=...) is deprecated; set it in loss',
                          DeprecationWarning, stacklevel=2)
            loss['num_sample'] = num_sample
        super().__init__(loss, postprocessor, 1.0, train_cfg, test_cfg,
                         text_repr_type, decoding_type)
        self.in_channels = in_channels
        self.scales = tuple(scales)
        self.fourier_degree = fourier_degree
        self.nms_thr = nms_thr
        self.out_channels_cls = 4
        self.out_channels_reg = (2 * fourier_degree + 1) * 2
        self.out_conv_cls = nn.Conv2d(in_channels, self.out_channels_cls, 3,
                                      padding=1)
        self.out_conv_reg = nn.Conv2d(in_channels, self.out_channels_reg, 3,
                                      padding=1)
        self.setup_init(init_cfg)

    def default_init(self) -> None:
        """Both convs: normal weights (std 0.01), zero bias."""
        for conv in (self.out_conv_cls, self.out_conv_reg):
            nn.init.normal_(conv.weight, 0, 0.01)
            nn.init.zeros_(conv.bias)

    def forward(self, feats: Sequence[torch.Tensor]
                ) -> list[list[torch.Tensor]]:
        if isinstance(feats, torch.Tensor):
            raise InvalidTypeError('FCEHead expects a sequence of level maps, got '
                                   'one tensor')
        return [self.forward_single(x) for x in feats]

    def forward_single(self, x: torch.Tensor) -> list[torch.Tensor]:
        """``[cls (N, 4, H, W), reg (N, 4K + 2, H, W)]`` of one level."""
        if x.size(1) != self.in_channels:
            raise InvalidValueError(f'FCEHead expects {self.in_channels} input '
                                    f'channels, got {x.size(1)}')
        return [self.out_conv_cls(x), self.out_conv_reg(x)]

    def get_boundary(self, score_maps: Sequence[Sequence[torch.Tensor]],
                     img_metas: list[dict], rescale: bool) -> dict:
        """Decode one image's levels into ``dict(boundary_result=[...])``.

        Args:
            score_maps: One ``[cls, reg]`` per level (``(C, H, W)`` or ``(1,
                C, H, W)`` each).
            img_metas: A one-element list with the image's meta dict.
            rescale: Map boundaries back to the original image with
                ``1 / img_metas[0]['scale_factor']`` (the postprocessor
                already scales each level by its stride:
                ``downsample_ratio`` is 1).
        """
        if len(score_maps) != len(self.scales):
            raise InvalidValueError(f'FCEHead: {len(score_maps)} levels for '
                                    f'{len(self.scales)} scales')
        if not isinstance(img_metas, (list, tuple)) or not all(
                isinstance(m, dict) for m in img_metas):
            raise InvalidTypeError('img_metas must be a list of dicts')
        boundaries = []
        for maps, scale in zip(score_maps, self.scales):
            boundaries += self.postprocessor(maps, scale)
        return self.boundary_results(poly_nms(boundaries, self.nms_thr),
                                     img_metas, rescale)
