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
           'fourier2poly', 'fill_hole', 'skeletonize', 'centralize',
           'merge_disks']


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


def _thinning_tables() -> tuple[np.ndarray, np.ndarray]:
    """Zhang-Suen deletion tables of the two sub-iterations, indexed by the
    8-neighbour code ``sum(P_k << (k - 2))``, ``P2..P9`` clockwise from the
    pixel above."""
    codes = np.arange(256)
    p = [(codes >> i) & 1 for i in range(8)]  # P2 .. P9
    count = sum(p)
    transitions = sum((p[i] == 0) & (p[(i + 1) % 8] == 1) for i in range(8))
    base = (count >= 2) & (count <= 6) & (transitions == 1)
    p2, p4, p6, p8 = p[0], p[2], p[4], p[6]
    first = base & (p2 * p4 * p6 == 0) & (p4 * p6 * p8 == 0)
    second = base & (p2 * p4 * p8 == 0) & (p2 * p6 * p8 == 0)
    return first, second


_THINNING = _thinning_tables()


def skeletonize(mask: np.ndarray) -> np.ndarray:
    """One-pixel-wide skeleton of the foreground of ``mask`` ``(H, W)`` by
    Zhang-Suen thinning (pixels outside the image count as background);
    each sub-iteration is one table lookup over the whole mask. MMOCR 0.x
    used scikit-image's ``skeletonize``, whose deletion table differs
    slightly: skeletons can differ by a pixel here and there (the disks
    drawn along them hide it).

    Returns:
        A bool ``(H, W)`` array.
    """
    mask = np.asarray(mask)
    if mask.ndim != 2:
        raise InvalidValueError(f'mask must be (H, W), got shape {mask.shape}')
    pad = np.pad((mask > 0).astype(np.uint8), 1)
    # (dy, dx) of P2 .. P9 around the pixel.
    offsets = ((-1, 0), (-1, 1), (0, 1), (1, 1), (1, 0), (1, -1), (0, -1),
               (-1, -1))
    h, w = mask.shape
    changed = True
    while changed:
        changed = False
        for table in _THINNING:
            code = np.zeros((h, w), np.int32)
            for bit, (dy, dx) in enumerate(offsets):
                code |= pad[1 + dy:1 + dy + h, 1 + dx:1 + dx + w].astype(
                    np.int32) << bit
            inner = pad[1:-1, 1:-1]
            delete = (inner == 1) & table[code]
            if delete.any():
                inner[delete] = 0
                changed = True
    return pad[1:-1, 1:-1].astype(bool)


def centralize(points_yx: np.ndarray, normal_sin: np.ndarray,
               normal_cos: np.ndarray, radius: np.ndarray,
               contour_mask: np.ndarray, step_ratio: float = 0.03
               ) -> np.ndarray:
    """Move skeleton points to the middle of their mask along the normal.

    Each point walks in steps of ``step_ratio * radius * (normal_sin,
    normal_cos)`` (``(dy, dx)``) while the next position (the point plus
    the floored displacement; ``x`` must be > 0 as in MMOCR 0.x) stays
    inside ``contour_mask``, once forwards and once backwards; all points
    walk together, jumping over the steps that stay in the same pixel (so
    tiny radii cost no more than large ones). A point whose step is zero
    stays where it is. Positions are the integer start plus a
    displacement, so the result does not depend on where the mask is
    cropped.

    Args:
        points_yx: ``(n, 2)`` int ``(y, x)`` points.
        normal_sin, normal_cos: ``(n,)`` or ``(n, 1)`` normal direction.
        radius: ``(n,)`` or ``(n, 1)`` local radius.
        contour_mask: ``(H, W)`` mask the points walk in.
        step_ratio: Step length relative to the radius.

    Returns:
        ``(n, 2)`` int32 ``(y, x)``: the midpoints of the two walks' ends
        (floored).
    """
    start = np.asarray(points_yx).reshape(-1, 2).astype(np.int64)
    mask = np.asarray(contour_mask) > 0
    h, w = mask.shape
    step = step_ratio * np.asarray(radius, np.float64).reshape(-1, 1) * \
        np.stack([np.asarray(normal_sin, np.float64).reshape(-1),
                  np.asarray(normal_cos, np.float64).reshape(-1)], axis=1)
    moving = np.any(step != 0, axis=1)
    ends = []
    for sign in (1.0, -1.0):
        vec = sign * step
        disp, active = np.zeros(step.shape), moving.copy()
        # Steps that stay in the same pixel change nothing: jump to the
        # first step entering a new pixel (one loop turn per pixel).
        while active.any():
            cur = np.floor(disp)
            with np.errstate(divide='ignore', invalid='ignore'):
                jump = np.where(vec > 0, np.ceil((cur + 1 - disp) / vec),
                                np.where(vec < 0,
                                         np.floor((cur - disp) / vec) + 1,
                                         np.inf)).min(axis=1)
            jump = np.where(active, np.maximum(jump, 1), 0)
            trial = disp + jump[:, None] * vec
            nxt = start + np.floor(trial).astype(np.int64)
            ny, nx = nxt[:, 0], nxt[:, 1]
            inside = (ny >= 0) & (ny < h) & (nx > 0) & (nx < w)
            inside &= mask[np.clip(ny, 0, h - 1), np.clip(nx, 0, w - 1)]
            # In: take the jump; out: stop at the last step before it.
            disp = np.where((active & inside)[:, None], trial,
                            disp + np.maximum(jump - 1, 0)[:, None] * vec)
            active &= inside
        ends.append(disp)
    return (start + np.floor((ends[0] + ends[1]) * 0.5)).astype(np.int32)


