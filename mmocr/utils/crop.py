"""Crop text instances out of an image (pure image helpers, used by the
crop pipelines of :mod:`mmocr.datasets.pipelines` and by
:func:`mmocr.utils.box_util.rectify_crop`).

* :func:`warp_img`: perspective-rectify a quadrilateral into an upright
  rectangle (deskews rotated/slanted boxes).
* :func:`crop_img`: axis-aligned crop of a box's bounding rectangle with
  some context padding.
* :func:`box_jitter`: randomly move the corners of a quadrilateral.
"""
from __future__ import annotations

from typing import Sequence

import cv2
import numpy as np

from mmocr.utils.errors import InvalidValueError

from .polygon_utils import sort_vertex

__all__ = ['box_jitter', 'warp_img', 'crop_img']


def _check_quad(box: Sequence[float]) -> np.ndarray:
    arr = np.asarray(box, dtype=np.float64)
    if arr.shape != (8, ) or not np.all(np.isfinite(arr)):
        raise InvalidValueError(f'box must be 8 finite numbers [x1, y1, ..., x4, y4], '
                                f'got {list(box)!r}')
    return arr


def box_jitter(points_x: list[float], points_y: list[float],
               jitter_ratio_x: float = 0.5, jitter_ratio_y: float = 0.1
               ) -> None:
    """Move each corner (in place) by up to ``jitter_ratio_* * h`` pixels,
    where ``h`` is the longer of the quadrilateral's 2nd and 4th edges.

    Args:
        points_x: 4 x coordinates, modified in place.
        points_y: 4 y coordinates, modified in place.
        jitter_ratio_x: Horizontal jitter ratio in ``[0, 1)``.
        jitter_ratio_y: Vertical jitter ratio in ``[0, 1)``.
    """
    if len(points_x) != 4 or len(points_y) != 4:
        raise InvalidValueError('box_jitter needs 4 x and 4 y coordinates')
    for name, ratio in (('jitter_ratio_x', jitter_ratio_x),
                        ('jitter_ratio_y', jitter_ratio_y)):
        if not 0 <= ratio < 1:
            raise InvalidValueError(f'{name} must be in [0, 1), got {ratio}')
    pts = np.stack([points_x, points_y], axis=1).astype(np.float64)
    edges = np.linalg.norm(pts - np.roll(pts, -1, axis=0), axis=1)
    height = max(edges[1], edges[3])
    offsets = (np.random.rand(4, 2) - 0.5) * 2 * height * np.array(
        [jitter_ratio_x, jitter_ratio_y])
    for i in range(4):
        points_x[i] += float(offsets[i, 0])
        points_y[i] += float(offsets[i, 1])


def warp_img(src_img: np.ndarray, box: Sequence[float],
             jitter_flag: bool = False, jitter_ratio_x: float = 0.5,
             jitter_ratio_y: float = 0.1) -> np.ndarray:
    """Rectify the quadrilateral ``box`` of ``src_img`` with a perspective
    transform.

    Args:
        src_img: Image ``(H, W[, C])``.
        box: ``[x1, y1, ..., x4, y4]`` in any vertex order; clipped to the
            image.
        jitter_flag: Randomly jitter the corners first (:func:`box_jitter`).
        jitter_ratio_x: Horizontal jitter ratio.
        jitter_ratio_y: Vertical jitter ratio.

    Returns:
        The crop ``(h, w[, C])`` where ``w`` (``h``) is the longer of the
        quadrilateral's top/bottom (left/right) edges; a box thinner than a
        pixel gives its (possibly empty) bounding-rectangle crop.
    """
    arr = _check_quad(box)
    h, w = src_img.shape[:2]
    xs, ys = sort_vertex(np.clip(arr[0::2], 0, w), np.clip(arr[1::2], 0, h))
    points_x, points_y = xs.tolist(), ys.tolist()
    if jitter_flag:
        box_jitter(points_x, points_y, jitter_ratio_x, jitter_ratio_y)
    src = np.stack([points_x, points_y], axis=1).astype(np.float32)
    edges = np.linalg.norm(src - np.roll(src, -1, axis=0), axis=1)
    box_w = max(edges[0], edges[2])
    box_h = max(edges[1], edges[3])
    if box_w < 1 or box_h < 1:
        # Degenerate (thinner than a pixel) box: no perspective to undo.
        return crop_img(src_img, src.reshape(-1).tolist(), 0., 0.)
    dst = np.array([[0, 0], [box_w, 0], [box_w, box_h], [0, box_h]],
                   dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(src, dst)
    return cv2.warpPerspective(src_img, matrix, (int(box_w), int(box_h)))


def crop_img(src_img: np.ndarray, box: Sequence[float],
             long_edge_pad_ratio: float = 0.4,
             short_edge_pad_ratio: float = 0.2) -> np.ndarray:
    """Crop the axis-aligned bounding rectangle of ``box`` plus padding.

    The padding is ``long_edge_pad_ratio * s`` horizontally and
    ``short_edge_pad_ratio * s`` vertically, ``s`` being the shorter side of
    the rectangle; the crop is clipped to the image.

    Args:
        src_img: Image ``(H, W[, C])``.
        box: ``[x1, y1, ..., x4, y4]``.
        long_edge_pad_ratio: Horizontal padding ratio in ``[0, 1)``.
        short_edge_pad_ratio: Vertical padding ratio in ``[0, 1)``.

    Returns:
        A view of ``src_img`` (``(h, w[, C])``).
    """
    arr = _check_quad(box)
    for name, ratio in (('long_edge_pad_ratio', long_edge_pad_ratio),
                        ('short_edge_pad_ratio', short_edge_pad_ratio)):
        if not 0 <= ratio < 1:
            raise InvalidValueError(f'{name} must be in [0, 1), got {ratio}')
    h, w = src_img.shape[:2]
    xs = np.clip(arr[0::2], 0, w)
    ys = np.clip(arr[1::2], 0, h)
    font_size = min(xs.max() - xs.min(), ys.max() - ys.min())
    pad_x = long_edge_pad_ratio * font_size
    pad_y = short_edge_pad_ratio * font_size
    left = int(np.clip(int(xs.min() - pad_x), 0, w))
    top = int(np.clip(int(ys.min() - pad_y), 0, h))
    right = int(np.clip(int(xs.max() + pad_x), 0, w))
    bottom = int(np.clip(int(ys.max() + pad_y), 0, h))
    return src_img[top:bottom, left:right]
