"""Head, tail and sidelines of a text polygon, and their resampling (the
geometry of MMOCR 0.x's ``TextSnakeTargets``, shared by the curved-text
target generators)."""
from __future__ import annotations

import cv2
import numpy as np

from mmocr.utils.errors import InvalidValueError

__all__ = ['vector_slope', 'find_head_tail', 'reorder_poly_edge',
           'resample_line', 'resample_sidelines', 'segment_pixels']


def _check_points(points: np.ndarray, min_points: int, name: str) -> None:
    if points.ndim != 2 or points.shape[1] != 2 or len(points) < min_points:
        raise InvalidValueError(f'{name} must be (n >= {min_points}, 2) points, '
                                f'got shape {points.shape}')


def vector_slope(vec: np.ndarray) -> float:
    """``|dy / dx|`` of a 2-d vector (``dx`` offset by 1e-8)."""
    return float(abs(vec[1] / (vec[0] + 1e-8)))


def _edge_angles(vec: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Angles (radians) between rows of ``vec`` and ``others``."""
    unit = vec / (np.linalg.norm(vec, axis=-1, keepdims=True) + 1e-8)
    unit_o = others / (np.linalg.norm(others, axis=-1, keepdims=True) + 1e-8)
    return np.arccos(np.clip((unit * unit_o).sum(-1), -1.0, 1.0))


def find_head_tail(points: np.ndarray, orientation_thr: float
                   ) -> tuple[list[int], list[int]]:
    """Indices of the two points of the head edge and of the tail edge.

    More than 4 points: the two edges turning most against their neighbours
    (sum of the angles to the previous and next edge); if they are adjacent
    (or more than 12 apart) the tail is the edge half the polygon away.
    A quadrangle: of its two pairs of opposite edges, the one of smaller
    summed slope is the horizontal one; the other (vertical) pair is the
    head and tail, unless its summed length exceeds ``orientation_thr``
    times the horizontal pair's (vertical text), then the horizontal pair
    is.

    Args:
        points: ``(n >= 4, 2)`` polygon points.
        orientation_thr: See above.
    """
    points = np.asarray(points, dtype=np.float64)
    _check_points(points, 4, 'points')
    n = len(points)
    if n > 4:
        edges = np.roll(points, -1, axis=0) - points
        turn = (_edge_angles(edges, np.roll(edges, 1, axis=0))
                + _edge_angles(edges, np.roll(edges, -1, axis=0)))
        head_start, tail_start = np.argsort(turn)[::-1][:2]
        if abs(head_start - tail_start) < 2 or abs(head_start - tail_start) > 12:
            tail_start = (head_start + n // 2) % n
        head_end, tail_end = (head_start + 1) % n, (tail_start + 1) % n
        if head_end > tail_end:
            head_start, tail_start = tail_start, head_start
            head_end, tail_end = tail_end, head_end
        return [int(head_start), int(head_end)], [int(tail_start),
                                                  int(tail_end)]
    if (vector_slope(points[1] - points[0]) + vector_slope(points[3] - points[2])
            < vector_slope(points[2] - points[1])
            + vector_slope(points[0] - points[3])):
        horizontal, vertical = [[0, 1], [2, 3]], [[3, 0], [1, 2]]
    else:
        horizontal, vertical = [[3, 0], [1, 2]], [[0, 1], [2, 3]]

    def length(pairs: list[list[int]]) -> float:
        return float(sum(np.linalg.norm(points[a] - points[b])
                         for a, b in pairs))

    if length(vertical) > length(horizontal) * orientation_thr:
        return horizontal[0], horizontal[1]
    return vertical[0], vertical[1]


def reorder_poly_edge(points: np.ndarray, orientation_thr: float = 2.0
                      ) -> tuple[np.ndarray, ...]:
    """Split a text polygon into head edge, tail edge, top and bottom
    sidelines.

    Args:
        points: ``(n >= 4, 2)`` polygon points.
        orientation_thr: See :func:`find_head_tail`.

    Returns:
        ``(head_edge (2, 2), tail_edge (2, 2), top_sideline (m, 2),
        bot_sideline (m', 2))``: the sidelines run between the head and the
        tail along the polygon; the top one has the smaller mean ``y``.
    """
    points = np.asarray(points)
    head_inds, tail_inds = find_head_tail(points, orientation_thr)
    head_edge, tail_edge = points[head_inds], points[tail_inds]
    doubled = np.vstack([points, points])
    tail_end = tail_inds[1] if tail_inds[1] >= 1 else len(points)
    sideline1 = doubled[head_inds[1]:tail_end]
    sideline2 = doubled[tail_end:head_inds[1] + len(points)]
    if sideline1.mean(axis=0)[1] > sideline2.mean(axis=0)[1]:
        return head_edge, tail_edge, sideline2, sideline1
    return head_edge, tail_edge, sideline1, sideline2


def resample_line(line: np.ndarray, n: int) -> np.ndarray:
    """``n + 1`` points evenly spaced by arc length along the polyline
    ``line`` ``(m >= 2, 2)``, from its first to its last point (2 points
    when ``n < 1``)."""
    line = np.asarray(line, dtype=np.float64)
    _check_points(line, 2, 'line')
    seg = np.linalg.norm(np.diff(line, axis=0), axis=1)
    cum = np.concatenate([[0.0], np.cumsum(seg)])
    targets = np.linspace(0.0, cum[-1], max(int(n), 1) + 1)
    keep = np.concatenate([[True], seg > 0])  # np.interp needs increasing x
    xs = np.interp(targets, cum[keep], line[keep, 0])
    ys = np.interp(targets, cum[keep], line[keep, 1])
    return np.stack([xs, ys], axis=1)


def resample_sidelines(sideline1: np.ndarray, sideline2: np.ndarray,
                       resample_step: float) -> tuple[np.ndarray, np.ndarray]:
    """Both sidelines resampled to the same number of points: ``int(mean
    length / resample_step) + 1`` each (see :func:`resample_line`)."""
    lengths = [np.linalg.norm(np.diff(np.asarray(s, dtype=np.float64),
                                      axis=0), axis=1).sum()
               for s in (sideline1, sideline2)]
    num = int(float(sum(lengths)) / 2 / resample_step)
    return resample_line(sideline1, num), resample_line(sideline2, num)


def segment_pixels(quads: np.ndarray, shape: tuple[int, int]
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pixels of a text's segment quads ``(m, 4, 2)`` (int x, y) in an
    image of ``shape`` ``(h, w)``, each with the index of the last quad
    covering it (later quads drawn on top): ``(ys, xs, seg)``. The quads
    are filled in their joint bounding box only."""
    h, w = shape
    x0, y0 = np.maximum(quads.reshape(-1, 2).min(0), 0)
    x1, y1 = np.minimum(quads.reshape(-1, 2).max(0) + 1, (w, h))
    if x1 <= x0 or y1 <= y0:
        empty = np.zeros(0, np.int64)
        return empty, empty, empty
    owner = np.zeros((y1 - y0, x1 - x0), np.int32)
    for i, quad in enumerate(quads):  # one step per segment
        cv2.fillPoly(owner, [quad], i + 1, offset=(-int(x0), -int(y0)))
    ys, xs = np.nonzero(owner)
    return ys + y0, xs + x0, owner[ys, xs] - 1
