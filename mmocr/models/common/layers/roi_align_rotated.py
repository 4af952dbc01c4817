"""Rotated RoIAlign (mmcv's ``RoIAlignRotated``) in plain torch.

Each RoI ``[batch_index, cx, cy, w, h, theta]`` is split into ``PH x PW``
bins of its own (rotated) frame; each bin averages bilinear samples on a
``gh x gw`` grid (``sampling_ratio``, or ``ceil(h / PH) x ceil(w / PW)``
per RoI when it is 0). A sample at ``(xx, yy)`` in the RoI frame (origin at
the centre) reads the feature map at ``x = yy sin + xx cos + cx``, ``y = yy
cos - xx sin + cy`` (``theta`` negated when ``clockwise``), as mmcv's
kernel. The sample points of all RoIs (padded to the largest grid, the
padding weighted 0) form one affine grid per image, read by
:func:`torch.nn.functional.grid_sample` (``align_corners=True``, border
padding: mmcv clamps to the edge pixels); samples beyond one pixel outside
the map count 0, as in mmcv. No Python loop over RoIs or samples.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from mmocr.registry import MODELS
from mmocr.utils.errors import InvalidValueError

from .roi_align import sampling_grid

__all__ = ['RoIAlignRotated', 'roi_align_rotated']


def _bin_offsets(extent: torch.Tensor, pooled: int, grid: torch.Tensor,
                 max_grid: int) -> torch.Tensor:
    """``(N, pooled, max_grid)`` sample offsets from the RoI centre along one
    axis of its frame (samples past ``grid`` are padding)."""
    bins = torch.arange(pooled, dtype=extent.dtype, device=extent.device)
    samples = torch.arange(max_grid, dtype=extent.dtype, device=extent.device)
    bin_size = (extent / pooled)[:, None, None]
    grid_f = grid.to(extent.dtype).clamp(min=1)[:, None, None]
    return (-extent[:, None, None] / 2 + bins[None, :, None] * bin_size
            + (samples[None, None, :] + 0.5) * bin_size / grid_f)


def roi_align_rotated(feats: torch.Tensor, rois: torch.Tensor,
                      output_size: tuple[int, int], spatial_scale: float = 1.0,
                      sampling_ratio: int = 0, aligned: bool = True,
                      clockwise: bool = False) -> torch.Tensor:
    """Average rotated RoIAlign.

    Args:
        feats: ``(B, C, H, W)`` feature maps.
        rois: ``(N, 6)`` rows ``[batch_index, cx, cy, w, h, theta]``, image
            pixels and radians.
        output_size: ``(PH, PW)``.
        spatial_scale: Feature-map size / image size.
        sampling_ratio: Samples per bin along each axis; ``0`` means
            ``ceil(roi_size / bin_count)`` per RoI.
        aligned: Shift the centres by half a pixel (pixel-centre
            convention); otherwise RoI sizes are at least 1.
        clockwise: ``theta`` turns clockwise.

    Returns:
        ``(N, C, PH, PW)``.
    """
    if feats.dim() != 4 or rois.dim() != 2 or rois.size(1) != 6:
        raise InvalidValueError('roi_align_rotated expects feats (B, C, H, W) and '
                                f'rois (N, 6), got {tuple(feats.shape)} and '
                                f'{tuple(rois.shape)}')
    ph, pw = (int(s) for s in output_size)
    _, channels, height, width = feats.shape
    num_rois = rois.size(0)
    out = feats.new_zeros(num_rois, channels, ph, pw)
    if num_rois == 0:
        return out
    rois = rois.detach().to(feats)  # dtype and device of the features
    offset = 0.5 if aligned else 0.0
    cx = rois[:, 1] * spatial_scale - offset
    cy = rois[:, 2] * spatial_scale - offset
    roi_w, roi_h = rois[:, 3] * spatial_scale, rois[:, 4] * spatial_scale
    theta = -rois[:, 5] if clockwise else rois[:, 5]
    roi_h, roi_w, grid_h, grid_w = sampling_grid(roi_h, roi_w, ph, pw,
                                                 sampling_ratio, aligned)
    max_gh = max(int(grid_h.max()), 1)
    max_gw = max(int(grid_w.max()), 1)
    # (N, PH, GH, 1, 1) and (N, 1, 1, PW, GW) offsets in the RoI frame.
    yy = _bin_offsets(roi_h, ph, grid_h, max_gh)[:, :, :, None, None]
    xx = _bin_offsets(roi_w, pw, grid_w, max_gw)[:, None, None, :, :]
    cos, sin = (t.view(-1, 1, 1, 1, 1) for t in (theta.cos(), theta.sin()))
    y = yy * cos - xx * sin + cy.view(-1, 1, 1, 1, 1)
    x = yy * sin + xx * cos + cx.view(-1, 1, 1, 1, 1)
    in_grid = ((torch.arange(max_gh, device=feats.device)[None, None, :, None, None]
                < grid_h.view(-1, 1, 1, 1, 1))
               & (torch.arange(max_gw, device=feats.device)[None, None, None, None, :]
                  < grid_w.view(-1, 1, 1, 1, 1)))
    inside = (y >= -1) & (y <= height) & (x >= -1) & (x <= width)
    count = (grid_h * grid_w).clamp(min=1).to(feats.dtype).view(-1, 1, 1, 1, 1)
    weight = (in_grid & inside).to(feats.dtype) / count
    # Normalised grid_sample coordinates (align_corners=True).
    gx = x / max(width - 1, 1) * 2 - 1
    gy = y / max(height - 1, 1) * 2 - 1
    grid = torch.stack([gx, gy], dim=-1).reshape(num_rois, -1, 2)
    weight = weight.reshape(num_rois, -1)
    batch_inds = rois[:, 0].long()
    for b in torch.unique(batch_inds).tolist():
        inds = (batch_inds == b).nonzero(as_tuple=True)[0]
        samples = F.grid_sample(feats[b:b + 1], grid[inds][None],
                                mode='bilinear', padding_mode='border',
                                align_corners=True)[0]  # (C, n, S)
        pooled = (samples * weight[inds][None]).view(
            channels, len(inds), ph, max_gh, pw, max_gw).sum((3, 5))
        # autocast runs grid_sample in float32 whatever the features' dtype
        out[inds] = pooled.permute(1, 0, 2, 3).to(out.dtype)
    return out


@MODELS.register_module()
class RoIAlignRotated(nn.Module):
    """mmcv-compatible rotated RoIAlign layer.

    ``forward(feats (B, C, H, W), rois (N, 6))`` -> ``(N, C, *output_size)``
    (see :func:`roi_align_rotated`).

    Args:
        output_size: ``(PH, PW)`` or one int for both.
        spatial_scale: Feature-map size / image size.
        sampling_ratio: Samples per bin along each axis (0: adaptive).
        aligned: Pixel-centre convention.
        clockwise: ``theta`` turns clockwise.
    """

    def __init__(self, output_size: int | tuple[int, int],
                 spatial_scale: float = 1.0, sampling_ratio: int = 0,
                 aligned: bool = True, clockwise: bool = False):
        super().__init__()
        if isinstance(output_size, int):
            output_size = (output_size, output_size)
        self.output_size = tuple(int(s) for s in output_size)
        if len(self.output_size) != 2 or min(self.output_size) <= 0:
            raise InvalidValueError('RoIAlignRotated: output_size must be two '
                                    f'positive ints, got {output_size!r}')
        self.spatial_scale = float(spatial_scale)
        self.sampling_ratio = int(sampling_ratio)
        self.aligned = aligned
        self.clockwise = clockwise

    def forward(self, feats: torch.Tensor, rois: torch.Tensor) -> torch.Tensor:
        return roi_align_rotated(feats, rois, self.output_size,
                                 self.spatial_scale, self.sampling_ratio,
                                 self.aligned, self.clockwise)

    def extra_repr(self) -> str:
        return (f'output_size={self.output_size}, spatial_scale='
                f'{self.spatial_scale}, sampling_ratio={self.sampling_ratio}, '
                f'aligned={self.aligned}, clockwise={self.clockwise}')
