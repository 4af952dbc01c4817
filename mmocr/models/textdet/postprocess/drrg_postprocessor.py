"""DRRG's postprocessing: linkage scores -> graph -> connected components ->
one boundary per text."""
from __future__ import annotations

import cv2
import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from mmocr.registry import POSTPROCESSOR
from mmocr.utils.errors import InvalidValueError

from .base_postprocessor import BasePostprocessor

__all__ = ['DRRGPostprocessor', 'graph_propagation', 'comps_labels',
           'min_connect_path', 'comps2boundary']


def graph_propagation(edges: np.ndarray, scores: np.ndarray,
                      text_comps: np.ndarray, edge_len_thr: float = 50.0
                      ) -> tuple[np.ndarray, np.ndarray]:
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
    if len(edges) != len(scores):
        raise InvalidValueError(f'graph_propagation: {len(edges)} edges and '
                                f'{len(scores)} scores')
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
    linked = pair_scores >= link_thr
    graph = coo_matrix((np.ones(int(linked.sum())),
                        (pairs[linked, 0], pairs[linked, 1])),
                       shape=(num_comps, num_comps))
    return connected_components(graph, directed=False)[1]


def min_connect_path(points: np.ndarray) -> np.ndarray:
    """An order visiting all ``points`` ``(n, 2)``: start from the first and
    repeatedly attach the remaining point nearest to either end of the path
    (the head on ties), as MMOCR 0.x. Returns the ``(n,)`` point indices."""
    points = np.asarray(points, dtype=np.float64)
    n = len(points)
    remaining = np.ones(n, dtype=bool)
    remaining[0] = False
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
    return np.asarray(head[::-1] + tail, dtype=np.int64)


def _inside(contour: np.ndarray, point: np.ndarray) -> bool:
    return cv2.pointPolygonTest(contour.astype(np.int32).reshape(-1, 1, 2),
                                (int(point[0]), int(point[1])), False) > 0.5


def comps2boundary(boxes: np.ndarray, score: float) -> list[float]:
    """One text's boundary ``[x1, y1, ..., score]`` from its ``(m >= 2, 4,
    2)`` int component boxes (top-left, top-right, bottom-right,
    bottom-left): the boxes chained by :func:`min_connect_path` over their
    centres; the top line through the mid-points of their top edges, the
    bottom line through those of their bottom edges, each end extended by
    the end box's corners when the mid-point of its outer edge lies outside
    the polygon so far."""
    boxes = boxes[min_connect_path(boxes.mean(1).astype(np.int32))]
    top = boxes[:, 0:2].mean(1).astype(np.int32)
    bot = boxes[:, 2:4].mean(1).astype(np.int32)
    contour = np.concatenate([top, bot[::-1]])
    ends = []
    for box in (boxes[0], boxes[-1]):
        if not _inside(contour, (box[0] + box[3]) / 2):
            ends.append((box[0], box[3]))
        elif not _inside(contour, (box[1] + box[2]) / 2):
            ends.append((box[1], box[2]))
        else:
            ends.append(None)
    if ends[0] is not None:
        top = np.concatenate([ends[0][0][None], top])
        bot = np.concatenate([ends[0][1][None], bot])
    if ends[1] is not None:
        top = np.concatenate([top, ends[1][0][None]])
        bot = np.concatenate([bot, ends[1][1][None]])
    points = np.concatenate([top, bot[::-1]]).astype(np.float64)
    return points.reshape(-1).tolist() + [float(score)]


@POSTPROCESSOR.register_module()
class DRRGPostprocessor(BasePostprocessor):
    """Merge DRRG's text components into texts (MMOCR 0.x).

    ``__call__(edges (E, 2), scores (E,), text_comps (n, 9))`` ->
    boundaries ``[x1, y1, ..., xk, yk, score]`` (polygons; score the mean
    component score): edge scores averaged per component pair
    (:func:`graph_propagation`), components linked by pairs scoring at
    least ``link_thr`` clustered (connected components), clusters of a
    single component dropped, one boundary per cluster
    (:func:`comps2boundary`).

    Args:
        link_thr: Linkage score threshold.
        edge_len_thr: Edges longer than this (pixels) score 0.
        text_repr_type: ``'poly'`` (DRRG gives polygons).
    """

    def __init__(self, link_thr: float, edge_len_thr: float = 50.0,
                 text_repr_type: str = 'poly'):
        super().__init__(text_repr_type)
        if not 0 <= link_thr <= 1:
            raise InvalidValueError('DRRGPostprocessor: link_thr must be in [0, 1], '
                                    f'got {link_thr!r}')
        self.link_thr = float(link_thr)
        self.edge_len_thr = float(edge_len_thr)

    def __call__(self, edges: np.ndarray, scores: np.ndarray,
                 text_comps: np.ndarray) -> list[list[float]]:
        text_comps = np.asarray(text_comps, dtype=np.float64)
        if text_comps.ndim != 2 or text_comps.shape[1] != 9:
            raise InvalidValueError('DRRGPostprocessor: text_comps must be (n, 9), '
                                    f'got shape {text_comps.shape}')
        if len(edges) == 0 or len(text_comps) == 0:
            return []
        pairs, pair_scores = graph_propagation(edges, scores, text_comps,
                                               self.edge_len_thr)
        labels = comps_labels(pairs, pair_scores, len(text_comps),
                              self.link_thr)
        sizes = np.bincount(labels)
        boundaries = []
        for label in np.flatnonzero(sizes > 1):  # one step per text
            members = labels == label
            boxes = text_comps[members, :8].reshape(-1, 4, 2).astype(np.int32)
            boundaries.append(comps2boundary(boxes,
                                             text_comps[members, 8].mean()))
        return boundaries

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(link_thr={self.link_thr}, '
                f'edge_len_thr={self.edge_len_thr})')
