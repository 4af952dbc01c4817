"""DRRG's local graphs for training (MMOCR 0.x's ``LocalGraphs``) and the
vectorised graph building shared with :class:`ProposalLocalGraphs`."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import torch
from torch import nn

from mmocr.models.common.layers.roi_align_rotated import RoIAlignRotated
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

from .utils import (
    euclidean_distance_matrix,
    feature_embedding,
    normalize_adjacent_batch,
)

__all__ = ['LocalGraphs', 'local_graph_members', 'pack_local_graphs',
           'node_features']


def _check_int_pair(name: str, value: Sequence[int], owner: str) -> None:
    if (not isinstance(value, (tuple, list)) or len(value) != 2
            or not all(isinstance(v, int) and v > 0 for v in value)):
        raise InvalidValueError(f'{owner}: {name} must be two positive ints, got '
                                f'{value!r}')


def local_graph_members(sorted_dist_inds: np.ndarray,
                        k_at_hops: Sequence[int]
                        ) -> tuple[np.ndarray, np.ndarray]:
    """The two-hop local graph of every node.

    Args:
        sorted_dist_inds: ``(N, >= max(k_at_hops) + 1)`` node indices of
            each row sorted by distance (the node itself first; only the
            first columns are read).
        k_at_hops: ``(k1, k2)``: a pivot's ``k1`` nearest neighbours and
            their ``k2`` nearest neighbours make up its local graph.

    Returns:
        ``(members (N, C) int64, knn (N, min(k1, N - 1)))``: ``members[i]``
        the nodes of pivot ``i``'s local graph (the pivot itself excluded)
        by increasing index, padded with -1; ``knn`` the pivots' nearest
        neighbours.
    """
    n = len(sorted_dist_inds)
    k1, k2 = k_at_hops
    knn = sorted_dist_inds[:, 1:k1 + 1]
    hop2 = sorted_dist_inds[knn, 1:k2 + 1].reshape(n, -1)
    cand = np.sort(np.concatenate([knn, hop2], axis=1), axis=1)
    # drop the pivot and repeats (sentinel n sorts last), then sort again
    drop = cand == np.arange(n)[:, None]
    drop[:, 1:] |= cand[:, 1:] == cand[:, :-1]
    cand = np.sort(np.where(drop, n, cand), axis=1)
    return np.where(cand < n, cand, -1).astype(np.int64), knn


def pack_local_graphs(node_feats: torch.Tensor, sorted_dist_inds: np.ndarray,
                      members: np.ndarray, knn: np.ndarray,
                      pivots: np.ndarray, num_adjacent_linkages: int,
                      max_nodes: int
                      ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor,
                                 torch.Tensor]:
    """The GCN input of the local graphs of ``pivots``, padded to
    ``max_nodes`` nodes.

    A graph's nodes are its pivot, then its members by increasing index.
    Two nodes are adjacent when one is among the other's
    ``num_adjacent_linkages`` nearest neighbours; the adjacency (with self
    loops on the real nodes) is ``'DAD'``-normalised. Cost: ``O(G *
    max_nodes ** 2)``, not ``O(N ** 2)``.

    Args:
        node_feats: ``(N, F)`` node features.
        sorted_dist_inds, members, knn: See :func:`local_graph_members`.
        pivots: ``(G,)`` pivot indices.
        num_adjacent_linkages: Nearest neighbours linked in the adjacency.
        max_nodes: Padded graph size (at least the largest graph).

    Returns:
        ``(feats (G, max_nodes, F)`` (each node's features minus its
        pivot's, 0 on padding), ``adjacent (G, max_nodes, max_nodes)``,
        ``knn_inds (G, K)`` long (positions of the pivot's nearest
        neighbours in its graph), ``nodes (G, max_nodes)`` long (node
        indices, 0 on padding)``)``.
    """
    device = node_feats.device
    sub = members[pivots][:, :max_nodes - 1]
    if sub.shape[1] < max_nodes - 1:
        sub = np.pad(sub, ((0, 0), (0, max_nodes - 1 - sub.shape[1])),
                     constant_values=-1)
    nodes = np.concatenate([pivots[:, None], sub], axis=1)
    valid = nodes >= 0
    nodes = np.where(valid, nodes, 0)
    pivot_knn = knn[pivots]
    # a member's position: 1 + the number of members below it
    below = ((sub[:, None, :] >= 0) & (sub[:, None, :] < pivot_knn[:, :, None]))
    knn_inds = np.where(pivot_knn == pivots[:, None], 0, 1 + below.sum(2))
    near = sorted_dist_inds[:, 1:num_adjacent_linkages + 1][nodes]  # (G, M, a)
    linked = (near[:, :, None, :] == nodes[:, None, :, None]).any(-1)
    adjacent = ((linked | linked.transpose(0, 2, 1))
                & valid[:, :, None] & valid[:, None, :])
    valid_t = torch.from_numpy(valid).to(device)
    adjacent = normalize_adjacent_batch(
        torch.from_numpy(adjacent).to(device=device, dtype=node_feats.dtype),
        valid_t)
    nodes_t = torch.from_numpy(nodes).to(device=device, dtype=torch.long)
    pivots_t = torch.from_numpy(pivots).to(device=device, dtype=torch.long)
    feats = (node_feats[nodes_t] - node_feats[pivots_t][:, None]) \
        * valid_t[:, :, None]
    return (feats, adjacent,
            torch.from_numpy(knn_inds).to(device=device, dtype=torch.long),
            nodes_t)


def node_features(pooling: nn.Module, feat_map: torch.Tensor,
                  geo_attribs: np.ndarray, node_geo_feat_len: int
                  ) -> torch.Tensor:
    """``(N, C * PH * PW + node_geo_feat_len)`` node features: the
    rotated-RoI-aligned content of ``feat_map`` ``(1, C, H, W)`` over each
    component, then the sinusoidal embedding of its geometry.

    ``geo_attribs`` ``(N, 6)``: ``x, y, h, w, cos, sin`` (``cos`` clipped to
    [-1, 1] in place); the RoI is ``[0, x, y, h, w, arccos(cos) *
    sign(sin)]``, as MMOCR 0.x."""
    geo_attribs[:, 4] = np.clip(geo_attribs[:, 4], -1, 1)
    angle = np.arccos(geo_attribs[:, 4]) * np.sign(geo_attribs[:, 5])
    rois = np.concatenate([np.zeros((len(geo_attribs), 1)),
                           geo_attribs[:, :4], angle[:, None]], axis=1)
    rois_t = torch.from_numpy(rois).to(device=feat_map.device,
                                       dtype=feat_map.dtype)
    content = pooling(feat_map, rois_t).flatten(1)
    geo = torch.from_numpy(feature_embedding(geo_attribs, node_geo_feat_len))
    return torch.cat([content, geo.to(content)], dim=1)


class LocalGraphs:
    """Local graphs of the ground-truth text components, as GCN input
    (DRRG, https://arxiv.org/abs/2003.07493; MMOCR 0.x).

    Every component is a pivot; its local graph is its ``k_at_hops[0]``
    nearest neighbours and their ``k_at_hops[1]`` nearest neighbours. A
    pivot is dropped when an earlier kept pivot of the same (non-zero) text
    has it among its nearest neighbours and their graphs overlap (IoU of the
    member sets) by more than ``local_graph_thr``.

    ``__call__(feat_maps (B, C, H, W), comp_attribs (B, L, 8) ndarray)``:
    ``comp_attribs`` rows ``[num_comps, x, y, h, w, cos, sin, label]``
    (``DRRGTargets``' padded ``gt_comp_attribs``; ``num_comps`` the valid
    row count of the image). Returns ``(node_feats (G, M, F), adjacent (G,
    M, M), knn_inds (G, K) long, gt_linkage (G, K) long)``, the graphs of
    all images stacked (``gt_linkage``: the neighbour has the pivot's
    non-zero label).

    Args:
        k_at_hops: ``(k1, k2)``.
        active_connection: Nearest neighbours linked in the adjacency.
        node_geo_feat_dim: Length of the geometric embedding.
        pooling_scale: Spatial scale of the rotated RoIAlign.
        pooling_output_size: ``(PH, PW)`` of the rotated RoIAlign.
        local_graph_thr: IoU above which a pivot's graph is redundant.
    """

    def __init__(self, k_at_hops: Sequence[int], active_connection: int,
                 node_geo_feat_dim: int, pooling_scale: float,
                 pooling_output_size: Sequence[int], local_graph_thr: float):
        _check_int_pair('k_at_hops', k_at_hops, 'LocalGraphs')
        _check_int_pair('pooling_output_size', pooling_output_size,
                        'LocalGraphs')
        for name, value in (('active_connection', active_connection),
                            ('node_geo_feat_dim', node_geo_feat_dim)):
            if not isinstance(value, int) or value <= 0:
                raise InvalidValueError(f'LocalGraphs: {name} must be a positive int, '
                                        f'got {value!r}')
        self.k_at_hops = tuple(k_at_hops)
        self.active_connection = active_connection
        self.node_geo_feat_dim = node_geo_feat_dim
        self.pooling = RoIAlignRotated(tuple(pooling_output_size),
                                       float(pooling_scale))
        self.local_graph_thr = float(local_graph_thr)

    def generate_local_graphs(self, sorted_dist_inds: np.ndarray,
                              gt_comp_labels: np.ndarray
                              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(members (N, C), knn (N, K), pivots (G,))``: the local graphs
        (see :func:`local_graph_members`) and the kept pivots."""
        n = len(sorted_dist_inds)
        if sorted_dist_inds.shape != (n, n) or len(gt_comp_labels) != n:
            raise InvalidValueError('LocalGraphs: sorted_dist_inds must be (N, N) '
                                    'and gt_comp_labels (N,), got '
                                    f'{sorted_dist_inds.shape} and '
                                    f'{np.shape(gt_comp_labels)}')
        members, knn = local_graph_members(sorted_dist_inds, self.k_at_hops)
        m = np.zeros((n, n), np.float32)
        rows, cols = np.nonzero(members >= 0)
        m[rows, members[rows, cols]] = 1
        inter = m @ m.T
        sizes = m.sum(1)
        iou = inter / (sizes[:, None] + sizes[None, :] - inter + 1e-8)
        in_knn = np.zeros((n, n), dtype=bool)  # in_knn[j, i]: i in knn(j)
        in_knn[np.arange(n)[:, None], knn] = True
        labels = np.asarray(gt_comp_labels)
        same = (labels[:, None] == labels[None, :]) & (labels[:, None] != 0)
        redundant = (iou > self.local_graph_thr) & in_knn.T & same
        keep = np.zeros(n, dtype=bool)
        for i in range(n):  # greedy: depends on the pivots kept before
            keep[i] = not (redundant[i, :i] & keep[:i]).any()
        return members, knn, np.flatnonzero(keep)

    def __call__(self, feat_maps: torch.Tensor, comp_attribs: np.ndarray
                 ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor,
                            torch.Tensor]:
        if not isinstance(feat_maps, torch.Tensor):
            raise InvalidTypeError('LocalGraphs: feat_maps must be a tensor, got '
                                   f'{type(feat_maps).__name__}')
        comp_attribs = np.asarray(comp_attribs)
        if comp_attribs.ndim != 3 or comp_attribs.shape[2] != 8:
            raise InvalidValueError('LocalGraphs: comp_attribs must be (B, L, 8), '
                                    f'got {comp_attribs.shape}')
        per_image = []
        for b in range(comp_attribs.shape[0]):
            num = int(comp_attribs[b, 0, 0])
            if num < 2:
                raise InvalidValueError(f'LocalGraphs: image {b} has {num} text '
                                        'components; DRRGTargets pads to at '
                                        'least num_min_comps')
            geo = comp_attribs[b, :num, 1:7].astype(np.float64)
            labels = comp_attribs[b, :num, 7].astype(np.int64)
            sorted_dist_inds = np.argsort(
                euclidean_distance_matrix(geo[:, :2], geo[:, :2]), axis=1,
                kind='stable')
            feats = node_features(self.pooling, feat_maps[b:b + 1], geo,
                                  self.node_geo_feat_dim)
            members, knn, pivots = self.generate_local_graphs(
                sorted_dist_inds, labels)
            per_image.append((feats, sorted_dist_inds, members, knn, pivots,
                              labels))
        max_nodes = 1 + max(int((members[pivots] >= 0).sum(1).max())
                            for _, _, members, _, pivots, _ in per_image)
        outputs = []
        for feats, sorted_dist_inds, members, knn, pivots, labels in per_image:
            graph_feats, adjacent, knn_inds, _ = pack_local_graphs(
                feats, sorted_dist_inds, members, knn, pivots,
                self.active_connection, max_nodes)
            pivot_labels = labels[pivots]
            knn_labels = labels[knn[pivots]]
            linkage = (knn_labels == pivot_labels[:, None]) \
                & (pivot_labels[:, None] > 0)
            outputs.append((graph_feats, adjacent, knn_inds,
                            torch.from_numpy(linkage.astype(np.int64)).to(
                                feat_maps.device)))
        if len({o[2].shape[1] for o in outputs}) > 1:
            raise InvalidValueError('LocalGraphs: the images have different '
                                    'numbers of nearest neighbours (too few '
                                    'components in one)')
        return tuple(torch.cat(parts) for parts in zip(*outputs))
