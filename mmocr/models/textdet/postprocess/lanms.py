"""Locality-aware NMS (EAST, Zhou et al. 2017, section 3.5), vectorised.

The merge pass walks the quads of each row of the score map in column
order and merges each quad into the running group of its row while their
IoU exceeds the threshold (score-weighted mean of the coordinates, scores
summed); all rows advance together, one column position per step, so every
step is a handful of shapely 2 array operations over the rows, not a Python
loop over pixels. A standard greedy polygon NMS then runs on the merged
quads, their IoUs computed in one vectorised pass over the pairs whose
envelopes meet (STRtree).

The compiled ``lanms`` packages were not used: ``lanms`` does not build
here and ``lanms-neo`` is a C++ source distribution (it needs a compiler at
install time); numba is not a dependency of the toolbox.
"""
from __future__ import annotations

import numpy as np
import shapely

from mmocr.utils.errors import InvalidValueError
from mmocr.utils.polygon_utils import (
    convex_intersection_area,
    is_convex,
    make_valid_array,
    polygon_area,
)

__all__ = ['quad_iou', 'row_merge', 'polygon_nms', 'locality_aware_nms']


def _polygons(quads: np.ndarray) -> np.ndarray:
    """``(n, 8)`` quads -> ``(n,)`` valid shapely polygons."""
    return make_valid_array(shapely.polygons(quads.reshape(-1, 4, 2)))


def quad_iou(quads_a: np.ndarray, quads_b: np.ndarray) -> np.ndarray:
    """Element-wise IoU ``(n,)`` of two ``(n, 8)`` arrays of quads
    ``[x1, y1, ..., x4, y4]`` (0 where the union is empty).

    Pairs of convex quads (all of RBOX's rectangles) are clipped in numpy
    (:func:`~mmocr.utils.polygon_utils.convex_intersection_area`); the
    others go through shapely, after repairing self-intersections.
    """
    quads_a = np.asarray(quads_a, dtype=np.float64).reshape(-1, 8)
    quads_b = np.asarray(quads_b, dtype=np.float64).reshape(-1, 8)
    convex = is_convex(quads_a) & is_convex(quads_b)
    inter = np.empty(len(quads_a))
    area_a, area_b = np.empty_like(inter), np.empty_like(inter)
    inter[convex] = convex_intersection_area(quads_a[convex], quads_b[convex])
    area_a[convex] = polygon_area(quads_a[convex])
    area_b[convex] = polygon_area(quads_b[convex])
    if not convex.all():
        poly_a = _polygons(quads_a[~convex])
        poly_b = _polygons(quads_b[~convex])
        inter[~convex] = shapely.area(shapely.intersection(poly_a, poly_b))
        area_a[~convex] = shapely.area(poly_a)
        area_b[~convex] = shapely.area(poly_b)
    union = area_a + area_b - inter
    return np.where(union > 0, inter / np.where(union > 0, union, 1), 0.0)


