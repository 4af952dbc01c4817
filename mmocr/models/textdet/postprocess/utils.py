"""Geometry and graph helpers shared by the text detection postprocessors
(``points2boundary`` is :func:`mmocr.core.mask.points2boundary`, re-exported
at its MMOCR 0.x path)."""
from __future__ import annotations

from typing import Sequence

import cv2
import numpy as np
import shapely

from mmocr.core.evaluation.utils import point_distance
from mmocr.core.mask import points2boundary
from mmocr.utils.errors import InvalidTypeError, InvalidValueError
from mmocr.utils.graph import component_labels
from mmocr.utils.polygon_utils import (
    offset_polygon,
    polys2shapely_array,
    unclip_distance,
)

__all__ = ['points2boundary', 'box_score_fast', 'unclip', 'poly_nms',
           'fourier2poly', 'fill_hole', 'skeletonize', 'centralize',
           'merge_disks', 'filter_instance', 'Node', 'link_scores',
           'comps_labels', 'graph_propagation', 'connected_components',
           'clusters2labels', 'remove_single', 'norm2', 'min_connect_path',
           'in_contour', 'fix_corner', 'comps2boundary', 'comps2boundaries']


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


def filter_instance(area: float, confidence: float, min_area: float,
                    min_confidence: float) -> bool:
    """Whether to drop a text instance: ``area < min_area`` or
    ``confidence < min_confidence`` (MMOCR 0.x's rule)."""
    return bool(area < min_area or confidence < min_confidence)


# DRRG's graph steps (MMOCR 0.x's names). DRRGPostprocessor runs them on
# arrays -- link_scores, comps_labels, remove_single, comps2boundaries; the
# Node-based graph_propagation / connected_components / clusters2labels
# are 0.x's interface over the same two array functions.


class Node:
    """A vertex of the component graph: the component index :attr:`ind`
    and the set of its neighbours :attr:`links` (a copy)."""

    def __init__(self, ind: int):
        self._ind = ind
        self._links: set[Node] = set()

    @property
    def ind(self) -> int:
        return self._ind

    @property
    def links(self) -> set[Node]:
        return set(self._links)

    def add_link(self, link_node: Node) -> None:
        """Link this node and ``link_node`` (both ways)."""
        self._links.add(link_node)
        link_node._links.add(self)

    def __repr__(self) -> str:
        return f'Node({self._ind})'


