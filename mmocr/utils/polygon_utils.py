"""Polygon helpers shared by datasets, post-processors and metrics.

A *polygon* is a flat sequence ``[x1, y1, x2, y2, ..., xn, yn]`` (list, tuple
or 1-D array) with ``n >= 3`` points, in image pixels (x right, y down). A
*bbox* is ``[x1, y1, x2, y2]`` (top-left and bottom-right corners).

Invalid (self-intersecting) shapely polygons are repaired with ``buffer(0)``,
as MMOCR does, everywhere in this module and in the detection metrics, so every
metric sees the same geometry. ``buffer(0)`` keeps only the lobes whose
orientation matches the ring's signed area (a "bow-tie" loses one of its
triangles); ``shapely.make_valid`` would keep both lobes as a MultiPolygon and
give different numbers from MMOCR's evaluation.

"Clockwise" below is clockwise as seen on screen (y pointing down), which is
counter-clockwise in shapely's y-up convention, i.e. a positive shoelace area.
"""
from __future__ import annotations

from typing import Sequence, Union

import numpy as np
import pyclipper
import shapely
from shapely.geometry import Polygon
from shapely.geometry.polygon import orient

from mmocr.utils.errors import InvalidTypeError, InvalidValueError

__all__ = [
    'poly2shapely', 'polys2shapely', 'polys2shapely_array', 'poly_make_valid',
    'make_valid_array',
    'poly_intersection', 'poly_union', 'poly_iou', 'boundary_iou',
    'rescale_polygon', 'rescale_polygons', 'crop_polygon', 'angle_order',
    'sort_points',
    'sort_vertex', 'sort_vertex8', 'bbox2poly', 'poly2bbox',
    'is_poly_inside_rect', 'offset_polygon', 'polygon_area',
    'polygon_perimeter', 'shrink_distance', 'unclip_distance', 'is_convex',
    'convex_intersection_area'
]

ArrayLike = Union[Sequence[float], np.ndarray]


