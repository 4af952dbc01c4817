"""torchvision's common image transforms, written with numpy and OpenCV, for
:class:`TorchVisionWrapper` when torchvision is not installed (and for
``AffineJitter``); ``ColorJitter`` is the pipeline step of that name.

Each op takes torchvision's arguments (``RandomRotation(degrees,
interpolation=..., expand=..., center=..., fill=...)``) and the older names
0.x configs use (``resample``, ``fillcolor``), and is called on an RGB
``(H, W, 3)`` (or gray ``(H, W)``) ``uint8`` array, returning an array.
Random parameters are drawn from torch's global RNG in torchvision's order
(``torch.rand(1)`` for a probability, ``torch.empty(1).uniform_`` for a
range), so a seeded run draws the same values as with torchvision.
Geometry follows torchvision's PIL path: continuous coordinates with pixel
corners at integers, the centre at ``(W / 2, H / 2)``; ``RandomAffine``
rotates clockwise, ``RandomRotation`` counter-clockwise.
"""
from __future__ import annotations

import math
from typing import Any, Callable, Sequence

import cv2
import numpy as np
import torch

from mmocr.utils.errors import InvalidValueError

__all__ = ['TV_OPS', 'warp_affine', 'affine_matrix']

_INTERP = {0: cv2.INTER_NEAREST, 2: cv2.INTER_LINEAR, 3: cv2.INTER_CUBIC,
           'nearest': cv2.INTER_NEAREST, 'bilinear': cv2.INTER_LINEAR,
           'bicubic': cv2.INTER_CUBIC}


def _interp(value: Any) -> int:
    """torchvision's ``InterpolationMode`` (or its value), a PIL filter
    number, or 0.x's ``resample=False`` -> an OpenCV flag."""
    key = getattr(value, 'value', value)
    key = int(key) if isinstance(key, bool) else key
    if key not in _INTERP:
        raise InvalidValueError(f'interpolation must be nearest, bilinear or bicubic '
                                f'(or 0, 2, 3), got {value!r}')
    return _INTERP[key]


def _uniform(low: float, high: float) -> float:
    return float(torch.empty(1).uniform_(float(low), float(high)).item())


def _range(value: float | Sequence[float], name: str) -> tuple[float, float]:
    """``v`` -> ``(-v, v)``; a pair as given."""
    if isinstance(value, (int, float)):
        if value < 0:
            raise InvalidValueError(f'{name} must be non-negative, got {value}')
        return -float(value), float(value)
    if len(value) != 2:
        raise InvalidValueError(f'{name} must be a number or a pair, got {value!r}')
    return float(value[0]), float(value[1])


def _border(fill: Any) -> tuple[float, ...]:
    """torchvision's ``fill`` (a number or per-channel values) as an
    OpenCV border value."""
    fill = 0 if fill is None else fill
    if isinstance(fill, (int, float)):
        return (float(fill), ) * 4
    return tuple(float(v) for v in fill)


def affine_matrix(center: Sequence[float], angle: float,
                  translate: Sequence[float], scale: float,
                  shear: Sequence[float]) -> np.ndarray:
    """torchvision's affine map ``T(center + translate) @ R(angle) Sh(shear)
    S(scale) @ T(-center)`` (``angle`` in degrees, clockwise on the image;
    ``shear`` ``(x, y)`` degrees) as a ``(3, 3)`` forward matrix."""
    rot, sx, sy = (math.radians(angle), math.radians(shear[0]),
                   math.radians(shear[1]))
    a = math.cos(rot - sy) / math.cos(sy)
    b = -math.cos(rot - sy) * math.tan(sx) / math.cos(sy) - math.sin(rot)
    c = math.sin(rot - sy) / math.cos(sy)
    d = -math.sin(rot - sy) * math.tan(sx) / math.cos(sy) + math.cos(rot)
    cx, cy = center
    matrix = np.eye(3)
    matrix[:2, :2] = scale * np.array([[a, b], [c, d]])
    matrix[:2, 2] = (np.array([cx + translate[0], cy + translate[1]])
                     - matrix[:2, :2] @ np.array([cx, cy]))
    return matrix