def link_scores(edges: np.ndarray, scores: np.ndarray, text_comps: np.ndarray,
                edge_len_thr: float = 50.0) -> tuple[np.ndarray, np.ndarray]:
    """The undirected edges and their scores: an edge's scores (one per
    direction it was predicted in) are averaged; an edge between components
    whose centres are more than ``edge_len_thr`` apart scores 0.

    Args:
        edges: ``(E, 2)`` component index pairs.
        scores: ``(E,)`` linkage probabilities.
        text_comps: ``(n, 9)`` components ``[x1, y1, ..., x4, y4, score]``.
        edge_len_thr: Longest edge kept.

    Returns:
        ``(pairs (P, 2)`` sorted unique pairs, ``pair_scores (P,))``.
    """
    edges = np.sort(np.asarray(edges, dtype=np.int64).reshape(-1, 2), axis=1)
    scores = np.asarray(scores, dtype=np.float64).reshape(-1)
    text_comps = np.asarray(text_comps, dtype=np.float64)
    if len(edges) != len(scores) or text_comps.ndim != 2:
        raise InvalidValueError(f'link_scores: {len(edges)} edges, '
                                f'{len(scores)} scores and text_comps of shape '
                                f'{text_comps.shape} (expected (n, 9))')
    centers = text_comps[:, :8].reshape(-1, 4, 2).mean(1)
    length = np.linalg.norm(centers[edges[:, 0]] - centers[edges[:, 1]], axis=1)
    scores = np.where(length > edge_len_thr, 0.0, scores)
    pairs, inverse = np.unique(edges, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    sums = np.bincount(inverse, scores, minlength=len(pairs))
    counts = np.bincount(inverse, minlength=len(pairs))
    return pairs, sums / np.maximum(counts, 1)


def comps_labels(pairs: np.ndarray, pair_scores: np.ndarray, num_comps: int,
                 link_thr: float) -> np.ndarray:
    """``(num_comps,)`` cluster label of each component: the connected
    components of the graph of the pairs scoring at least ``link_thr``."""
    linked = np.asarray(pair_scores) >= link_thr
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    return component_labels(pairs[linked], num_comps)


def graph_propagation(edges: np.ndarray, scores: np.ndarray,
                      text_comps: np.ndarray, edge_len_thr: float = 50.0
                      ) -> tuple[list[Node], dict[tuple[int, int], float]]:
    """MMOCR 0.x's graph of the components: :func:`link_scores` as one
    :class:`Node` per component on an edge (sorted by index, linked to its
    neighbours) and a dict ``{(i, j): score}`` of the sorted pairs.

    An edge predicted in both directions scores the mean of its two scores
    (0.x: the running mean, the same for two).
    """
    pairs, pair_scores = link_scores(edges, scores, text_comps, edge_len_thr)
    vertices = {int(i): Node(int(i)) for i in np.unique(pairs)}
    for i, j in pairs.tolist():
        vertices[i].add_link(vertices[j])
    score_dict = {(i, j): s for (i, j), s in
                  zip(map(tuple, pairs.tolist()), pair_scores.tolist())}
    return list(vertices.values()), score_dict


def connected_components(nodes: list[Node],
                         score_dict: dict[tuple[int, int], float],
                         link_thr: float) -> list[list[Node]]:
    """The clusters of ``nodes`` joined by links scoring at least
    ``link_thr`` in ``score_dict`` (keys sorted index pairs), each a list of
    :class:`Node` (:func:`comps_labels` on the graph)."""
    if not isinstance(nodes, list) or not all(isinstance(n, Node)
                                              for n in nodes):
        raise InvalidTypeError('connected_components: nodes must be a list of '
                               f'Node, got {type(nodes).__name__}')
    if not nodes:
        return []
    inds = np.array([node.ind for node in nodes], dtype=np.int64)
    position = np.full(int(inds.max()) + 1, -1, dtype=np.int64)
    position[inds] = np.arange(len(nodes))
    keys = np.array(list(score_dict), dtype=np.int64).reshape(-1, 2)
    values = np.fromiter(score_dict.values(), np.float64, len(score_dict))
    known = (keys < len(position)).all(1)
    pairs = position[keys[known]]
    present = (pairs >= 0).all(1)
    labels = comps_labels(pairs[present], values[known][present], len(nodes),
                          link_thr)
    clusters: list[list[Node]] = [[] for _ in range(int(labels.max()) + 1)]
    for node, label in zip(nodes, labels.tolist()):
        clusters[label].append(node)
    return clusters


def clusters2labels(clusters: list[list[Node]], num_nodes: int) -> np.ndarray:
    """``(num_nodes,)`` int cluster label per component index: ``k`` for the
    nodes of ``clusters[k]``; components in no cluster (on no edge) each
    get a label of their own after those (0.x gave them label 0, merging
    them into the first text)."""
    labels = np.full(num_nodes, -1, dtype=np.int64)
    for label, cluster in enumerate(clusters):
        labels[[node.ind for node in cluster]] = label
    alone = labels < 0
    labels[alone] = len(clusters) + np.arange(int(alone.sum()))
    return labels


def remove_single(text_comps: np.ndarray, comp_pred_labels: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray]:
    """The components ``(n, 9)`` and labels ``(n,)`` without the clusters of
    a single component."""
    comp_pred_labels = np.asarray(comp_pred_labels)
    if len(text_comps) != len(comp_pred_labels):
        raise InvalidValueError(f'remove_single: {len(text_comps)} components '
                                f'and {len(comp_pred_labels)} labels')
    _, inverse, counts = np.unique(comp_pred_labels, return_inverse=True,
                                   return_counts=True)
    keep = counts[inverse.reshape(-1)] > 1
    return text_comps[keep], comp_pred_labels[keep]


def norm2(point1: Sequence[float], point2: Sequence[float]) -> float:
    """Euclidean distance between two points ``(x, y)``."""
    return point_distance(point1, point2)


def min_connect_path(points: Sequence[Sequence[float]] | np.ndarray
                     ) -> list[int]:
    """An order visiting all ``points`` ``(n, 2)``: start from the first and
    repeatedly attach the remaining point nearest to either end of the path
    (the head on ties), as MMOCR 0.x. Returns the point indices."""
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    n = len(points)
    remaining = np.ones(n, dtype=bool)
    remaining[:1] = False
    head, tail = [0], []
    for _ in range(n - 1):  # one step per point of the path
        cand = np.flatnonzero(remaining)
        d_head = np.linalg.norm(points[cand] - points[head[-1]], axis=1)
        tail_end = tail[-1] if tail else 0
        d_tail = np.linalg.norm(points[cand] - points[tail_end], axis=1)
        if d_head.min() <= d_tail.min():
            pick = cand[np.argmin(d_head)]
            head.append(pick)
        else:
            pick = cand[np.argmin(d_tail)]
            tail.append(pick)
        remaining[pick] = False
    return [int(i) for i in head[::-1] + tail] if n else []


def in_contour(cont: np.ndarray, point: Sequence[float]) -> bool:
    """Whether ``point`` ``(x, y)`` (rounded down) lies strictly inside the
    polygon ``cont`` ``(k, 2)``."""
    contour = np.asarray(cont).astype(np.int32).reshape(-1, 1, 2)
    return cv2.pointPolygonTest(contour, (int(point[0]), int(point[1])),
                                False) > 0.5


def fix_corner(top_line: list[list[int]], bot_line: list[list[int]],
               start_box: np.ndarray, end_box: np.ndarray
               ) -> tuple[list[list[int]], list[list[int]]]:
    """Extend a text's top and bottom lines by the corners of its end
    component boxes ``(4, 2)`` (top-left, top-right, bottom-right,
    bottom-left): at each end, the box's left corners when the mid-point
    of its left edge lies outside the polygon ``top_line + bot_line[::-1]``,
    else its right corners when that edge's mid-point does; the lines are
    extended in place (start: prepended, end: appended) and returned."""
    start_box, end_box = np.asarray(start_box), np.asarray(end_box)
    if start_box.shape != (4, 2) or end_box.shape != (4, 2):
        raise InvalidValueError(f'fix_corner: boxes must be (4, 2), got '
                                f'{start_box.shape} and {end_box.shape}')
    contour = np.asarray(list(top_line) + list(bot_line)[::-1])
    for box, at in ((start_box, 0), (end_box, None)):
        if not in_contour(contour, (box[0] + box[3]) / 2):
            top, bot = box[0], box[3]
        elif not in_contour(contour, (box[1] + box[2]) / 2):
            top, bot = box[1], box[2]
        else:
            continue
        for line, corner in ((top_line, top), (bot_line, bot)):
            line.insert(len(line) if at is None else at, corner.tolist())
    return top_line, bot_line


def comps2boundary(boxes: np.ndarray, score: float) -> list[float]:
    """One text's boundary ``[x1, y1, ..., score]`` from its ``(m >= 2, 4,
    2)`` int component boxes (top-left, top-right, bottom-right,
    bottom-left): the boxes chained by :func:`min_connect_path` over their
    centres; the top line through the mid-points of their top edges, the
    bottom line through those of their bottom edges, the ends extended by
    :func:`fix_corner`."""
    boxes = boxes[min_connect_path(boxes.mean(1).astype(np.int32))]
    top, bot = fix_corner(boxes[:, 0:2].mean(1).astype(np.int32).tolist(),
                          boxes[:, 2:4].mean(1).astype(np.int32).tolist(),
                          boxes[0], boxes[-1])
    points = np.asarray(top + bot[::-1], dtype=np.float64)
    return points.reshape(-1).tolist() + [float(score)]


def comps2boundaries(text_comps: np.ndarray, comp_pred_labels: np.ndarray
                     ) -> list[list[float]]:
    """One boundary ``[x1, y1, ..., score]`` per cluster label (in label
    order) of the components ``text_comps`` ``(n, 9)``, score the mean of
    its components' scores: :func:`comps2boundary` for several components,
    the box's four corners for one (0.x kept only its top two)."""
    text_comps = np.asarray(text_comps, dtype=np.float64)
    comp_pred_labels = np.asarray(comp_pred_labels)
    if text_comps.ndim != 2 or len(text_comps) != len(comp_pred_labels):
        raise InvalidValueError(f'comps2boundaries: text_comps of shape '
                                f'{text_comps.shape} and '
                                f'{len(comp_pred_labels)} labels')
    boundaries = []
    for label in np.unique(comp_pred_labels):  # one step per text
        members = comp_pred_labels == label
        boxes = text_comps[members, :8].reshape(-1, 4, 2).astype(np.int32)
        score = text_comps[members, -1].mean()
        boundaries.append(
            comps2boundary(boxes, score) if len(boxes) > 1 else
            boxes[0].reshape(-1).astype(np.float64).tolist() + [float(score)])
    return boundaries