def _as_flat_polygon(polygon: ArrayLike, name: str = 'polygon') -> np.ndarray:
    """Check a flat polygon and return it as a float64 ``(2n,)`` array."""
    try:
        arr = np.asarray(polygon, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise InvalidValueError(f'{name} must be a flat sequence of numbers '
                                f'[x1, y1, ..., xn, yn], got {polygon!r}') from err
    if arr.ndim == 2 and arr.shape[1] == 2:
        arr = arr.reshape(-1)
    if arr.ndim != 1:
        raise InvalidValueError(f'{name} must be flat [x1, y1, ..., xn, yn], '
                                f'got an array of shape {arr.shape}')
    if arr.size % 2 != 0:
        raise InvalidValueError(f'{name} must have an even number of coordinates, '
                                f'got {arr.size}: {arr.tolist()}')
    if arr.size < 6:
        raise InvalidValueError(f'{name} needs at least 3 points (6 coordinates), '
                                f'got {arr.size // 2}: {arr.tolist()}')
    if not np.all(np.isfinite(arr)):
        raise InvalidValueError(f'{name} has non-finite coordinates: {arr.tolist()}')
    return arr


def poly2shapely(polygon: ArrayLike) -> Polygon:
    """Flat polygon ``[x1, y1, ..., xn, yn]`` (n >= 3) -> shapely Polygon.

    Raises:
        ValueError: odd number of coordinates, fewer than 3 points or
            non-finite values.
    """
    return Polygon(_as_flat_polygon(polygon).reshape(-1, 2))


def polys2shapely(polygons: Sequence[ArrayLike]) -> list[Polygon]:
    """A list of flat polygons -> a list of shapely Polygons."""
    return list(polys2shapely_array(polygons))


def polys2shapely_array(polygons: Sequence[ArrayLike],
                        make_valid: bool = False,
                        name: str = 'polygons') -> np.ndarray:
    """Flat polygons (possibly of different lengths) -> ``(N,)`` geometry array.

    Built in one vectorised call (``shapely.linearrings`` with ring indices),
    which is much faster than one ``Polygon`` per box.

    Args:
        polygons: N flat polygons.
        make_valid: Repair invalid polygons with ``buffer(0)``.
        name: Used in error messages, e.g. ``'gt_boxes[3]'``.

    Returns:
        An object array of N shapely Polygons (or repaired geometries).
    """
    if len(polygons) == 0:
        return np.empty(0, dtype=object)
    table = _as_polygon_table(polygons)
    if table is not None:  # all polygons have the same number of points
        geoms = shapely.polygons(table.reshape(len(table), -1, 2))
    else:
        flat = [_as_flat_polygon(p, f'{name}[{i}]')
                for i, p in enumerate(polygons)]
        coords = np.concatenate(flat).reshape(-1, 2)
        lengths = np.array([p.size // 2 for p in flat])
        indices = np.repeat(np.arange(len(flat)), lengths)
        geoms = shapely.polygons(shapely.linearrings(coords, indices=indices))
    if make_valid:
        geoms = make_valid_array(geoms)
    return geoms


def _as_polygon_table(polygons: Sequence[ArrayLike]) -> np.ndarray | None:
    """``(N, 2n)`` float array when all polygons are valid and of the same
    length, else None (the caller then checks them one by one)."""
    try:
        table = np.asarray(polygons, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    if (table.ndim != 2 or table.shape[1] % 2 != 0 or table.shape[1] < 6
            or not np.isfinite(table).all()):
        return None
    return table


def make_valid_array(geoms: np.ndarray) -> np.ndarray:
    """Repair the invalid geometries of an array with ``buffer(0)``."""
    invalid = ~shapely.is_valid(geoms)
    if invalid.any():
        geoms = geoms.copy()
        geoms[invalid] = shapely.buffer(geoms[invalid], 0)
    return geoms


def poly_make_valid(poly: Polygon) -> Polygon:
    """Return ``poly`` if valid, else its ``buffer(0)`` repair."""
    if not isinstance(poly, shapely.Geometry):
        raise InvalidTypeError(f'poly must be a shapely geometry, got {type(poly)}')
    return poly if poly.is_valid else poly.buffer(0)


def _check_pair(poly_a: Polygon, poly_b: Polygon,
                invalid_ret: float | None) -> tuple[Polygon, Polygon] | None:
    """Repair an invalid pair, or return None when ``invalid_ret`` is set."""
    for poly in (poly_a, poly_b):
        if not isinstance(poly, shapely.Geometry):
            raise InvalidTypeError(f'expected shapely geometries, got {type(poly)}')
    if poly_a.is_valid and poly_b.is_valid:
        return poly_a, poly_b
    if invalid_ret is not None:
        return None
    return poly_make_valid(poly_a), poly_make_valid(poly_b)


def poly_intersection(poly_det: Polygon, poly_gt: Polygon,
                      invalid_ret: float | None = None,
                      return_poly: bool = False):
    """Area of ``poly_det & poly_gt``.

    Args:
        poly_det, poly_gt: Shapely polygons (MMOCR 0.x's names: a detection
            and a ground truth; the operation is symmetric).
        invalid_ret: If set and a polygon is invalid, return this value
            instead of repairing the polygons.
        return_poly: Also return the intersection geometry.

    Returns:
        ``area`` or ``(area, geometry)`` (geometry None when ``invalid_ret``
        was returned).
    """
    pair = _check_pair(poly_det, poly_gt, invalid_ret)
    if pair is None:
        return (invalid_ret, None) if return_poly else invalid_ret
    inter = pair[0].intersection(pair[1])
    return (inter.area, inter) if return_poly else inter.area


def poly_union(poly_det: Polygon, poly_gt: Polygon,
               invalid_ret: float | None = None, return_poly: bool = False):
    """Area of ``poly_det | poly_gt``; arguments as :func:`poly_intersection`."""
    pair = _check_pair(poly_det, poly_gt, invalid_ret)
    if pair is None:
        return (invalid_ret, None) if return_poly else invalid_ret
    union = pair[0].union(pair[1])
    return (union.area, union) if return_poly else union.area


def poly_iou(poly_det: Polygon, poly_gt: Polygon,
             zero_division: float = 0.0) -> float:
    """Intersection over union of two shapely polygons.

    Returns ``zero_division`` when the union is empty.
    """
    area_inter = poly_intersection(poly_det, poly_gt)
    area_union = poly_union(poly_det, poly_gt)
    return area_inter / area_union if area_union != 0 else zero_division


def boundary_iou(src: ArrayLike, target: ArrayLike,
                 zero_division: float = 0.0) -> float:
    """IoU of two flat polygons ``[x1, y1, ..., xn, yn]``."""
    return poly_iou(poly2shapely(src), poly2shapely(target), zero_division)


def _scale_array(scale_factor: Sequence[float], mode: str) -> np.ndarray:
    if mode not in ('mul', 'div'):
        raise InvalidValueError(f"mode must be 'mul' or 'div', got {mode!r}")
    scale = np.asarray(scale_factor, dtype=np.float64).reshape(-1)
    if scale.size == 4:  # mmdet's (w, h, w, h) scale_factor
        scale = scale[:2]
    if scale.size != 2:
        raise InvalidValueError('scale_factor must be (w_scale, h_scale), got '
                                f'{scale_factor!r}')
    if mode == 'div':
        if np.any(scale == 0):
            raise InvalidValueError(f'cannot divide by scale_factor {scale_factor!r}')
        scale = 1.0 / scale
    return scale


def rescale_polygon(polygon: ArrayLike, scale_factor: Sequence[float],
                    mode: str = 'mul') -> np.ndarray:
    """Scale x by ``scale_factor[0]`` and y by ``scale_factor[1]``.

    Args:
        polygon: Flat ``(2n,)`` polygon.
        scale_factor: ``(w_scale, h_scale)`` (mmdet's ``(w, h, w, h)`` is
            accepted too).
        mode: ``'mul'`` multiplies, ``'div'`` divides (undo a resize).

    Returns:
        A float ``(2n,)`` array (float32 input stays float32).
    """
    arr = np.asarray(polygon)
    if arr.ndim != 1 or arr.size % 2 != 0:
        raise InvalidValueError('polygon must be flat with an even number of '
                                f'coordinates, got shape {arr.shape}')
    dtype = arr.dtype if np.issubdtype(arr.dtype, np.floating) else np.float64
    scale = _scale_array(scale_factor, mode)
    return (arr.reshape(-1, 2) * scale).reshape(-1).astype(dtype)


def rescale_polygons(polygons: np.ndarray | Sequence[ArrayLike],
                     scale_factor: Sequence[float],
                     mode: str = 'mul') -> np.ndarray | list[np.ndarray]:
    """:func:`rescale_polygon` on many polygons.

    An ``(N, 2n)`` array is scaled in one operation and returned as an array;
    a list of polygons gives a list of arrays.
    """
    if isinstance(polygons, np.ndarray) and polygons.ndim == 2:
        if polygons.shape[1] % 2 != 0:
            raise InvalidValueError('polygons must have an even number of columns, '
                                    f'got shape {polygons.shape}')
        scale = np.tile(_scale_array(scale_factor, mode), polygons.shape[1] // 2)
        dtype = (polygons.dtype if np.issubdtype(polygons.dtype, np.floating)
                 else np.float64)
        return (polygons * scale).astype(dtype)
    return [rescale_polygon(p, scale_factor, mode) for p in polygons]


def bbox2poly(bbox: ArrayLike, mode: str = 'xyxy') -> np.ndarray:
    """``[x1, y1, x2, y2]`` (or ``[x, y, w, h]`` with ``mode='xywh'``) ->
    the clockwise quad ``[x1, y1, x2, y1, x2, y2, x1, y2]``."""
    box = np.asarray(bbox, dtype=np.float64).reshape(-1)
    if box.size != 4:
        raise InvalidValueError(f'bbox must have 4 values, got {bbox!r}')
    if mode == 'xywh':
        box = np.array([box[0], box[1], box[0] + box[2], box[1] + box[3]])
    elif mode != 'xyxy':
        raise InvalidValueError(f"mode must be 'xyxy' or 'xywh', got {mode!r}")
    x1, y1, x2, y2 = box
    return np.array([x1, y1, x2, y1, x2, y2, x1, y2])


def poly2bbox(polygon: ArrayLike) -> np.ndarray:
    """Flat polygon -> its bounding box ``[x_min, y_min, x_max, y_max]``."""
    pts = np.asarray(polygon, dtype=np.float64).reshape(-1)
    if pts.size < 2 or pts.size % 2 != 0:
        raise InvalidValueError('polygon must have an even, non-zero number of '
                                f'coordinates, got {pts.size}')
    pts = pts.reshape(-1, 2)
    return np.concatenate([pts.min(axis=0), pts.max(axis=0)])


def is_poly_inside_rect(poly: ArrayLike, rect: ArrayLike) -> bool:
    """True when every vertex of ``poly`` lies in the closed box ``rect``
    (``[x1, y1, x2, y2]``); a convex box contains a polygon iff it contains
    all its vertices."""
    pts = _as_flat_polygon(poly).reshape(-1, 2)
    x1, y1, x2, y2 = np.asarray(rect, dtype=np.float64).reshape(4)
    return bool(np.all((pts[:, 0] >= x1) & (pts[:, 0] <= x2)
                       & (pts[:, 1] >= y1) & (pts[:, 1] <= y2)))


def _exterior_flat(poly: Polygon) -> np.ndarray:
    """Clockwise (on screen) exterior of a polygon, flat, closing point
    dropped."""
    ring = np.asarray(orient(poly, sign=1.0).exterior.coords)[:-1]
    return ring.reshape(-1)


def crop_polygon(polygon: ArrayLike, crop_box: ArrayLike) -> np.ndarray | None:
    """Clip a polygon to a box.

    Args:
        polygon: Flat polygon.
        crop_box: ``[x1, y1, x2, y2]``.

    Returns:
        The clipped polygon as a flat float array in clockwise order, or None
        when nothing is left or the clip splits it into several pieces (as
        MMOCR does).
    """
    poly = poly_make_valid(poly2shapely(polygon))
    box = poly2shapely(bbox2poly(crop_box))
    cropped = poly.intersection(box)
    if cropped.is_empty or cropped.area == 0 or not isinstance(
            cropped, Polygon):
        return None
    return _exterior_flat(cropped)


def angle_order(points: ArrayLike, y_up: bool = False) -> np.ndarray:
    """Indices that order points by their angle around the mean point (ties
    keep their order): the one rule behind every vertex sorting here.

    Args:
        points: ``(N, 2)`` points ``[x, y]``.
        y_up: False: clockwise on screen (y down), starting from the ``+x``
            direction. True: MMOCR 0.x's :func:`mmocr.utils.sort_points`
            order, by ``(180 + degrees(atan2(dx, dy))) % 360`` of each offset
            ``(dx, dy)``, i.e. clockwise with y pointing up, starting from the
            direction straight up on screen.

    Returns:
        ``(N,)`` int array.
    """
    pts = np.asarray(points, dtype=np.float64)
    if pts.ndim != 2 or pts.shape[1] != 2 or len(pts) == 0:
        raise InvalidValueError(f'points must be N points [x, y], got shape '
                                f'{pts.shape}')
    vec = pts - pts.mean(axis=0)
    if y_up:
        key = (180 + np.degrees(np.arctan2(vec[:, 0], vec[:, 1]))) % 360
    else:
        # With y pointing down, increasing atan2 angle turns clockwise on
        # screen.
        key = np.arctan2(vec[:, 1], vec[:, 0])
    return np.argsort(key, kind='stable')


def sort_points(points: ArrayLike) -> np.ndarray:
    """Sort 2-D points clockwise (on screen) around their mean, starting from
    the one nearest the top-left corner of their bounding box (the first in
    that order on ties), as MMOCR 0.x's ``sort_vertex`` does.

    Args:
        points: ``(N, 2)`` points, or a flat ``(2N,)`` sequence.

    Returns:
        ``(N, 2)`` float array.
    """
    pts = np.asarray(points, dtype=np.float64)
    if pts.ndim == 1:
        if pts.size % 2 != 0:
            raise InvalidValueError(f'odd number of coordinates: {pts.tolist()}')
        pts = pts.reshape(-1, 2)
    pts = pts[angle_order(pts)]
    corner_dist = np.hypot(*(pts - pts.min(axis=0)).T)
    return np.roll(pts, -int(np.argmin(corner_dist)), axis=0)


def sort_vertex(points_x: ArrayLike,
                points_y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """:func:`sort_points` on separate x and y arrays (MMOCR 0.x API)."""
    xs = np.asarray(points_x, dtype=np.float64).reshape(-1)
    ys = np.asarray(points_y, dtype=np.float64).reshape(-1)
    if xs.shape != ys.shape:
        raise InvalidValueError(f'points_x and points_y differ in length: '
                                f'{xs.size} vs {ys.size}')
    pts = sort_points(np.stack([xs, ys], axis=1))
    return pts[:, 0], pts[:, 1]


def sort_vertex8(points: ArrayLike) -> np.ndarray:
    """Sort the 4 vertices of a flat 8-value quad; returns a flat array."""
    pts = np.asarray(points, dtype=np.float64).reshape(-1)
    if pts.size != 8:
        raise InvalidValueError(f'expected 8 values, got {pts.size}')
    return sort_points(pts.reshape(4, 2)).reshape(-1)


def offset_polygon(poly: ArrayLike, distance: float) -> np.ndarray:
    """Grow (``distance > 0``) or shrink (``< 0``) a polygon by ``distance``
    pixels with rounded joins (pyclipper), as DBNet/PSENet targets and
    unclipping do.

    pyclipper works on integer coordinates: the input is rounded first.

    Returns:
        The offset polygon as a flat float64 array; the largest piece when
        shrinking splits it; an empty ``(0,)`` array when nothing is left.
    """
    pts = np.round(_as_flat_polygon(poly).reshape(-1, 2)).astype(np.int64)
    offsetter = pyclipper.PyclipperOffset()
    offsetter.AddPath(pts.tolist(), pyclipper.JT_ROUND,
                      pyclipper.ET_CLOSEDPOLYGON)
    pieces = [np.asarray(p, dtype=np.float64)
              for p in offsetter.Execute(float(distance)) if len(p) >= 3]
    if not pieces:
        return np.zeros(0, dtype=np.float64)
    areas = [abs(pyclipper.Area(p.astype(np.int64).tolist())) for p in pieces]
    return pieces[int(np.argmax(areas))].reshape(-1)


def polygon_area(polygons, signed: bool = False) -> float | np.ndarray:
    """Shoelace area, unsigned by default.

    Args:
        polygons: One flat polygon (-> float), an ``(N, 2n)`` array or a list
            of flat polygons of any lengths (-> ``(N,)`` array, computed in one
            vectorised pass).
        signed: Keep the sign: positive for polygons clockwise on screen
            (y down), negative for counter-clockwise ones.
    """
    if isinstance(polygons, np.ndarray) and polygons.ndim == 2:
        pts = polygons.astype(np.float64).reshape(len(polygons), -1, 2)
        nxt = np.roll(pts, -1, axis=1)
        cross = pts[..., 0] * nxt[..., 1] - nxt[..., 0] * pts[..., 1]
        area = cross.sum(axis=1) / 2.0
        return area if signed else np.abs(area)
    if len(polygons) > 0 and np.ndim(polygons[0]) == 0:
        return float(polygon_area([polygons], signed)[0])
    if len(polygons) == 0:
        return np.zeros(0, dtype=np.float64)
    flat = [np.asarray(p, dtype=np.float64).reshape(-1, 2) for p in polygons]
    lengths = np.array([len(p) for p in flat])
    if np.any(lengths == 0):
        raise InvalidValueError('polygon_area got an empty polygon')
    pts = np.concatenate(flat)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    # index of each point's successor within its own polygon
    nxt_idx = np.arange(len(pts)) + 1
    nxt_idx[starts + lengths - 1] = starts
    nxt = pts[nxt_idx]
    cross = pts[:, 0] * nxt[:, 1] - nxt[:, 0] * pts[:, 1]
    area = np.add.reduceat(cross, starts) / 2.0
    return area if signed else np.abs(area)


def polygon_perimeter(polygon: ArrayLike) -> float:
    """Length of the closed boundary of a flat polygon (n >= 3 points)."""
    pts = _as_flat_polygon(polygon).reshape(-1, 2)
    return float(np.linalg.norm(pts - np.roll(pts, -1, axis=0), axis=1).sum())


def _area_over_perimeter(polygon: ArrayLike) -> float:
    """``A / L`` of a flat polygon; 0 for a degenerate one (``L == 0``)."""
    perimeter = polygon_perimeter(polygon)
    if perimeter == 0:
        return 0.0
    return polygon_area(_as_flat_polygon(polygon)) / perimeter


def shrink_distance(polygon: ArrayLike, shrink_ratio: float) -> float:
    """DBNet's shrink offset ``D = A * (1 - r^2) / L`` (Liao et al., "Real-time
    Scene Text Detection with Differentiable Binarization", 2020, label
    generation): ``A`` the area, ``L`` the perimeter of the polygon as given
    (float coordinates), ``r`` the shrink ratio.

    ``D`` is not rounded (as in the paper and its reference code); the
    integer rounding happens once, in :func:`offset_polygon`, which rounds
    the input vertices and returns integer vertices. 0 for a degenerate
    polygon.
    """
    return _area_over_perimeter(polygon) * (1 - shrink_ratio**2)


def unclip_distance(polygon: ArrayLike, unclip_ratio: float) -> float:
    """DBNet's expansion offset of a predicted (shrunk) text kernel,
    ``D' = A' * r' / L'`` (DBNet, inference), ``r'`` the unclip
    ratio; not rounded (see :func:`shrink_distance`). 0 for a degenerate
    polygon.

    A ``w x h`` rectangle shrunk by :func:`shrink_distance` with ratio
    ``r`` is recovered (up to rounded corners) by ``r' = D * 2 (w' + h') /
    (w' h')``, with ``w' = w - 2D``, ``h' = h - 2D`` the kernel's sides.
    """
    return _area_over_perimeter(polygon) * unclip_ratio


def is_convex(polygons: np.ndarray) -> np.ndarray:
    """Which of ``(N, 2k)`` polygons are convex and simple: every turn of
    the boundary bends the same way, no edge folds back onto the previous
    one, and (for ``k > 4``; a quad cannot wind twice) the boundary winds
    around once."""
    pts = np.asarray(polygons, dtype=np.float64).reshape(len(polygons), -1, 2)
    edge = np.roll(pts, -1, axis=1) - pts
    nxt = np.roll(edge, -1, axis=1)
    turn = edge[..., 0] * nxt[..., 1] - edge[..., 1] * nxt[..., 0]
    folds = (turn == 0) & ((edge * nxt).sum(axis=2) < 0)
    ok = (np.all(turn >= 0, axis=1) | np.all(turn <= 0, axis=1)) & ~folds.any(1)
    if pts.shape[1] > 4:
        angle = np.arctan2(edge[..., 1], edge[..., 0])
        step = np.angle(np.exp(1j * (np.roll(angle, -1, axis=1) - angle)))
        ok &= np.isclose(np.abs(step.sum(axis=1)), 2 * np.pi)
    return ok


def _next_vertex(values: np.ndarray, count: np.ndarray) -> np.ndarray:
    """``values[:, i + 1]`` of polygons padded to a fixed size, the last of
    each polygon's ``count`` vertices followed by its first."""
    nxt = np.roll(values, -1, axis=1)
    rows = np.arange(len(values))
    nxt[rows, np.maximum(count - 1, 0)] = values[:, 0]
    return nxt


def convex_intersection_area(polys_a: np.ndarray,
                             polys_b: np.ndarray) -> np.ndarray:
    """Element-wise intersection areas ``(N,)`` of two ``(N, 2k)`` arrays of
    convex polygons (either orientation; check with :func:`is_convex`).

    Sutherland-Hodgman clipping of each ``a`` by the ``k`` edges of its
    ``b``, all pairs at once: the clipped polygon is kept packed at the
    front of ``2k`` vertex slots with a count per pair (clipping a convex
    ``k``-gon by a half-plane adds at most one vertex).
    """
    a = np.asarray(polys_a, dtype=np.float64).reshape(len(polys_a), -1, 2)
    b = np.asarray(polys_b, dtype=np.float64).reshape(len(polys_b), -1, 2)
    n, k = a.shape[:2]
    # Orient b counter-clockwise in the y-up sense so "inside" is the left
    # side of its edges; a's orientation does not matter to clipping.
    flip = polygon_area(b.reshape(n, -1), signed=True) < 0
    b = np.where(flip[:, None, None], b[:, ::-1], b)
    size = 2 * k
    verts = np.zeros((n, size, 2))
    verts[:, :k] = a
    count = np.full(n, k)
    slots = np.arange(size)
    for e in range(b.shape[1]):
        p, d = b[:, e], b[:, (e + 1) % b.shape[1]] - b[:, e]
        side = (d[:, None, 0] * (verts[..., 1] - p[:, None, 1])
                - d[:, None, 1] * (verts[..., 0] - p[:, None, 0]))
        valid = slots[None] < count[:, None]
        nxt, side_nxt = _next_vertex(verts, count), _next_vertex(side, count)
        inside = side >= 0
        denom = np.where(side == side_nxt, 1.0, side - side_nxt)
        cut = verts + (side / denom)[..., None] * (nxt - verts)
        # Each vertex emits itself when inside and the crossing of its edge
        # when the edge changes side: two candidate slots per vertex, packed
        # to the front in order.
        cand = np.stack([verts, cut], axis=2).reshape(n, 2 * size, 2)
        keep = np.stack([valid & inside, valid & (inside != (side_nxt >= 0))],
                        axis=2).reshape(n, 2 * size)
        count = np.minimum(keep.sum(axis=1), size)
        keep &= np.cumsum(keep, axis=1) <= size
        rows, cols = np.nonzero(keep)
        verts = np.zeros((n, size, 2))
        verts[rows, (np.cumsum(keep, axis=1) - 1)[rows, cols]] = cand[rows, cols]
    nxt = _next_vertex(verts, count)
    cross = verts[..., 0] * nxt[..., 1] - nxt[..., 0] * verts[..., 1]
    area = np.abs(np.where(slots[None] < count[:, None], cross, 0.0).sum(1)) / 2
    return np.where(count >= 3, area, 0.0)