def warp_affine(img: np.ndarray, matrix: np.ndarray, height: int, width: int,
                interp: int = cv2.INTER_LINEAR,
                border_value: float | tuple = 0) -> np.ndarray:
    """Warp ``img`` by a forward ``(3, 3)`` map in continuous coordinates
    (pixel corners at integers) into a ``(height, width)`` output."""
    lin = matrix[:2, :2]
    shift = matrix[:2, 2] + lin @ np.array([0.5, 0.5]) - 0.5
    out = cv2.warpAffine(img, np.hstack([lin, shift[:, None]]).astype(
        np.float64), (width, height), flags=interp,
        borderMode=cv2.BORDER_CONSTANT, borderValue=border_value)
    if img.ndim == 3 and out.ndim == 2:
        out = out[..., None]
    return out


class RandomAffine:
    """torchvision ``RandomAffine``: rotation in ``[-degrees, degrees]``,
    translation up to ``translate * (W, H)`` (rounded to pixels), scale in
    ``scale``, shear ``x`` (or ``(x0, x1[, y0, y1])``) degrees."""

    def __init__(self, degrees: float | Sequence[float],
                 translate: Sequence[float] | None = None,
                 scale: Sequence[float] | None = None,
                 shear: float | Sequence[float] | None = None,
                 interpolation: Any = 0, fill: Any = 0,
                 center: Sequence[float] | None = None,
                 resample: Any = None, fillcolor: Any = None):
        self.degrees = _range(degrees, 'degrees')
        if translate is not None and not all(0 <= t <= 1 for t in translate):
            raise InvalidValueError(f'translate values must be in [0, 1], got '
                                    f'{translate!r}')
        self.translate = translate
        self.scale = scale
        # x range, and a y range when four values are given
        if shear is None:
            self.shear = None
        elif isinstance(shear, (int, float)) or len(shear) == 2:
            self.shear = _range(shear, 'shear')
        elif len(shear) == 4:
            self.shear = tuple(float(s) for s in shear)
        else:
            raise InvalidValueError(f'shear must be a number or 2 or 4 values, got '
                                    f'{shear!r}')
        self.interp = _interp(interpolation if resample is None else resample)
        self.fill = fill if fillcolor is None else fillcolor
        self.center = center

    def sample(self, height: int, width: int) -> np.ndarray:
        """Draw the parameters (torchvision's order) -> forward matrix."""
        angle = _uniform(*self.degrees)
        tx = ty = 0.0
        if self.translate is not None:
            max_dx, max_dy = (self.translate[0] * width,
                              self.translate[1] * height)
            tx = float(round(_uniform(-max_dx, max_dx)))
            ty = float(round(_uniform(-max_dy, max_dy)))
        scale = 1.0 if self.scale is None else _uniform(*self.scale)
        shear = (0.0, 0.0)
        if self.shear is not None:
            shear = (_uniform(self.shear[0], self.shear[1]),
                     _uniform(self.shear[2], self.shear[3])
                     if len(self.shear) == 4 else 0.0)
        center = self.center or (width * 0.5, height * 0.5)
        return affine_matrix(center, angle, (tx, ty), scale, shear)

    def __call__(self, img: np.ndarray) -> np.ndarray:
        height, width = img.shape[:2]
        return warp_affine(img, self.sample(height, width), height, width,
                           self.interp, _border(self.fill))


class RandomRotation:
    """torchvision ``RandomRotation``: counter-clockwise by an angle in
    ``[-degrees, degrees]``; ``expand`` grows the output to hold the whole
    rotated image."""

    def __init__(self, degrees: float | Sequence[float],
                 interpolation: Any = 0, expand: bool = False,
                 center: Sequence[float] | None = None, fill: Any = 0,
                 resample: Any = None):
        self.degrees = _range(degrees, 'degrees')
        self.interp = _interp(interpolation if resample is None else resample)
        self.expand = expand
        self.center = center
        self.fill = fill

    def __call__(self, img: np.ndarray) -> np.ndarray:
        angle = _uniform(*self.degrees)
        height, width = img.shape[:2]
        center = self.center or (width * 0.5, height * 0.5)
        matrix = affine_matrix(center, -angle, (0, 0), 1.0, (0, 0))
        out_h, out_w = height, width
        if self.expand:
            corners = np.array([[0, 0, 1], [width, 0, 1], [width, height, 1],
                                [0, height, 1]], dtype=np.float64)
            pts = corners @ matrix.T
            low, high = pts[:, :2].min(0), pts[:, :2].max(0)
            out_w = int(math.ceil(high[0] - 1e-6) - math.floor(low[0] + 1e-6))
            out_h = int(math.ceil(high[1] - 1e-6) - math.floor(low[1] + 1e-6))
            matrix[:2, 2] += (np.array([out_w, out_h]) / 2
                              - (matrix[:2, :2] @ np.array(center)
                                 + matrix[:2, 2]))
        return warp_affine(img, matrix, out_h, out_w, self.interp,
                           _border(self.fill))


