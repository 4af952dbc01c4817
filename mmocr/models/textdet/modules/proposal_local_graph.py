"""DRRG's test-time text components and their local graphs (MMOCR 0.x's
``ProposalLocalGraphs``)."""
from __future__ import annotations

from typing import Sequence

import cv2
import numpy as np
import torch

from mmocr.models.common.layers.roi_align_rotated import RoIAlignRotated
from mmocr.models.textdet.postprocess.base_postprocessor import BasePostprocessor
from mmocr.models.textdet.postprocess.lanms import locality_aware_nms
from mmocr.models.textdet.postprocess.utils import fill_hole
from mmocr.utils.errors import InvalidValueError

from .local_graph import (
    _check_int_pair,
    local_graph_members,
    node_features,
    pack_local_graphs,
)
from .utils import nearest_neighbours

__all__ = ['ProposalLocalGraphs', 'quad_mean_scores']


def quad_mean_scores(score_map: np.ndarray, quads: np.ndarray,
                     max_pixels: int = 1 << 22) -> np.ndarray:
    """``(n,)`` mean of ``score_map`` ``(H, W)`` over the pixels inside each
    convex quad of ``quads`` ``(n, 4, 2)`` (x, y; edges included), quads
    clipped to the map first; 0 for a quad covering no pixel centre. The
    quads are tested together on a grid the size of the largest bounding
    box, in chunks of at most ``max_pixels`` grid pixels."""
    h, w = score_map.shape
    quads = quads.astype(np.float64).copy()
    quads[..., 0] = np.clip(quads[..., 0], 0, w - 1)
    quads[..., 1] = np.clip(quads[..., 1], 0, h - 1)
    low = np.floor(quads.min(1)).astype(np.int64)  # (n, 2)
    high = np.ceil(quads.max(1)).astype(np.int64)
    size = (high - low).max(0) + 1 if len(quads) else np.ones(2, np.int64)
    step = max(1, max_pixels // int(size[0] * size[1]))
    means = np.zeros(len(quads))
    for start in range(0, len(quads), step):  # bounded memory
        sl = slice(start, start + step)
        q, lo, hi = quads[sl], low[sl], high[sl]
        px = lo[:, 0, None, None] + np.arange(size[0])[None, None, :]
        py = lo[:, 1, None, None] + np.arange(size[1])[None, :, None]
        inside = ((px <= hi[:, 0, None, None]) & (py <= hi[:, 1, None, None])
                  & (px <= w - 1) & (py <= h - 1))
        # A convex quad: the pixel is on one side of all four edges.
        cross = np.stack([
            (q[:, (k + 1) % 4, 0] - q[:, k, 0])[:, None, None]
            * (py - q[:, k, 1, None, None])
            - (q[:, (k + 1) % 4, 1] - q[:, k, 1])[:, None, None]
            * (px - q[:, k, 0, None, None]) for k in range(4)])
        inside &= (cross >= -1e-6).all(0) | (cross <= 1e-6).all(0)
        values = score_map[np.minimum(py, h - 1), np.minimum(px, w - 1)]
        count = inside.sum((1, 2))
        means[sl] = np.where(count > 0, (values * inside).sum((1, 2))
                             / np.maximum(count, 1), 0.0)
    return means


def _text_fraction(quads: np.ndarray, text_mask: np.ndarray) -> float:
    """Share of the pixels covered by the ``(n, 8)`` quads (filled in their
    bounding box) that are text in ``text_mask`` ``(H, W)``; 1 when they
    cover none."""
    h, w = text_mask.shape
    boxes = quads.reshape(-1, 4, 2).astype(np.int32)
    x0, y0 = np.maximum(boxes.reshape(-1, 2).min(0), 0)
    x1, y1 = np.minimum(boxes.reshape(-1, 2).max(0) + 1, (w, h))
    if x1 <= x0 or y1 <= y0:
        return 1.0
    canvas = np.zeros((y1 - y0, x1 - x0), np.uint8)
    cv2.drawContours(canvas, list(boxes), -1, 1, -1,
                     offset=(-int(x0), -int(y0)))
    covered = int(canvas.sum())
    return (float((canvas * text_mask[y0:y1, x0:x1]).sum()) / covered
            if covered else 1.0)


class ProposalLocalGraphs:
    """Text components proposed from DRRG's predicted maps and their local
    graphs (DRRG, https://arxiv.org/abs/2003.07493; MMOCR 0.x).

    Text pixels have ``sigmoid(text) > text_region_thr``; center pixels
    also ``sigmoid(center) > center_region_thr``. For each center region
    (holes filled, 8-connected, more than ``center_region_area_thr``
    pixels), each of its pixels whose text score exceeds ``comp_score_thr``
    proposes a rectangle: from the pixel, ``comp_shrink_ratio`` x the
    predicted top / bottom heights along the (normalised) ``(cos, sin)``
    direction, width ``clip((top + bot) * comp_w_h_ratio, min_width,
    max_width)`` across it; the rectangles are merged by locality-aware NMS
    (``nms_thr``) and the region is dropped when less than half of them
    lies on text pixels. Each component's score is the mean text score over
    it; its attributes ``x, y`` (centre, int), ``h`` (top + bottom height
    there), ``w``, ``cos``, ``sin`` give the node features
    (:func:`~.local_graph.node_features`); every component is a pivot of a
    local graph (:func:`~.local_graph.local_graph_members`).

    ``__call__(preds (1, 6, H, W) or (6, H, W), feat_maps (1, C', H, W))``
    (``preds``: text and center logits, sin, cos, top and bottom heights)
    -> ``(none_flag, (node_feats (G, M, F), adjacent (G, M, M), knn_inds
    (G, K), local_graphs (G, M) long node indices, text_comps (n, 9)
    [x1, y1, ..., x4, y4, score]))``; ``none_flag`` True (and zeros) when
    fewer than 2 components are found.
    """

    def __init__(self, k_at_hops: Sequence[int], num_adjacent_linkages: int,
                 node_geo_feat_len: int, pooling_scale: float,
                 pooling_output_size: Sequence[int], nms_thr: float,
                 min_width: float, max_width: float, comp_shrink_ratio: float,
                 comp_w_h_ratio: float, comp_score_thr: float,
                 text_region_thr: float, center_region_thr: float,
                 center_region_area_thr: int):
        _check_int_pair('k_at_hops', k_at_hops, 'ProposalLocalGraphs')
        _check_int_pair('pooling_output_size', pooling_output_size,
                        'ProposalLocalGraphs')
        if not 0 < min_width <= max_width:
            raise InvalidValueError('ProposalLocalGraphs: need 0 < min_width <= '
                                    f'max_width, got {min_width!r}, {max_width!r}')
        self.k_at_hops = tuple(k_at_hops)
        self.active_connection = int(num_adjacent_linkages)
        self.local_graph_depth = len(self.k_at_hops)
        self.node_geo_feat_dim = int(node_geo_feat_len)
        self.pooling = RoIAlignRotated(tuple(pooling_output_size),
                                       float(pooling_scale))
        self.nms_thr = float(nms_thr)
        self.min_width = float(min_width)
        self.max_width = float(max_width)
        self.comp_shrink_ratio = float(comp_shrink_ratio)
        self.comp_w_h_ratio = float(comp_w_h_ratio)
        self.comp_score_thr = float(comp_score_thr)
        self.text_region_thr = float(text_region_thr)
        self.center_region_thr = float(center_region_thr)
        self.center_region_area_thr = int(center_region_area_thr)

    def propose_comps(self, score_map: np.ndarray, top_height_map: np.ndarray,
                      bot_height_map: np.ndarray, sin_map: np.ndarray,
                      cos_map: np.ndarray
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(quads (n, 8), scores (n,), rows (n,))``: one rectangle per
        pixel of ``score_map`` above ``comp_score_thr``, in row-major order
        (see the class)."""
        ys, xs = np.nonzero(score_map > self.comp_score_thr)
        top = top_height_map[ys, xs] * self.comp_shrink_ratio
        bot = bot_height_map[ys, xs] * self.comp_shrink_ratio
        sin, cos = sin_map[ys, xs], cos_map[ys, xs]
        top_mid = np.stack([xs + top * cos, ys + top * sin], axis=1)
        bot_mid = np.stack([xs - bot * cos, ys - bot * sin], axis=1)
        half = np.clip((top + bot) * self.comp_w_h_ratio, self.min_width,
                       self.max_width)[:, None] / 2
        across = np.stack([-sin, cos], axis=1) * half
        quads = np.concatenate([top_mid - across, top_mid + across,
                                bot_mid + across, bot_mid - across], axis=1)
        return quads.astype(np.float32), score_map[ys, xs], ys

    def propose_comps_and_attribs(
            self, text_region_map: np.ndarray, center_region_map: np.ndarray,
            top_height_map: np.ndarray, bot_height_map: np.ndarray,
            sin_map: np.ndarray, cos_map: np.ndarray
    ) -> tuple[np.ndarray | None, np.ndarray | None]:
        """``(comp_attribs (n, 6) [x, y, h, w, cos, sin], text_comps (n,
        9))`` from probability / regression maps ``(H, W)``, or ``(None,
        None)`` without components."""
        if not (text_region_map.shape == center_region_map.shape
                == top_height_map.shape == bot_height_map.shape
                == sin_map.shape == cos_map.shape):
            raise InvalidValueError('ProposalLocalGraphs: the maps must have one '
                                    'shape')
        text_mask = text_region_map > self.text_region_thr
        center_mask = fill_hole((center_region_map > self.center_region_thr)
                                & text_mask)
        scale = 1.0 / np.sqrt(sin_map**2 + cos_map**2 + 1e-8)
        sin_map, cos_map = sin_map * scale, cos_map * scale
        num, labels, stats, _ = cv2.connectedComponentsWithStats(
            center_mask.astype(np.uint8), connectivity=8)
        h, w = text_mask.shape
        comps = []
        for label in range(1, num):  # one step per text region
            if stats[label, cv2.CC_STAT_AREA] <= self.center_region_area_thr:
                continue
            x0, y0 = stats[label, cv2.CC_STAT_LEFT], stats[label, cv2.CC_STAT_TOP]
            box = (slice(y0, y0 + stats[label, cv2.CC_STAT_HEIGHT]),
                   slice(x0, x0 + stats[label, cv2.CC_STAT_WIDTH]))
            quads, scores, rows = self.propose_comps(
                text_region_map[box] * (labels[box] == label),
                top_height_map[box], bot_height_map[box], sin_map[box],
                cos_map[box])
            if not len(quads):
                continue
            quads, scores = locality_aware_nms(quads, scores, rows,
                                               self.nms_thr)
            quads = quads + np.tile([x0, y0], 4)
            if _text_fraction(quads, text_mask) < 0.5:
                continue
            comps.append(np.concatenate([quads, scores[:, None]], axis=1))
        if not comps:
            return None, None
        text_comps = np.concatenate(comps).astype(np.float32)
        boxes = text_comps[:, :8].reshape(-1, 4, 2)
        text_comps[:, 8] = quad_mean_scores(text_region_map, boxes)
        centers = boxes.mean(1).astype(np.int32)
        x = np.clip(centers[:, 0], 0, w - 1)
        y = np.clip(centers[:, 1], 0, h - 1)
        height = top_height_map[y, x] + bot_height_map[y, x]
        width = np.clip(height * self.comp_w_h_ratio, self.min_width,
                        self.max_width)
        comp_attribs = np.stack([centers[:, 0], centers[:, 1], height, width,
                                 cos_map[y, x], sin_map[y, x]], axis=1)
        return comp_attribs.astype(np.float64), text_comps

    def __call__(self, preds: torch.Tensor, feat_maps: torch.Tensor):
        if preds.dim() == 4:
            if preds.size(0) != 1:
                raise InvalidValueError('ProposalLocalGraphs works on one image, got '
                                        f'a batch of {preds.size(0)}')
            preds = preds[0]
        maps = preds.detach().float().cpu().numpy()
        sigmoid = BasePostprocessor.sigmoid(maps[:2])
        comp_attribs, text_comps = self.propose_comps_and_attribs(
            sigmoid[0], sigmoid[1], maps[4], maps[5], maps[2], maps[3])
        if comp_attribs is None or len(comp_attribs) < 2:
            return True, (0, 0, 0, 0, 0)
        sorted_dist_inds = nearest_neighbours(
            comp_attribs[:, :2],
            max(*self.k_at_hops, self.active_connection) + 1)
        feats = node_features(self.pooling, feat_maps, comp_attribs,
                              self.node_geo_feat_dim)
        members, knn = local_graph_members(sorted_dist_inds, self.k_at_hops)
        max_nodes = 1 + int((members >= 0).sum(1).max())
        graph_feats, adjacent, knn_inds, nodes = pack_local_graphs(
            feats, sorted_dist_inds, members, knn,
            np.arange(len(comp_attribs)), self.active_connection, max_nodes)
        return False, (graph_feats, adjacent, knn_inds, nodes, text_comps)
