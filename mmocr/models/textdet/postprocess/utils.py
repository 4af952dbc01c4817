"""Geometry helpers shared by the text detection postprocessors."""
from __future__ import annotations

import cv2
import numpy as np

from mmocr.utils.polygon_utils import offset_polygon, unclip_distance

__all__ = ['points2boundary', 'box_score_fast', 'unclip']


def points2boundary(points: np.ndarray, text_repr_type: str,
                    text_score: float | None = None,
                    min_width: float = -1) -> list[float] | None:
    """Boundary ``[x1, y1, ..., xn, yn(, score)]`` enclosing ``points``.

    Args:
        points: ``(K, 2)`` array of ``(x, y)`` points: the pixels of a text
            region, or its contour.
        text_repr_type: ``'quad'``: the minimum-area rotated rectangle (kept
            only when its shorter side exceeds ``min_width``); ``'poly'``: the
            outer contour of the pixel set (integer points).
        text_score: Appended to the boundary when given; must be in [0, 1].
        min_width: Minimum rectangle side for ``'quad'``.

    Returns:
        The boundary, or ``None`` when it has fewer than 4 points.
    """
    points = np.asarray(points)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f'points must be (K, 2), got shape {points.shape}')
    if text_repr_type not in ('quad', 'poly'):
        raise ValueError("text_repr_type must be 'quad' or 'poly', got "
                         f'{text_repr_type!r}')
    if text_score is not None and not 0 <= text_score <= 1:
        raise ValueError(f'text_score must be in [0, 1], got {text_score}')
    if len(points) == 0:
        return None
    boundary: list[float] = []
    if text_repr_type == 'quad':
        rect = cv2.minAreaRect(points.astype(np.float32))
        if min(rect[1]) > min_width:
            boundary = cv2.boxPoints(rect).flatten().tolist()
    else:
        pts = np.round(points).astype(np.int64)
        if pts.min() < 0:
            raise ValueError('poly boundaries need non-negative points')
        width, height = pts.max(axis=0) + 10
        mask = np.zeros((height, width), np.uint8)
        mask[pts[:, 1], pts[:, 0]] = 255
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL,
                                       cv2.CHAIN_APPROX_SIMPLE)
        largest = max(contours, key=cv2.contourArea)
        boundary = largest.flatten().astype(float).tolist()
    if len(boundary) < 8:
        return None
    if text_score is not None:
        boundary.append(float(text_score))
    return boundary


def box_score_fast(bitmap: np.ndarray, box: np.ndarray) -> float:
    """Mean of ``bitmap`` ``(H, W)`` inside polygon ``box`` ``(K, 2)``.

    Only the polygon's bounding rectangle is rasterised, so the cost scales
    with the box size, not the image size.
    """
    h, w = bitmap.shape[:2]
    box = np.asarray(box, dtype=np.float64).reshape(-1, 2)
    xmin = int(np.clip(np.floor(box[:, 0].min()), 0, w - 1))
    xmax = int(np.clip(np.ceil(box[:, 0].max()), 0, w - 1))
    ymin = int(np.clip(np.floor(box[:, 1].min()), 0, h - 1))
    ymax = int(np.clip(np.ceil(box[:, 1].max()), 0, h - 1))
    mask = np.zeros((ymax - ymin + 1, xmax - xmin + 1), dtype=np.uint8)
    shifted = box - np.array([xmin, ymin], dtype=np.float64)
    cv2.fillPoly(mask, [np.round(shifted).astype(np.int32).reshape(-1, 1, 2)],
                 1)
    return float(cv2.mean(bitmap[ymin:ymax + 1, xmin:xmax + 1], mask)[0])


def unclip(box: np.ndarray, unclip_ratio: float = 1.5) -> np.ndarray:
    """Expand polygon ``box`` ``(K, 2)`` outwards by
    :func:`~mmocr.utils.polygon_utils.unclip_distance` (``area *
    unclip_ratio / perimeter``, which inverts the shrinking used to build
    DBNet's text kernels) with
    :func:`~mmocr.utils.polygon_utils.offset_polygon`.

    Returns:
        The expanded polygon ``(M, 2)`` (int64; the largest one if the offset
        yields several), or an empty ``(0, 2)`` array for a degenerate box.
    """
    box = np.asarray(box).reshape(-1, 2)
    empty = np.zeros((0, 2), dtype=np.int64)
    if len(box) < 3:
        return empty
    distance = unclip_distance(box, unclip_ratio)
    if distance == 0:  # zero area or perimeter
        return empty
    expanded = offset_polygon(box, distance)
    return expanded.reshape(-1, 2).astype(np.int64)