def _luma(img: np.ndarray) -> np.ndarray:
    """PIL's ``convert('L')`` of an RGB array (ITU-R 601-2, rounded)."""
    rgb = img.astype(np.float64)
    return np.clip(np.round(rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587
                            + rgb[..., 2] * 0.114), 0, 255).astype(img.dtype)


class Grayscale:
    """torchvision ``Grayscale``: ``(H, W)`` for one output channel, the
    gray level repeated for three."""

    def __init__(self, num_output_channels: int = 1):
        if num_output_channels not in (1, 3):
            raise InvalidValueError('num_output_channels must be 1 or 3, got '
                                    f'{num_output_channels}')
        self.num_output_channels = num_output_channels

    def __call__(self, img: np.ndarray) -> np.ndarray:
        gray = img if img.ndim == 2 else _luma(img)
        if self.num_output_channels == 3:
            return np.repeat(gray[..., None], 3, axis=2)
        return gray


class RandomGrayscale:
    """torchvision ``RandomGrayscale``: gray (same channel count) with
    probability ``p``."""

    def __init__(self, p: float = 0.1):
        self.p = p

    def __call__(self, img: np.ndarray) -> np.ndarray:
        if img.ndim == 2 or torch.rand(1).item() >= self.p:
            return img
        return Grayscale(3)(img)


class _RandomFlip:

    def __init__(self, p: float = 0.5):
        self.p = p

    def __call__(self, img: np.ndarray) -> np.ndarray:
        if torch.rand(1).item() < self.p:
            return np.ascontiguousarray(np.flip(img, axis=self.axis))
        return img


class RandomHorizontalFlip(_RandomFlip):
    """torchvision ``RandomHorizontalFlip``."""
    axis = 1


class RandomVerticalFlip(_RandomFlip):
    """torchvision ``RandomVerticalFlip``."""
    axis = 0


class GaussianBlur:
    """torchvision ``GaussianBlur``: a ``kernel_size`` (odd; int or
    ``(kx, ky)``) Gaussian, sigma uniform in ``sigma`` (or fixed),
    reflected borders."""

    def __init__(self, kernel_size: int | Sequence[int],
                 sigma: float | Sequence[float] = (0.1, 2.0)):
        ksize = ((kernel_size, kernel_size) if isinstance(kernel_size, int)
                 else tuple(kernel_size))
        if any(k <= 0 or k % 2 == 0 for k in ksize):
            raise InvalidValueError(f'kernel_size must be odd and positive, got '
                                    f'{kernel_size!r}')
        self.ksize = ksize
        self.sigma = ((float(sigma), float(sigma)) if isinstance(
            sigma, (int, float)) else (float(sigma[0]), float(sigma[1])))

    def __call__(self, img: np.ndarray) -> np.ndarray:
        sigma = _uniform(*self.sigma)
        return cv2.GaussianBlur(img, self.ksize, sigmaX=sigma, sigmaY=sigma,
                                borderType=cv2.BORDER_REFLECT_101)


#: torchvision op name -> its numpy/OpenCV version (``ColorJitter`` is the
#: pipeline step of that name, see :class:`TorchVisionWrapper`).
TV_OPS: dict[str, Callable[..., Callable]] = {
    'Grayscale': Grayscale,
    'RandomGrayscale': RandomGrayscale,
    'RandomRotation': RandomRotation,
    'RandomAffine': RandomAffine,
    'GaussianBlur': GaussianBlur,
    'RandomHorizontalFlip': RandomHorizontalFlip,
    'RandomVerticalFlip': RandomVerticalFlip,
}
