"""Backgrounds: plain colours, gradients, noise textures, paper and crops of
real images given by the user.

Every function returns a ``uint8`` RGB ``HxWx3`` array and draws its
randomness from the ``numpy.random.Generator`` it is given.
"""
from __future__ import annotations

import os
import os.path as osp
import warnings
from typing import Sequence

import cv2
import numpy as np

from mmocr.utils.errors import ImageLoadError
from mmocr.utils.img_util import IMAGE_EXTENSIONS, imread

__all__ = ['BackgroundSource', 'plain', 'gradient', 'smooth_noise', 'paper',
           'list_images']


def _colour(rng: np.random.Generator, low: int = 0, high: int = 256
            ) -> np.ndarray:
    return rng.integers(low, high, size=3).astype(np.float32)


def plain(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    """One random colour."""
    return np.broadcast_to(_colour(rng).astype(np.uint8), (h, w, 3)).copy()


def gradient(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    """A linear (any direction) or radial blend of two random colours."""
    c0, c1 = _colour(rng), _colour(rng)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    if rng.random() < 0.7:
        angle = rng.uniform(0, 2 * np.pi)
        t = xx * np.cos(angle) + yy * np.sin(angle)
    else:
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        t = np.hypot(xx - cx, yy - cy)
    t = (t - t.min()) / max(float(t.max() - t.min()), 1e-6)
    return (c0 + t[..., None] * (c1 - c0)).clip(0, 255).astype(np.uint8)


def smooth_noise(rng: np.random.Generator, h: int, w: int,
                 octaves: int = 3) -> np.ndarray:
    """Fractal value noise (upsampled random grids) tinted between two
    colours: cloud, stone and fabric-like textures."""
    field = _noise_field(rng, h, w, octaves)
    c0, c1 = _colour(rng), _colour(rng)
    return (c0 + field[..., None] * (c1 - c0)).clip(0, 255).astype(np.uint8)


def _noise_field(rng: np.random.Generator, h: int, w: int,
                 octaves: int = 3) -> np.ndarray:
    """Sum of ``octaves`` bilinearly upsampled random grids, ``HxW`` float32
    in [0, 1]."""
    field = np.zeros((h, w), np.float32)
    cell = max(h, w) / rng.uniform(2, 6)
    amp, total = 1.0, 0.0
    for _ in range(octaves):
        gh, gw = max(2, int(h / cell) + 2), max(2, int(w / cell) + 2)
        grid = rng.random((gh, gw)).astype(np.float32)
        field += amp * cv2.resize(grid, (w, h), interpolation=cv2.INTER_CUBIC)
        total += amp
        amp *= 0.5
        cell /= 2.5
    field /= total
    lo, hi = float(field.min()), float(field.max())
    return (field - lo) / max(hi - lo, 1e-6)


def paper(rng: np.random.Generator, h: int, w: int,
          tone: float | None = None) -> np.ndarray:
    """White/grey/cream paper: a light base, slow shading, fine grain and
    a few fibres. ``tone`` (0-255) fixes the base brightness."""
    base = float(rng.uniform(200, 252) if tone is None else tone)
    tint = rng.uniform(-8, 8, size=3).astype(np.float32)
    shade = (_noise_field(rng, h, w, 2) - 0.5) * rng.uniform(0, 30)
    grain = rng.normal(0, rng.uniform(1, 6), size=(h, w)).astype(np.float32)
    img = base + shade + grain
    img = img[..., None] + tint
    return img.clip(0, 255).astype(np.uint8)


def list_images(folder: str) -> list[str]:
    """Image files under ``folder`` (recursive, sorted)."""
    if not osp.isdir(folder):
        raise FileNotFoundError(f'background folder not found: {folder}')
    files = []
    for root, _, names in os.walk(folder):
        files.extend(osp.join(root, n) for n in names
                     if n.lower().endswith(IMAGE_EXTENSIONS))
    return sorted(files)


class BackgroundSource:
    """Random backgrounds of a requested size.

    Args:
        bg_dirs: Folders of real images; crops of them (rescaled, possibly
            flipped) are used with probability ``image_prob``.
        image_prob: Chance of a real image crop when images are available.
        max_cached: Decoded images kept in memory per process.
    """

    def __init__(self, bg_dirs: Sequence[str] = (), image_prob: float = 0.5,
                 max_cached: int = 64):
        self.images: list[str] = []
        for folder in bg_dirs:
            self.images.extend(list_images(folder))
        if bg_dirs and not self.images:
            raise FileNotFoundError(f'no images found in {list(bg_dirs)}')
        self.image_prob = image_prob
        self.max_cached = max_cached
        self._cache: dict[str, np.ndarray] = {}
        self._unreadable: set[str] = set()

    def _read(self, path: str) -> np.ndarray | None:
        img = self._cache.get(path)
        if img is None:
            try:
                img = imread(path, channel_order='rgb')
            except ImageLoadError as err:
                if path not in self._unreadable:  # say so once per file
                    self._unreadable.add(path)
                    warnings.warn(f'background image: {err}; a synthetic '
                                  'background is used instead', UserWarning,
                                  stacklevel=2)
                return None
            if len(self._cache) >= self.max_cached:
                self._cache.pop(next(iter(self._cache)))
            self._cache[path] = img
        return img

    def crop(self, rng: np.random.Generator, h: int, w: int
             ) -> np.ndarray | None:
        """A random crop of a real image, resized to ``h x w``."""
        img = self._read(self.images[int(rng.integers(len(self.images)))])
        if img is None:
            return None
        ih, iw = img.shape[:2]
        scale = rng.uniform(0.3, 1.0)
        ch = max(2, min(ih, int(round(ih * scale))))
        cw = max(2, min(iw, int(round(ch * w / max(h, 1)))))
        ch = max(2, min(ih, int(round(cw * h / max(w, 1)))))
        y0 = int(rng.integers(0, ih - ch + 1))
        x0 = int(rng.integers(0, iw - cw + 1))
        patch = cv2.resize(img[y0:y0 + ch, x0:x0 + cw], (w, h),
                           interpolation=cv2.INTER_AREA)
        if rng.random() < 0.5:
            patch = patch[:, ::-1]
        return np.ascontiguousarray(patch)

    def sample(self, rng: np.random.Generator, h: int, w: int,
               kind: str = 'scene') -> np.ndarray:
        """A ``h x w`` RGB background.

        Args:
            kind: ``'scene'`` (anything) or ``'document'`` (paper-like).
        """
        if kind == 'document':
            return paper(rng, h, w)
        if self.images and rng.random() < self.image_prob:
            patch = self.crop(rng, h, w)
            if patch is not None:
                return patch
        maker = (plain, gradient, smooth_noise, paper)[int(
            rng.choice(4, p=[0.25, 0.3, 0.25, 0.2]))]
        return maker(rng, h, w)
