"""Putting several images into one: a vertical stack, a titled grid of
feature maps."""
from __future__ import annotations

import math
from typing import Sequence

import cv2
import numpy as np

from mmocr.utils.errors import InvalidTypeError, InvalidValueError

from .display import show_image
from .image_io import write_image


def _bgr(img: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(img, cv2.COLOR_GRAY2BGR) if img.ndim == 2 else img


def tile_image(images: list[np.ndarray]) -> np.ndarray:
    """Stack images top to bottom, left-aligned, on black (gray images
    become BGR).

    Args:
        images: ``(H_i, W_i)`` or ``(H_i, W_i, 3)`` ``uint8`` arrays.

    Returns:
        ``(sum H_i, max W_i, 3)`` ``uint8``.
    """
    if not isinstance(images, list) or not images:
        raise InvalidValueError(f'images must be a non-empty list, got {images!r}')
    images = [_bgr(img) for img in images]
    width = max(img.shape[1] for img in images)
    return np.concatenate([
        np.pad(img, ((0, 0), (0, width - img.shape[1]), (0, 0)))
        for img in images], axis=0).astype(np.uint8)


def _feature_to_bgr(feature: np.ndarray, to_uint8: int) -> np.ndarray:
    """A feature map -> a BGR image: cast (``to_uint8``) or min-max scaled
    to 0-255; single-channel maps through the viridis colormap."""
    feature = np.asarray(feature)
    if to_uint8:
        img = np.clip(feature, 0, 255).astype(np.uint8)
    else:
        low, high = float(feature.min()), float(feature.max())
        span = high - low if high > low else 1.0
        img = ((feature.astype(np.float64) - low) / span * 255).astype(np.uint8)
    if img.ndim == 3 and img.shape[2] == 1:
        img = img[..., 0]
    if img.ndim == 2:
        return cv2.applyColorMap(img, cv2.COLORMAP_VIRIDIS)
    return img


def show_feature(features: Sequence[np.ndarray], names: Sequence[str],
                 to_uint8: Sequence[int], out_file: str | None = None
                 ) -> np.ndarray:
    """Draw feature maps in a square grid (``ceil(sqrt(n))`` per side),
    each under its title, and show the grid (no ``out_file``) or save it.

    Args:
        features: ``(H, W)`` or ``(H, W, 3)`` maps.
        names: A title per map.
        to_uint8: Per map, 1 to cast it to ``uint8`` as is, 0 to min-max
            scale it.
        out_file: Save the grid there instead of showing it.

    Returns:
        The BGR ``uint8`` grid; every cell is the largest map's size plus
        a 20-pixel title strip.
    """
    if not all(isinstance(f, np.ndarray) for f in features):
        raise InvalidTypeError('features must be a list of ndarrays')
    if not len(features) == len(names) == len(to_uint8) or not features:
        raise InvalidValueError(f'{len(features)} features, {len(names)} names '
                                f'and {len(to_uint8)} to_uint8 flags must be '
                                'equal and non-zero')
    cells = [_feature_to_bgr(f, flag) for f, flag in zip(features, to_uint8)]
    cell_h = max(c.shape[0] for c in cells)
    cell_w = max(max(c.shape[1] for c in cells), 60)
    side = math.ceil(math.sqrt(len(cells)))
    title_h = 20
    grid = np.full((side * (cell_h + title_h), side * cell_w, 3), 255,
                   np.uint8)
    for i, (cell, name) in enumerate(zip(cells, names)):
        top, left = (i // side) * (cell_h + title_h), (i % side) * cell_w
        cv2.putText(grid, str(name), (left + 2, top + 15),
                    cv2.FONT_HERSHEY_SIMPLEX, 0.45, (0, 0, 0), 1)
        grid[top + title_h:top + title_h + cell.shape[0],
             left:left + cell.shape[1]] = cell
    if out_file is None:
        show_image(grid, 'features')
    else:
        write_image(grid, out_file)
    return grid
