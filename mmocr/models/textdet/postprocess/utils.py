"""Geometry helpers shared by the text detection postprocessors
(``points2boundary`` is :func:`mmocr.core.mask.points2boundary`, re-exported
at its MMOCR 0.x path)."""
from __future__ import annotations

from typing import Sequence

import cv2
import numpy as np
import shapely

from mmocr.core.mask import points2boundary
from mmocr.utils.errors import InvalidTypeError, InvalidValueError
from mmocr.utils.polygon_utils import (
    offset_polygon,
    polys2shapely_array,
    unclip_distance,
)

__all__ = ['points2boundary', 'box_score_fast', 'unclip', 'poly_nms',
           'fourier2poly', 'fill_hole']


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


def poly_nms(polygons: Sequence[Sequence[float]],
             threshold: float) -> list[list[float]]:
    """Greedy non-maximum suppression of scored polygons (MMOCR 0.x).

    The highest-scoring polygon is kept and every remaining one whose IoU
    with it exceeds ``threshold`` is dropped, until none is left. Each kept
    polygon's IoUs with the survivors come from one vectorised shapely 2
    call (invalid polygons repaired with ``buffer(0)``, as the detection
    metrics do), so heavily overlapping sets (FCENet's one polygon per
    pixel) cost about ``kept * N`` intersections, not ``N^2``; two polygons
    of empty union count as IoU 1. Equal scores: the later polygon wins, as
    in MMOCR 0.x.

    Args:
        polygons: ``[x1, y1, ..., xn, yn, score]`` each (n >= 3; lengths
            may differ).
        threshold: IoU above which a polygon is suppressed.

    Returns:
        The kept polygons as lists of floats, highest score first.
    """
    if not isinstance(polygons, (list, tuple)):
        raise InvalidTypeError(f'polygons must be a list of [x1, y1, ..., score], '
                               f'got {type(polygons).__name__}')
    if len(polygons) == 0:
        return []
    rows = [np.asarray(p, dtype=np.float64).reshape(-1) for p in polygons]
    for i, row in enumerate(rows):
        if row.size < 7 or row.size % 2 != 1:
            raise InvalidValueError(f'polygons[{i}] must be [x1, y1, ..., xn, yn, '
                                    f'score] with n >= 3, got {row.size} values')
    scores = np.array([row[-1] for row in rows])
    geoms = polys2shapely_array([row[:-1] for row in rows], make_valid=True,
                                name='polygons')
    areas = shapely.area(geoms)
    # Stable ascending order read from the end: ties go to the later one.
    order = np.argsort(scores, kind='stable')[::-1]
    keep = []
    while order.size:
        best, rest = order[0], order[1:]
        keep.append(best)
        inter = shapely.area(shapely.intersection(geoms[best], geoms[rest]))
        union = areas[best] + areas[rest] - inter
        iou = np.divide(inter, union, out=np.ones_like(inter),
                        where=union > 0)
        order = rest[~(iou > threshold)]
    return [rows[i].tolist() for i in keep]


def fourier2poly(fourier_coeff: np.ndarray,
                 num_reconstr_points: int = 50) -> np.ndarray:
    """Polygons from Fourier coefficients (inverse FFT, MMOCR 0.x).

    Point ``j`` of polygon ``i`` is ``sum_k c[i, k] * exp(2 pi 1j * k * j /
    num_reconstr_points)`` for ``k = -K..K`` (``x`` the real part, ``y`` the
    imaginary part).

    Args:
        fourier_coeff: Complex ``(N, 2K + 1)`` coefficients, ``c_{-K}`` first.
        num_reconstr_points: Points per polygon (``> 2K``).

    Returns:
        ``int32`` ``(N, 2 * num_reconstr_points)`` flat polygons ``[x1, y1,
        ...]`` (coordinates truncated towards zero, as MMOCR 0.x).
    """
    coeff = np.asarray(fourier_coeff)
    if coeff.ndim != 2 or coeff.shape[1] % 2 != 1:
        raise InvalidValueError('fourier_coeff must be (N, 2k + 1), got shape '
                                f'{coeff.shape}')
    k = (coeff.shape[1] - 1) // 2
    if num_reconstr_points <= 2 * k:
        raise InvalidValueError(f'num_reconstr_points={num_reconstr_points} '
                                f'must exceed 2 * fourier degree = {2 * k}')
    spectrum = np.zeros((len(coeff), num_reconstr_points), dtype=np.complex128)
    spectrum[:, :k + 1] = coeff[:, k:]
    if k:
        spectrum[:, -k:] = coeff[:, :k]
    points = np.fft.ifft(spectrum, axis=1) * num_reconstr_points
    polygons = np.stack([points.real, points.imag], axis=-1)
    return polygons.astype(np.int32).reshape(len(coeff), -1)


def fill_hole(input_mask: np.ndarray) -> np.ndarray:
    """``input_mask`` ``(H, W)`` with its holes filled: the background
    regions not connected (4-neighbourhood) to the image border become
    foreground.

    Returns:
        A bool ``(H, W)`` array.
    """
    mask = np.asarray(input_mask)
    if mask.ndim != 2:
        raise InvalidValueError(f'input_mask must be (H, W), got shape {mask.shape}')
    h, w = mask.shape
    canvas = np.zeros((h + 2, w + 2), np.uint8)
    canvas[1:-1, 1:-1] = mask > 0
    # Flood the background from the padded border; what stays 0 is a hole.
    cv2.floodFill(canvas, np.zeros((h + 4, w + 4), np.uint8), (0, 0), 1,
                  flags=4)
    return (canvas[1:-1, 1:-1] == 0) | (mask > 0)
