"""Boxes of end-to-end OCR: line stitching and rectified crops.

* :func:`stitch_boxes_into_lines`: merge word boxes lying on the same text
  line into line boxes (MMOCR 0.x's ``merge`` option of ``ocr.py``).
* :func:`line_groups` / :func:`merge_line_boxes`: the same for detected
  boundaries before recognition, with gaps relative to the text height and
  the page's skew taken out.
* :func:`reading_order`: top-to-bottom, left-to-right order of boxes.
* :func:`rectify_crop`: cut a detected quadrilateral or polygon out of an
  image as an upright, perspective-rectified crop for a recognizer.
* :func:`bezier_to_polygon`: sample the polygon bounded by two cubic Bezier
  curves (ABCNet-style curved text annotations).
* :func:`sort_points`: MMOCR 0.x's ordering of points around their mean.
"""
from __future__ import annotations

from typing import Sequence

import cv2
import numpy as np

from mmocr.utils.errors import InvalidValueError

from .crop import warp_img
from .graph import component_labels
from .polygon_utils import angle_order

__all__ = ['clip_boundary', 'y_overlaps', 'is_on_same_line',
           'stitch_boxes_into_lines',
           'line_groups', 'merge_line_boxes',
           'reading_order', 'rectify_crop', 'bezier_to_polygon',
           'sort_points']


def _y_range(box: Sequence[float]) -> tuple[float, float]:
    ys = np.asarray(box, dtype=np.float64)[1::2]
    return float(ys.min()), float(ys.max())


def y_overlaps(a_min, a_max, b_min, b_max,
               min_y_overlap_ratio: float | None = 0.8):
    """Whether vertical extents ``[a_min, a_max]`` and ``[b_min, b_max]``
    overlap, by at least ``min_y_overlap_ratio`` of the smaller height (any
    overlap with ``None``). Element-wise on arrays; a bool for scalars."""
    overlap = np.minimum(a_max, b_max) - np.maximum(a_min, b_min)
    if min_y_overlap_ratio is None:
        return overlap >= 0
    thin = np.minimum(np.subtract(a_max, a_min), np.subtract(b_max, b_min))
    return (overlap >= 0) & (overlap >= min_y_overlap_ratio * thin)


def is_on_same_line(box_a: Sequence[float], box_b: Sequence[float],
                    min_y_overlap_ratio: float | None = 0.8) -> bool:
    """Whether two boxes ``[x1, y1, ..., xn, yn]`` are on the same line.

    Their vertical extents must overlap; with ``min_y_overlap_ratio`` the
    overlap must also cover at least that fraction of one box's height
    (:func:`y_overlaps`).
    """
    return bool(y_overlaps(*_y_range(box_a), *_y_range(box_b),
                           min_y_overlap_ratio))


def _merge(group: list[dict]) -> dict:
    pts = np.concatenate([np.asarray(b['box'], dtype=np.float64).reshape(-1, 2)
                          for b in group])
    x_min, y_min = pts.min(axis=0).tolist()
    x_max, y_max = pts.max(axis=0).tolist()
    merged = dict(box=[x_min, y_min, x_max, y_min, x_max, y_max, x_min, y_max],
                  text=' '.join(b['text'] for b in group))
    for key in ('box_score', 'text_score'):
        if all(key in b for b in group):
            merged[key] = float(np.mean([float(b[key]) for b in group]))
    return merged


def stitch_boxes_into_lines(boxes: Sequence[dict], max_x_dist: float = 10,
                            min_y_overlap_ratio: float = 0.8) -> list[dict]:
    """Merge boxes on the same line whose horizontal gap is small.

    Boxes are taken from left to right; each line collects the boxes on the
    same line (:func:`is_on_same_line`) as its current rightmost box, and is
    split where the gap between neighbours exceeds ``max_x_dist``.

    Args:
        boxes: ``[{'box': [x1, y1, ..., xn, yn], 'text': str, ...}]``.
        max_x_dist: Largest horizontal gap (pixels) inside a line.
        min_y_overlap_ratio: See :func:`is_on_same_line`.

    Returns:
        One dict per line: ``box`` (the axis-aligned bounding quadrilateral
        ``[x_min, y_min, x_max, y_min, x_max, y_max, x_min, y_max]``),
        ``text`` (the texts joined by spaces) and, when all merged boxes
        have them, the mean ``box_score`` and ``text_score``.
    """
    if len(boxes) <= 1:
        return [dict(b) for b in boxes]
    order = sorted(range(len(boxes)),
                   key=lambda i: float(np.min(np.asarray(boxes[i]['box'])[0::2])))
    items = [boxes[i] for i in order]
    used = np.zeros(len(items), dtype=bool)
    lines: list[dict] = []
    for i in range(len(items)):
        if used[i]:
            continue
        used[i] = True
        line = [i]
        for j in range(i + 1, len(items)):
            if not used[j] and is_on_same_line(items[line[-1]]['box'],
                                               items[j]['box'],
                                               min_y_overlap_ratio):
                line.append(j)
                used[j] = True
        group = [items[line[0]]]
        for prev, curr in zip(line, line[1:]):
            gap = (np.min(np.asarray(items[curr]['box'])[0::2])
                   - np.max(np.asarray(items[prev]['box'])[0::2]))
            if gap > max_x_dist:
                lines.append(_merge(group))
                group = []
            group.append(items[curr])
        lines.append(_merge(group))
    return lines


