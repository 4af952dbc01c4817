"""RoIAlign (mmcv's ``RoIAlign``, average pooling) in plain torch.

When torchvision imports, :func:`torchvision.ops.roi_align` (same semantics)
does the work; otherwise the exact separable formulation below is used:
RoIAlign averages bilinear samples taken on a regular ``gh x gw`` grid in
each output bin, and bilinear interpolation is separable, so each output is
``Wy[n, p] @ F[b_n] @ Wx[n, q]^T`` with per-RoI row/column weight matrices
``Wy (N, PH, H)`` and ``Wx (N, PW, W)``. The weights of a RoI are zero
outside its rows and columns, so the products run on each RoI's feature
window only (RoIs sorted by window size, in chunks padded to the chunk's
largest window): the cost follows the RoI sizes, not the feature map's (a
detector's hundreds of small RoIs on a large stride-4 map). No Python loop
over RoIs or samples.
"""
from __future__ import annotations

import torch
from torch import nn

from mmocr.registry import MODELS
from mmocr.utils.errors import InvalidValueError

try:  # optional fast path; torchvision is never required
    from torchvision.ops import roi_align as _tv_roi_align
except (ImportError, RuntimeError, OSError):  # pragma: no cover - env dependent
    _tv_roi_align = None

__all__ = ['RoIAlign', 'roi_align']


def _axis_weights(start: torch.Tensor, length: torch.Tensor, pooled: int,
                  grid: torch.Tensor, size: int) -> torch.Tensor:
    """Averaged bilinear weights along one axis.

    Args:
        start: ``(N,)`` start coordinate of each RoI (feature-map pixels).
        length: ``(N,)`` RoI extent.
        pooled: Number of output bins along the axis.
        grid: ``(N,)`` samples per bin (int tensor, may be 0).
        size: Feature-map extent along the axis.

    Returns:
        ``(N, pooled, size)``: weight of each feature row/column in each bin.
    """
    n = start.numel()
    max_grid = max(int(grid.max().item()) if n else 0, 1)
    bin_size = (length / pooled)[:, None, None]
    bins = torch.arange(pooled, device=start.device, dtype=start.dtype)
    samples = torch.arange(max_grid, device=start.device, dtype=start.dtype)
    grid_f = grid.to(start.dtype).clamp(min=1)[:, None, None]
    coord = (start[:, None, None] + bins[None, :, None] * bin_size +
             (samples[None, None, :] + 0.5) * bin_size / grid_f)
    in_grid = samples[None, None, :] < grid[:, None, None]
    valid = (coord >= -1.0) & (coord <= size) & in_grid
    coord = coord.clamp(min=0)
    low = coord.floor()
    at_end = low >= size - 1
    low = torch.where(at_end, torch.full_like(low, size - 1), low)
    frac = torch.where(at_end, torch.zeros_like(coord), coord - low)
    low = low.long()
    high = torch.where(at_end, low, low + 1)
    scale = valid.to(start.dtype) / grid_f
    weights = start.new_zeros(n, pooled, size)
    weights.scatter_add_(2, low, (1 - frac) * scale)
    weights.scatter_add_(2, high, frac * scale)
    return weights


def sampling_grid(roi_h: torch.Tensor, roi_w: torch.Tensor, ph: int, pw: int,
                  sampling_ratio: int, aligned: bool
                  ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor,
                             torch.Tensor]:
    """mmcv's RoI sizes and sampling points per bin: ``(roi_h, roi_w,
    grid_h, grid_w)``, ``(K,)`` each. Without ``aligned`` a RoI is at least
    one pixel; ``sampling_ratio > 0`` fixes the points per bin axis, else
    ``ceil(roi size / bins)`` (adaptive)."""
    if not aligned:
        roi_w, roi_h = roi_w.clamp(min=1.0), roi_h.clamp(min=1.0)
    if sampling_ratio > 0:
        grid_h = torch.full_like(roi_h, sampling_ratio, dtype=torch.long)
        grid_w = torch.full_like(roi_w, sampling_ratio, dtype=torch.long)
    else:
        grid_h = torch.ceil(roi_h / ph).clamp(min=0).long()
        grid_w = torch.ceil(roi_w / pw).clamp(min=0).long()
    return roi_h, roi_w, grid_h, grid_w