def _close_pairs(xy: np.ndarray, radius: np.ndarray, thr: float
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Both orders ``(i, j)``, ``i != j``, of the pairs of disks with
    ``|xy_i - xy_j| <= (r_i + r_j) * thr``: candidates are the pairs within
    the largest threshold along the axis of larger spread (points sorted
    on it, a window per point), then checked exactly."""
    n = len(xy)
    if n < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    reach = max(2 * radius.max() * thr, 2 * radius.min() * thr)
    if reach < 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    axis = int(np.ptp(xy[:, 1]) > np.ptp(xy[:, 0]))
    sort = np.argsort(xy[:, axis], kind='stable')
    key = xy[sort, axis]
    # (a hair wider than the threshold: the exact test below decides)
    ends = np.searchsorted(key, key + reach * (1 + 1e-9) + 1e-9, side='right')
    count = ends - np.arange(n) - 1
    first = np.repeat(np.arange(n), count)
    second = first + 1 + np.arange(count.sum()) - np.repeat(
        np.cumsum(count) - count, count)
    i, j = sort[first], sort[second]
    delta = xy[i] - xy[j]
    dist = np.sqrt(delta[:, 0] * delta[:, 0] + delta[:, 1] * delta[:, 1])
    close = dist <= (radius[i] + radius[j]) * thr
    i, j = i[close], j[close]
    return np.concatenate([i, j]), np.concatenate([j, i])


def merge_disks(disks: np.ndarray, disk_overlap_thr: float) -> np.ndarray:
    """Greedy merge of overlapping disks, best score first (MMOCR 0.x's).

    The best remaining disk and every remaining disk whose center is within
    ``(r_best + r) * disk_overlap_thr`` of its center become one disk (the
    mean of their rows, best first then by score); repeat on the rest. The
    close pairs are found at once (:func:`_close_pairs`); only disks in a
    pair take part in the greedy loop (the others stay as they are).

    Args:
        disks: ``(n, 4)`` rows ``(x, y, radius, score)``.
        disk_overlap_thr: See above.

    Returns:
        ``(m, 4)`` merged disks, in the order they were formed.
    """
    disks = np.asarray(disks, dtype=np.float64).reshape(-1, 4)
    n = len(disks)
    order = disks[:, 3].argsort()[::-1]
    rank = np.empty(n, np.int64)
    rank[order] = np.arange(n)
    xy, radius = disks[:, :2], disks[:, 2]
    rows, cols = _close_pairs(xy, radius, disk_overlap_thr)
    # Neighbours of each disk, by rank; the greedy loop runs in plain
    # Python over the (few, short) neighbour lists.
    by_row = np.lexsort((rank[cols], rows))
    rows, cols = rows[by_row], cols[by_row]
    starts = np.searchsorted(rows, np.arange(n + 1)).tolist()
    cols = cols.tolist()
    alive = [True] * n
    group = np.arange(n)  # each disk's leader
    for k in order[np.isin(order, rows)].tolist():
        if not alive[k]:
            continue
        alive[k] = False
        for j in cols[starts[k]:starts[k + 1]]:
            if alive[j]:
                alive[j] = False
                group[j] = k
    leaders = order[group[order] == order]
    slot = np.empty(n, np.int64)
    slot[leaders] = np.arange(len(leaders))
    # Sum each group in rank order (leader first), as a mean of its rows.
    members = order[np.argsort(slot[group[order]], kind='stable')]
    sums = np.zeros((len(leaders), 4))
    np.add.at(sums, slot[group[members]], disks[members])
    counts = np.bincount(slot[group], minlength=len(leaders))
    return sums / counts[:, None]
