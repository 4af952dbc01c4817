"""mmdet's ``AnchorGenerator``: a grid of base anchors per feature level."""
from __future__ import annotations

import math
from typing import Sequence

import torch

from mmocr.registry import MODELS
from mmocr.utils.errors import InvalidValueError

__all__ = ['AnchorGenerator']


def _pair(value) -> tuple[float, float]:
    if isinstance(value, (tuple, list)):
        return float(value[0]), float(value[1])
    return float(value), float(value)


@MODELS.register_module()
class AnchorGenerator:
    """Anchors of ``len(ratios) * len(scales)`` shapes at every location of
    every level, level ``l`` having stride ``strides[l]``.

    A base anchor of level ``l`` is centred at ``center_offset * stride``
    with width ``base_size * scale / sqrt(ratio)`` and height ``base_size *
    scale * sqrt(ratio)`` (``ratio = h / w``); with ``scale_major`` the scales
    vary fastest. The anchors of location ``(y, x)`` are the base anchors
    shifted by ``(x * stride, y * stride)``; locations are in row-major
    order, anchors of one location consecutive.

    Args:
        strides: Stride of each level (an int or a ``(w, h)`` pair).
        ratios: Height / width ratios.
        scales: Anchor scales (or give ``octave_base_scale`` and
            ``scales_per_octave``).
        base_sizes: Base size per level (default: the level's smaller stride).
        scale_major: Order of the base anchors (see above).
        octave_base_scale: Scales are ``octave_base_scale * 2 ** (i /
            scales_per_octave)``.
        scales_per_octave: See ``octave_base_scale``.
        centers: Explicit base anchor centre per level.
        center_offset: Centre offset in units of the stride.

    ``grid_priors(featmap_sizes, device)`` -> per level ``(H_l * W_l * A,
    4)``; ``valid_flags(featmap_sizes, pad_shape)`` -> per level ``(H_l * W_l
    * A,)`` bool.
    """

    def __init__(self, strides: Sequence, ratios: Sequence[float],
                 scales: Sequence[float] | None = None,
                 base_sizes: Sequence[int] | None = None,
                 scale_major: bool = True,
                 octave_base_scale: float | None = None,
                 scales_per_octave: int | None = None,
                 centers: Sequence[tuple[float, float]] | None = None,
                 center_offset: float = 0.):
        if centers is not None and len(centers) != len(strides):
            raise InvalidValueError(f'centers has {len(centers)} entries for '
                                    f'{len(strides)} strides')
        if not 0 <= center_offset <= 1:
            raise InvalidValueError(f'center_offset must be in [0, 1], got '
                                    f'{center_offset}')
        self.strides = [_pair(s) for s in strides]
        self.base_sizes = (list(base_sizes) if base_sizes is not None else
                           [min(s) for s in self.strides])
        if len(self.base_sizes) != len(self.strides):
            raise InvalidValueError(f'base_sizes has {len(self.base_sizes)} '
                                    f'entries for {len(self.strides)} strides')
        if (scales is None) == (octave_base_scale is None or
                                scales_per_octave is None):
            raise InvalidValueError('give either scales or both octave_base_scale '
                                    'and scales_per_octave')
        if scales is None:
            scales = [octave_base_scale * 2**(i / scales_per_octave)
                      for i in range(scales_per_octave)]
        self.scales = torch.tensor(scales, dtype=torch.float32)
        self.ratios = torch.tensor(ratios, dtype=torch.float32)
        self.scale_major = scale_major
        self.centers = centers
        self.center_offset = center_offset
        self.base_anchors = [self._base_anchors(size, i)
                             for i, size in enumerate(self.base_sizes)]

    @property
    def num_levels(self) -> int:
        return len(self.strides)

    @property
    def num_base_anchors(self) -> list[int]:
        """Anchors per location, per level."""
        return [a.size(0) for a in self.base_anchors]

    def _base_anchors(self, base_size: float, level: int) -> torch.Tensor:
        w = h = float(base_size)
        if self.centers is None:
            cx, cy = self.center_offset * w, self.center_offset * h
        else:
            cx, cy = self.centers[level]
        h_ratios = torch.sqrt(self.ratios)
        w_ratios = 1 / h_ratios
        if self.scale_major:
            ws = (w * w_ratios[:, None] * self.scales[None, :]).reshape(-1)
            hs = (h * h_ratios[:, None] * self.scales[None, :]).reshape(-1)
        else:
            ws = (w * self.scales[:, None] * w_ratios[None, :]).reshape(-1)
            hs = (h * self.scales[:, None] * h_ratios[None, :]).reshape(-1)
        return torch.stack([cx - 0.5 * ws, cy - 0.5 * hs, cx + 0.5 * ws,
                            cy + 0.5 * hs], -1)

    def single_level_grid_priors(self, featmap_size: Sequence[int],
                                 level_idx: int,
                                 device: torch.device | str = 'cpu'
                                 ) -> torch.Tensor:
        feat_h, feat_w = int(featmap_size[0]), int(featmap_size[1])
        stride_w, stride_h = self.strides[level_idx]
        shift_x = torch.arange(feat_w, device=device, dtype=torch.float32) * stride_w
        shift_y = torch.arange(feat_h, device=device, dtype=torch.float32) * stride_h
        yy, xx = torch.meshgrid(shift_y, shift_x, indexing='ij')
        xx, yy = xx.reshape(-1), yy.reshape(-1)
        shifts = torch.stack([xx, yy, xx, yy], -1)
        base = self.base_anchors[level_idx].to(device)
        return (shifts[:, None, :] + base[None, :, :]).reshape(-1, 4)

    def grid_priors(self, featmap_sizes: Sequence[Sequence[int]],
                    device: torch.device | str = 'cpu') -> list[torch.Tensor]:
        if len(featmap_sizes) != self.num_levels:
            raise InvalidValueError(f'{len(featmap_sizes)} feature maps for '
                                    f'{self.num_levels} anchor levels')
        return [self.single_level_grid_priors(size, i, device)
                for i, size in enumerate(featmap_sizes)]

    grid_anchors = grid_priors

    def valid_flags(self, featmap_sizes: Sequence[Sequence[int]],
                    pad_shape: Sequence[int],
                    device: torch.device | str = 'cpu') -> list[torch.Tensor]:
        """Anchors whose location lies inside the padded image ``pad_shape``
        ``(h, w, ...)`` (a batch pads to its largest image)."""
        flags = []
        for i, (feat_h, feat_w) in enumerate(featmap_sizes):
            stride_w, stride_h = self.strides[i]
            valid_h = min(int(math.ceil(pad_shape[0] / stride_h)), feat_h)
            valid_w = min(int(math.ceil(pad_shape[1] / stride_w)), feat_w)
            valid_y = torch.arange(feat_h, device=device) < valid_h
            valid_x = torch.arange(feat_w, device=device) < valid_w
            valid = (valid_y[:, None] & valid_x[None, :]).reshape(-1)
            flags.append(valid[:, None].expand(-1, self.num_base_anchors[i])
                         .reshape(-1))
        return flags

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(strides={self.strides}, ratios='
                f'{self.ratios.tolist()}, scales={self.scales.tolist()})')