def roi_align(feats: torch.Tensor, rois: torch.Tensor,
              output_size: tuple[int, int], spatial_scale: float = 1.0,
              sampling_ratio: int = 0, aligned: bool = True) -> torch.Tensor:
    """Average RoIAlign.

    Args:
        feats: ``(B, C, H, W)`` feature maps.
        rois: ``(N, 5)`` rows ``[batch_index, x1, y1, x2, y2]`` in image
            pixels.
        output_size: ``(PH, PW)``.
        spatial_scale: Feature-map size / image size.
        sampling_ratio: Samples per bin along each axis; ``0`` means
            ``ceil(roi_size / bin_count)`` per RoI.
        aligned: Shift boxes by half a pixel (pixel-centre convention).

    Returns:
        ``(N, C, PH, PW)``.
    """
    if feats.dim() != 4 or rois.dim() != 2 or rois.size(1) != 5:
        raise InvalidValueError('roi_align expects feats (B, C, H, W) and rois '
                                f'(N, 5), got {tuple(feats.shape)} and '
                                f'{tuple(rois.shape)}')
    ph, pw = output_size
    rois = rois.detach().to(feats.dtype)
    if _tv_roi_align is not None:
        return _tv_roi_align(feats, rois, (ph, pw), spatial_scale,
                             sampling_ratio, aligned)
    _, channels, height, width = feats.shape
    out = feats.new_zeros(rois.size(0), channels, ph, pw)
    if rois.size(0) == 0:
        return out
    offset = 0.5 if aligned else 0.0
    x1, y1 = rois[:, 1] * spatial_scale - offset, rois[:, 2] * spatial_scale - offset
    roi_w = rois[:, 3] * spatial_scale - offset - x1
    roi_h = rois[:, 4] * spatial_scale - offset - y1
    roi_h, roi_w, grid_h, grid_w = sampling_grid(roi_h, roi_w, ph, pw,
                                                 sampling_ratio, aligned)
    wy = _axis_weights(y1, roi_h, ph, grid_h, height)
    wx = _axis_weights(x1, roi_w, pw, grid_w, width)
    return _windowed_products(feats, rois[:, 0].long(), wy, wx, out)


def _window(weights: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """First index and length of the nonzero span of each RoI's weights
    ``(N, P, S)`` along S."""
    used = (weights != 0).any(dim=1)
    first = used.to(torch.uint8).argmax(1)  # 0 for an empty span
    last = used.size(1) - 1 - used.flip(1).to(torch.uint8).argmax(1)
    return first, (last + 1 - first) * used.any(1)


def _windowed_products(feats: torch.Tensor, batch_inds: torch.Tensor,
                       wy: torch.Tensor, wx: torch.Tensor, out: torch.Tensor,
                       chunk: int = 64) -> torch.Tensor:
    """``out[n] = Wy[n] @ F[b_n] @ Wx[n]^T`` over each RoI's window."""
    height, width = feats.shape[-2:]
    y0, hh = _window(wy)
    x0, ww = _window(wx)
    order = torch.argsort(hh * ww)
    for inds in order.split(chunk):
        win_h = max(int(hh[inds].max()), 1)
        win_w = max(int(ww[inds].max()), 1)
        rows = y0[inds, None] + torch.arange(win_h, device=feats.device)
        cols = x0[inds, None] + torch.arange(win_w, device=feats.device)
        # Rows past the feature map are clamped for the gather and get zero
        # weight (beyond a RoI's own window its weights are zero already).
        row_w = torch.where((rows < height)[:, None], wy[inds].gather(
            2, rows.clamp(max=height - 1)[:, None].expand(-1, wy.size(1), -1)),
            wy.new_zeros(()))
        col_w = torch.where((cols < width)[:, None], wx[inds].gather(
            2, cols.clamp(max=width - 1)[:, None].expand(-1, wx.size(1), -1)),
            wx.new_zeros(()))
        rows, cols = rows.clamp(max=height - 1), cols.clamp(max=width - 1)
        window = feats[batch_inds[inds, None, None], :, rows[:, :, None],
                       cols[:, None, :]]  # (n, win_h, win_w, C)
        pooled = torch.einsum('nph,nhwc->npwc', row_w, window)
        # autocast may compute the products in a lower precision than out
        out[inds] = torch.einsum('npwc,nqw->ncpq', pooled, col_w).to(out.dtype)
    return out


@MODELS.register_module()
class RoIAlign(nn.Module):
    """mmcv-compatible RoIAlign layer (``pool_mode='avg'`` only).

    ``forward(feats (B, C, H, W), rois (N, 5))`` -> ``(N, C, *output_size)``.
    ``use_torchvision`` is accepted for mmcv config compatibility:
    torchvision's kernel is used whenever torchvision imports.
    """

    #: mmcv's deprecated names, still in MMOCR 0.x configs (renamed by
    #: the registry, :func:`mmocr.registry.rename_args`).
    renamed_args = {'out_size': 'output_size', 'sample_num': 'sampling_ratio'}

    def __init__(self, output_size: int | tuple[int, int],
                 spatial_scale: float = 1.0, sampling_ratio: int = 0,
                 pool_mode: str = 'avg', aligned: bool = True,
                 use_torchvision: bool = False):
        super().__init__()
        if pool_mode != 'avg':
            raise NotImplementedError(
                f'RoIAlign: pool_mode={pool_mode!r} is not implemented; only '
                "'avg' is supported")
        if isinstance(output_size, int):
            output_size = (output_size, output_size)
        self.output_size = tuple(int(s) for s in output_size)
        self.spatial_scale = float(spatial_scale)
        self.sampling_ratio = int(sampling_ratio)
        self.aligned = aligned

    def forward(self, feats: torch.Tensor, rois: torch.Tensor) -> torch.Tensor:
        return roi_align(feats, rois, self.output_size, self.spatial_scale,
                         self.sampling_ratio, self.aligned)

    def extra_repr(self) -> str:
        return (f'output_size={self.output_size}, spatial_scale='
                f'{self.spatial_scale}, sampling_ratio={self.sampling_ratio}, '
                f'aligned={self.aligned}')
