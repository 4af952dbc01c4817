"""Boxes of end-to-end OCR: line stitching and rectified crops.

* :func:`stitch_boxes_into_lines`: merge word boxes lying on the same text
  line into line boxes (MMOCR 0.x's ``merge`` option of ``ocr.py``).
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
from .polygon_utils import angle_order

__all__ = ['clip_boundary', 'is_on_same_line', 'stitch_boxes_into_lines',
           'reading_order', 'rectify_crop', 'bezier_to_polygon',
           'sort_points']


def _y_range(box: Sequence[float]) -> tuple[float, float]:
    ys = np.asarray(box, dtype=np.float64)[1::2]
    return float(ys.min()), float(ys.max())


def is_on_same_line(box_a: Sequence[float], box_b: Sequence[float],
                    min_y_overlap_ratio: float | None = 0.8) -> bool:
    """Whether two boxes ``[x1, y1, ..., xn, yn]`` are on the same line.

    Their vertical extents must overlap; with ``min_y_overlap_ratio`` the
    overlap must also cover at least that fraction of one box's height.
    """
    a_min, a_max = _y_range(box_a)
    b_min, b_max = _y_range(box_b)
    overlap = min(a_max, b_max) - max(a_min, b_min)
    if overlap < 0:
        return False
    if min_y_overlap_ratio is None:
        return True
    return (overlap >= (a_max - a_min) * min_y_overlap_ratio
            or overlap >= (b_max - b_min) * min_y_overlap_ratio)


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