def _deskewed_extents(rects: list) -> tuple[np.ndarray, ...]:
    """Extents ``x_min, x_max, y_min, y_max`` of rotated rectangles
    (``cv2.minAreaRect`` results) in a frame turned by the page's skew: the
    median direction of the long sides of the rectangles at least twice as
    long as thick (none: no skew)."""
    corners = np.stack([cv2.boxPoints(r) for r in rects]).astype(np.float64)
    edges = np.roll(corners, -1, axis=1) - corners
    lengths = np.linalg.norm(edges, axis=2)
    longest = edges[np.arange(len(rects)), lengths.argmax(axis=1)]
    # Directions folded into [-90, 90) degrees: a side and its reverse agree.
    angles = np.arctan2(longest[:, 1], longest[:, 0])
    angles = (angles + np.pi / 2) % np.pi - np.pi / 2
    elongated = lengths.max(axis=1) >= 2 * lengths.min(axis=1)
    skew = float(np.median(angles[elongated])) if elongated.any() else 0.0
    cos, sin = np.cos(-skew), np.sin(-skew)
    xs = corners[..., 0] * cos - corners[..., 1] * sin
    ys = corners[..., 0] * sin + corners[..., 1] * cos
    return xs.min(1), xs.max(1), ys.min(1), ys.max(1)


