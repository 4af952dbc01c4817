"""Thin-plate-spline spatial transformer (RARE / CRNN-STN rectification)."""
from __future__ import annotations

from typing import Sequence

import torch
import torch.nn.functional as F
from torch import nn

from mmocr.registry import PREPROCESSOR
from mmocr.utils.errors import InvalidValueError

from .base_preprocessor import BasePreprocessor

__all__ = ['TPSPreprocessor']


def _fiducial_points(num_fiducial: int) -> torch.Tensor:
    """``num_fiducial`` points, half on the top edge and half on the bottom
    edge of the normalised image ``[-1, 1]^2``, as ``(F, 2)`` (x, y)."""
    xs = torch.linspace(-1.0, 1.0, num_fiducial // 2, dtype=torch.float64)
    top = torch.stack([xs, -torch.ones_like(xs)], dim=1)
    bottom = torch.stack([xs, torch.ones_like(xs)], dim=1)
    return torch.cat([top, bottom], dim=0)


def _tps_kernel(dist: torch.Tensor) -> torch.Tensor:
    """TPS radial basis ``r^2 log r`` (0 at r = 0)."""
    return dist.square() * torch.log(dist.clamp(min=1e-12))


class LocalizationNetwork(nn.Module):
    """Regress the fiducial points' positions in the input image.

    Input ``(N, C, H, W)``, output ``(N, F, 2)`` in normalised coordinates.
    The last layer starts at zero weight and a bias equal to the rectified
    fiducial points, so the transform is the identity at initialisation.
    """

    def __init__(self, num_fiducial: int, num_img_channel: int):
        super().__init__()
        self.num_fiducial = num_fiducial
        layers: list[nn.Module] = []
        in_ch = num_img_channel
        for i, out_ch in enumerate((64, 128, 256, 512)):
            layers += [nn.Conv2d(in_ch, out_ch, 3, 1, 1, bias=False),
                       nn.BatchNorm2d(out_ch), nn.ReLU(True)]
            layers.append(nn.MaxPool2d(2, 2) if i < 3 else nn.AdaptiveAvgPool2d(1))
            in_ch = out_ch
        self.conv = nn.Sequential(*layers)
        self.localization_fc1 = nn.Sequential(nn.Linear(512, 256), nn.ReLU(True))
        self.localization_fc2 = nn.Linear(256, num_fiducial * 2)
        nn.init.zeros_(self.localization_fc2.weight)
        with torch.no_grad():
            self.localization_fc2.bias.copy_(
                _fiducial_points(num_fiducial).float().view(-1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        features = self.conv(x).flatten(1)
        points = self.localization_fc2(self.localization_fc1(features))
        return points.view(x.size(0), self.num_fiducial, 2)


class GridGenerator(nn.Module):
    """Turn fiducial points into a sampling grid for ``F.grid_sample``.

    Precomputes, for the rectified image's pixel centres ``P`` and the
    rectified fiducial points ``C``, the inverse TPS system ``inv_delta_C``
    ``(F+3, F+3)`` and the basis ``P_hat`` ``(H*W, F+3)``; the grid for
    predicted points ``C'`` is ``P_hat @ inv_delta_C @ [C'; 0]``.
    """

    def __init__(self, num_fiducial: int, rectified_img_size: Sequence[int]):
        super().__init__()
        height, width = rectified_img_size
        self.rectified_img_size = (int(height), int(width))
        ctrl = _fiducial_points(num_fiducial)  # (F, 2)
        num = ctrl.size(0)
        delta_c = torch.zeros(num + 3, num + 3, dtype=torch.float64)
        delta_c[:num, :num] = _tps_kernel(torch.cdist(ctrl, ctrl))
        delta_c[:num, num] = 1
        delta_c[:num, num + 1:] = ctrl
        delta_c[num, :num] = 1
        delta_c[num + 1:, :num] = ctrl.t()
        # Pixel centres in normalised coordinates (align_corners=False).
        ys = (torch.arange(height, dtype=torch.float64) * 2 + 1) / height - 1
        xs = (torch.arange(width, dtype=torch.float64) * 2 + 1) / width - 1
        grid_y, grid_x = torch.meshgrid(ys, xs, indexing='ij')
        points = torch.stack([grid_x, grid_y], dim=-1).view(-1, 2)
        p_hat = torch.cat([_tps_kernel(torch.cdist(points, ctrl)),
                           torch.ones(points.size(0), 1, dtype=torch.float64),
                           points], dim=1)
        self.register_buffer('inv_delta_C', torch.linalg.inv(delta_c).float())
        self.register_buffer('P_hat', p_hat.float())

    def forward(self, ctrl_points: torch.Tensor) -> torch.Tensor:
        """``(N, F, 2)`` fiducial points -> grid ``(N, H, W, 2)``."""
        n = ctrl_points.size(0)
        padded = F.pad(ctrl_points, (0, 0, 0, 3))  # (N, F+3, 2)
        transform = torch.matmul(self.inv_delta_C, padded)
        grid = torch.matmul(self.P_hat, transform)
        return grid.view(n, *self.rectified_img_size, 2)


@PREPROCESSOR.register_module()
class TPSPreprocessor(BasePreprocessor):
    """Rectify text images with a learned thin-plate-spline transform.

    Input ``(N, num_img_channel, H, W)``, output
    ``(N, num_img_channel, *rectified_img_size)``. At initialisation the
    transform is the identity (up to resampling to ``rectified_img_size``).

    Args:
        num_fiducial: Number of fiducial points (even, >= 4).
        img_size: ``(h, w)`` the localization network sees; inputs of another
            size are resized to it for that network only.
        rectified_img_size: ``(h, w)`` of the output.
        num_img_channel: Image channels.
    """

    def __init__(self, num_fiducial: int = 20,
                 img_size: Sequence[int] = (32, 100),
                 rectified_img_size: Sequence[int] = (32, 100),
                 num_img_channel: int = 1,
                 init_cfg: dict | list | None = None):
        super().__init__()
        if num_fiducial < 4 or num_fiducial % 2:
            raise InvalidValueError(
                f'num_fiducial must be even and >= 4, got {num_fiducial}')
        self.num_fiducial = num_fiducial
        self.img_size = tuple(img_size)
        self.rectified_img_size = tuple(rectified_img_size)
        self.num_img_channel = num_img_channel
        self.LocalizationNetwork = LocalizationNetwork(num_fiducial,
                                                       num_img_channel)
        self.GridGenerator = GridGenerator(num_fiducial, rectified_img_size)
        self.setup_init(init_cfg)

    def forward(self, batch_img: torch.Tensor) -> torch.Tensor:
        if batch_img.dim() != 4 or batch_img.size(1) != self.num_img_channel:
            raise InvalidValueError(
                f'TPSPreprocessor expects (N, {self.num_img_channel}, H, W), '
                f'got {tuple(batch_img.shape)}')
        loc_input = batch_img
        if tuple(batch_img.shape[2:]) != self.img_size:
            loc_input = F.interpolate(batch_img, size=self.img_size,
                                      mode='bilinear', align_corners=False)
        grid = self.GridGenerator(self.LocalizationNetwork(loc_input))
        return F.grid_sample(batch_img, grid, padding_mode='border',
                             align_corners=False)