def row_merge(quads: np.ndarray, scores: np.ndarray, rows: np.ndarray,
              iou_thr: float
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row-wise weighted merging of adjacent quads.

    Within each row the quads are visited in the given order; a quad whose
    IoU with the running group (the score-weighted mean of the group's
    quads) exceeds ``iou_thr`` joins it, otherwise the group is closed and
    the quad starts a new one.

    Args:
        quads: ``(n, 8)`` float quads, sorted by row (then column).
        scores: ``(n,)`` positive scores (the merge weights).
        rows: ``(n,)`` non-decreasing row index of each quad.
        iou_thr: Merge when IoU > ``iou_thr``.

    Returns:
        ``(merged (m, 8), score_sums (m,), counts (m,))``, the groups in the
        order of their first quad.
    """
    quads = np.asarray(quads, dtype=np.float64).reshape(-1, 8)
    scores = np.asarray(scores, dtype=np.float64).reshape(-1)
    rows = np.asarray(rows).reshape(-1)
    n = len(quads)
    if n == 0:
        return np.zeros((0, 8)), np.zeros(0), np.zeros(0, dtype=np.int64)
    if len(scores) != n or len(rows) != n:
        raise InvalidValueError(f'row_merge: {n} quads, {len(scores)} scores and '
                                f'{len(rows)} rows')
    if np.any(np.diff(rows) < 0):
        raise InvalidValueError('row_merge: quads must be sorted by row')
    row_start = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    row_len = np.diff(np.r_[row_start, n])
    # Running group of each row: weighted coordinate sum, weight, count and
    # the index of its first quad.
    sums = quads[row_start] * scores[row_start, None]
    weights = scores[row_start].copy()
    counts = np.ones(len(row_start), dtype=np.int64)
    first = row_start.copy()
    closed = []
    for k in range(1, int(row_len.max())):
        active = np.flatnonzero(row_len > k)
        idx = row_start[active] + k
        cand, cand_score = quads[idx], scores[idx]
        merge = quad_iou(sums[active] / weights[active, None], cand) > iou_thr
        grow, restart = active[merge], active[~merge]
        sums[grow] += cand_score[merge, None] * cand[merge]
        weights[grow] += cand_score[merge]
        counts[grow] += 1
        if restart.size:
            closed.append((sums[restart] / weights[restart, None],
                           weights[restart].copy(), counts[restart].copy(),
                           first[restart].copy()))
            sums[restart] = cand_score[~merge, None] * cand[~merge]
            weights[restart] = cand_score[~merge]
            counts[restart] = 1
            first[restart] = idx[~merge]
    closed.append((sums / weights[:, None], weights, counts, first))
    merged, score_sums, group_counts, starts = (
        np.concatenate(parts) for parts in zip(*closed))
    order = np.argsort(starts, kind='stable')
    return merged[order], score_sums[order], group_counts[order]


def polygon_nms(quads: np.ndarray, scores: np.ndarray,
                iou_thr: float) -> np.ndarray:
    """Greedy NMS: visit the quads by decreasing score (ties: input order),
    keep one unless a kept quad overlaps it with IoU > ``iou_thr``.

    Args:
        quads: ``(m, 8)`` quads (any polygons with 4 points).
        scores: ``(m,)`` scores.
        iou_thr: Suppression threshold.

    Returns:
        Indices of the kept quads, by decreasing score.
    """
    quads = np.asarray(quads, dtype=np.float64).reshape(-1, 8)
    m = len(quads)
    if m == 0:
        return np.zeros(0, dtype=np.int64)
    polys = _polygons(quads)
    i, j = shapely.STRtree(polys).query(polys, predicate='intersects')
    pair = i < j
    i, j = i[pair], j[pair]
    iou = quad_iou(quads[i], quads[j])
    over = iou > iou_thr
    i, j = i[over], j[over]
    # Symmetric neighbour lists (CSR) of the overlapping pairs.
    src = np.concatenate([i, j])
    dst = np.concatenate([j, i])
    by_src = np.argsort(src, kind='stable')
    dst = dst[by_src]
    bounds = np.searchsorted(src[by_src], np.arange(m + 1))
    order = np.argsort(-np.asarray(scores, dtype=np.float64), kind='stable')
    suppressed = np.zeros(m, dtype=bool)
    keep = []
    for idx in order:  # one step per box, as any greedy NMS
        if suppressed[idx]:
            continue
        keep.append(idx)
        suppressed[dst[bounds[idx]:bounds[idx + 1]]] = True
    return np.asarray(keep, dtype=np.int64)


def locality_aware_nms(quads: np.ndarray, scores: np.ndarray,
                       rows: np.ndarray, iou_thr: float = 0.2
                       ) -> tuple[np.ndarray, np.ndarray]:
    """EAST's locality-aware NMS: :func:`row_merge`, then
    :func:`polygon_nms` ranked by the merged score sums.

    Args:
        quads: ``(n, 8)`` quads of the kept pixels, sorted by row.
        scores: ``(n,)`` their scores.
        rows: ``(n,)`` their row indices.
        iou_thr: IoU threshold of both passes.

    Returns:
        ``(quads (k, 8), mean_scores (k,))``: the kept merged quads by
        decreasing score sum, each with the mean score of its merged quads.
    """
    merged, score_sums, counts = row_merge(quads, scores, rows, iou_thr)
    keep = polygon_nms(merged, score_sums, iou_thr)
    return merged[keep], score_sums[keep] / counts[keep]