def _vertical_neighbours(y_min: np.ndarray, y_max: np.ndarray
                         ) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs ``(a, b)`` of the boxes whose vertical extents
    ``[y_min, y_max)`` overlap, each pair once: with the boxes sorted by
    ``y_min``, box ``b`` follows box ``a`` and starts above ``a``'s bottom.
    Memory grows with the number of such pairs, not with ``n ** 2``."""
    order = np.argsort(y_min, kind='stable')
    starts = y_min[order]
    ends = np.searchsorted(starts, y_max[order], side='left')
    counts = np.maximum(ends - np.arange(len(order)) - 1, 0)
    first = np.repeat(np.arange(len(order)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts,
                                                  counts)
    return order[first], order[first + 1 + offsets]


def line_groups(boundaries: Sequence[Sequence[float]], max_gap_ratio: float,
                min_y_overlap_ratio: float = 0.7,
                max_height_ratio: float = 1.5) -> list[list[int]]:
    """Group detected boundaries that belong to one text line.

    Two boundaries are neighbours when, in the page's frame (the median
    direction of the elongated boxes' long sides taken as horizontal), their
    vertical extents overlap by at least ``min_y_overlap_ratio`` of the
    smaller height of the two, their heights differ by at most
    ``max_height_ratio`` times, and the horizontal gap between them is at
    most ``max_gap_ratio`` times the smaller height. A group is a connected
    set of neighbours.

    Args:
        boundaries: ``N`` boundaries ``[x1, y1, ..., xn, yn]`` (n >= 3; a
            trailing score, an odd length, is ignored).
        max_gap_ratio: Largest gap inside a line, in text heights (>= 0).
        min_y_overlap_ratio: See above, in ``(0, 1]``.
        max_height_ratio: See above, ``>= 1``.

    Returns:
        The groups as lists of indices into ``boundaries``, each sorted,
        ordered by their first index; every index occurs once.
    """
    if max_gap_ratio < 0 or not 0 < min_y_overlap_ratio <= 1 \
            or max_height_ratio < 1:
        raise InvalidValueError(
            'line_groups needs max_gap_ratio >= 0, 0 < min_y_overlap_ratio '
            f'<= 1 and max_height_ratio >= 1, got {max_gap_ratio}, '
            f'{min_y_overlap_ratio}, {max_height_ratio}')
    n = len(boundaries)
    if n <= 1:
        return [[i] for i in range(n)]
    rects = []
    for b in boundaries:
        values = np.asarray(b, dtype=np.float32).reshape(-1)
        values = values[:values.size - values.size % 2]
        rects.append(cv2.minAreaRect(values.reshape(-1, 2)))
    x_min, x_max, y_min, y_max = _deskewed_extents(rects)
    thick = y_max - y_min
    a, b = _vertical_neighbours(y_min, y_max)
    thin = np.minimum(thick[a], thick[b])
    gap = np.maximum(x_min[b] - x_max[a], x_min[a] - x_max[b])
    linked = (y_overlaps(y_min[a], y_max[a], y_min[b], y_max[b],
                         min_y_overlap_ratio)
              & (np.maximum(thick[a], thick[b]) <= max_height_ratio * thin)
              & (gap <= max_gap_ratio * thin))
    labels = component_labels(np.stack([a[linked], b[linked]], axis=1), n)
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels.tolist()):
        groups.setdefault(label, []).append(i)
    return sorted(groups.values())


def merge_line_boxes(boundaries: Sequence[Sequence[float]],
                     max_gap_ratio: float, min_y_overlap_ratio: float = 0.7,
                     max_height_ratio: float = 1.5,
                     text_repr_type: str = 'quad') -> list[list[float]]:
    """Merge detected boundaries of one text line (:func:`line_groups`).

    Args:
        boundaries: ``[x1, y1, ..., xn, yn, score]`` each.
        max_gap_ratio, min_y_overlap_ratio, max_height_ratio: See
            :func:`line_groups`.
        text_repr_type: ``'quad'``: a merged line is the minimum-area
            rectangle of its boxes' points; ``'poly'``: their convex hull.

    Returns:
        The boundaries ``[x1, y1, ..., xn, yn, score]``: a boundary alone on
        its line unchanged, a merged one with the mean score of its parts,
        in the order of each group's first boundary.
    """
    if text_repr_type not in ('quad', 'poly'):
        raise InvalidValueError("text_repr_type must be 'quad' or 'poly', got "
                                f'{text_repr_type!r}')
    merged = []
    for group in line_groups(boundaries, max_gap_ratio, min_y_overlap_ratio,
                             max_height_ratio):
        if len(group) == 1:
            merged.append(list(boundaries[group[0]]))
            continue
        pts = np.concatenate([
            np.asarray(boundaries[i][:-1], dtype=np.float32).reshape(-1, 2)
            for i in group])
        if text_repr_type == 'quad':
            outline = cv2.boxPoints(cv2.minAreaRect(pts))
        else:
            outline = cv2.convexHull(pts).reshape(-1, 2)
        score = float(np.mean([boundaries[i][-1] for i in group]))
        merged.append(outline.astype(float).reshape(-1).tolist() + [score])
    return merged


def clip_boundary(box: Sequence[float], shape: Sequence[int]) -> list[int]:
    """A boundary ``[x1, y1, ..., xn, yn]`` rounded to integers and clipped
    to an image of ``shape`` ``(H, W, ...)``."""
    pts = np.round(np.asarray(box, dtype=np.float64).reshape(-1, 2))
    pts = np.clip(pts, 0, [shape[1], shape[0]])
    return [int(v) for v in pts.reshape(-1)]


def reading_order(boxes: Sequence[Sequence[float]]) -> list[int]:
    """Indices of ``boxes`` (``[x1, y1, ..., xn, yn]`` each) in reading
    order: rows from top to bottom, boxes of a row from left to right.

    Boxes are visited by their vertical centre; a box joins the current row
    when its centre lies above the lowest bottom edge of the row's boxes (so
    a row follows a slightly rotated page), else it starts a new row.
    """
    if not boxes:
        return []
    pts = [np.asarray(b, dtype=np.float64).reshape(-1, 2) for b in boxes]
    y_min = np.array([p[:, 1].min() for p in pts])
    y_max = np.array([p[:, 1].max() for p in pts])
    x_min = np.array([p[:, 0].min() for p in pts])
    centre = (y_min + y_max) / 2
    rows: list[list[int]] = []
    row_bottom = -np.inf
    for i in np.argsort(centre, kind='stable').tolist():
        if rows and centre[i] <= row_bottom:
            rows[-1].append(i)
            row_bottom = max(row_bottom, y_max[i])
        else:
            rows.append([i])
            row_bottom = y_max[i]
    return [i for row in rows
            for i in sorted(row, key=lambda k: (x_min[k], centre[k]))]


def rectify_crop(img: np.ndarray, boundary: Sequence[float],
                 vertical_ratio: float = 1.5) -> np.ndarray:
    """An upright crop of a detected text region.

    A quadrilateral is rectified by a perspective warp (as the recognition
    training crops are); a polygon with more vertices by the warp of its
    minimum-area rectangle. A crop taller than ``vertical_ratio`` times its
    width (vertical text) is rotated 90 degrees counter-clockwise so that
    text read top to bottom reads left to right.

    Args:
        img: Image ``(H, W[, C])``.
        boundary: ``[x1, y1, ..., xn, yn]`` (n >= 4), optionally followed by
            a score (an odd length).
        vertical_ratio: Height/width ratio above which a crop is rotated.

    Returns:
        The crop ``(h, w[, C])``, at least 1x1 pixel.
    """
    values = np.asarray(boundary, dtype=np.float64).reshape(-1)
    if values.size % 2:
        values = values[:-1]
    if values.size < 8 or not np.all(np.isfinite(values)):
        raise InvalidValueError('a text boundary needs at least 4 finite points '
                                f'[x1, y1, ..., xn, yn], got {values.size} values')
    if values.size > 8:
        rect = cv2.minAreaRect(values.reshape(-1, 2).astype(np.float32))
        values = cv2.boxPoints(rect).reshape(-1).astype(np.float64)
    crop = warp_img(img, values.tolist())
    if crop.size == 0:
        xs = np.clip(values[0::2], 0, img.shape[1] - 1)
        ys = np.clip(values[1::2], 0, img.shape[0] - 1)
        x, y = int(xs.min()), int(ys.min())
        crop = img[y:y + 1, x:x + 1]
    if crop.shape[0] > vertical_ratio * crop.shape[1]:
        crop = cv2.rotate(crop, cv2.ROTATE_90_COUNTERCLOCKWISE)
    return np.ascontiguousarray(crop)


def bezier_to_polygon(bezier_points: Sequence[float] | np.ndarray,
                      num_sample: int = 20) -> list[list[float]]:
    """Sample the boundary of the region between two cubic Bezier curves.

    Args:
        bezier_points: 8 control points (16 numbers, any shape such as
            ``(2, 4, 2)`` or ``(16,)``): the first 4 control one side of the
            text, the last 4 the other.
        num_sample: Points sampled on each curve (> 0), evenly in the curve
            parameter ``t`` from 0 to 1, ends included.

    Returns:
        ``2 * num_sample`` points ``[x, y]``: those of the first curve from
        its first control point to its last, then those of the second. They
        are not sorted around the region; :func:`mmocr.utils.sort_points`
        sorts them.
    """
    if isinstance(num_sample, bool) or not isinstance(num_sample, int) or \
            num_sample <= 0:
        raise InvalidValueError(f'num_sample must be a positive int, got '
                                f'{num_sample!r}')
    ctrl = np.asarray(bezier_points, dtype=np.float64)
    if ctrl.size != 16:
        raise InvalidValueError(f'bezier_points must hold 8 control points (16 '
                                f'numbers), got {ctrl.size} numbers')
    ctrl = ctrl.reshape(2, 4, 2)
    t = np.linspace(0.0, 1.0, num_sample)[:, None]
    # Bernstein basis of degree 3, (num_sample, 4).
    basis = np.concatenate([(1 - t) ** 3, 3 * t * (1 - t) ** 2,
                            3 * t ** 2 * (1 - t), t ** 3], axis=1)
    curves = [basis @ ctrl[side] for side in range(2)]
    return np.concatenate(curves, axis=0).tolist()


def sort_points(points: Sequence) -> list:
    """Order points around their mean point as MMOCR 0.x does: by the angle
    ``(180 + degrees(atan2(dx, dy))) % 360`` of each offset ``(dx, dy)``
    from the mean, ascending (ties keep their order). That is clockwise with
    y pointing up; on an image (y down) it runs counter-clockwise from the
    point nearest straight up, e.g. a rectangle's corners come out
    top-left, bottom-left, bottom-right, top-right.
    It is :func:`mmocr.utils.polygon_utils.angle_order` with ``y_up=True``
    (:func:`mmocr.utils.polygon_utils.sort_points` orders clockwise on the
    image from the top-left point instead). Meant for convex polygons.

    Args:
        points: ``N`` points ``[x, y]`` (lists or arrays), or an ``(N, 2)``
            array.

    Returns:
        The given points (the same objects; an array's rows) in that
        order, as a list.
    """
    items = list(points)
    return [items[i] for i in angle_order(items, y_up=True)]
