"""DRRG's graph convolutional network (https://arxiv.org/abs/2003.07493),
as MMOCR 0.x (after Zhongdao/gcn_clustering, MIT)."""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from mmocr.utils.errors import InvalidValueError

__all__ = ['MeanAggregator', 'GraphConv', 'GCN']


class MeanAggregator(nn.Module):
    """``forward(features (G, M, D), A (G, M, M))`` -> ``A @ features``
    ``(G, M, D)`` (``A`` row-normalised, so a weighted neighbour mean)."""

    def forward(self, features: torch.Tensor, A: torch.Tensor) -> torch.Tensor:
        return torch.bmm(A, features)


class GraphConv(nn.Module):
    """One graph convolution: ``relu([x, A x] @ weight + bias)``.

    ``forward(features (G, M, in_dim), A (G, M, M))`` -> ``(G, M,
    out_dim)``. Parameters ``weight`` ``(2 * in_dim, out_dim)`` (Xavier
    uniform) and ``bias`` ``(out_dim,)`` (0), as 0.x.
    """

    def __init__(self, in_dim: int, out_dim: int):
        super().__init__()
        self.in_dim = in_dim
        self.out_dim = out_dim
        self.weight = nn.Parameter(torch.empty(in_dim * 2, out_dim))
        self.bias = nn.Parameter(torch.zeros(out_dim))
        nn.init.xavier_uniform_(self.weight)
        self.aggregator = MeanAggregator()

    def forward(self, features: torch.Tensor, A: torch.Tensor) -> torch.Tensor:
        if features.dim() != 3 or features.size(2) != self.in_dim:
            raise InvalidValueError('GraphConv expects features (G, M, '
                                    f'{self.in_dim}), got {tuple(features.shape)}')
        cat_feats = torch.cat([features, self.aggregator(features, A)], dim=2)
        return F.relu(cat_feats @ self.weight + self.bias)


class GCN(nn.Module):
    """Linkage classifier over local graphs.

    ``forward(x (G, M, feat_len), A (G, M, M), knn_inds (G, K) long)`` ->
    ``(G * K, 2)`` logits: for each graph (pivot) and each of its ``K``
    nearest neighbours (positions in the graph's node list), whether the
    neighbour belongs to the pivot's text. ``x`` goes through a non-affine
    ``BatchNorm1d`` (``bn0``) over all ``G * M`` nodes, four
    :class:`GraphConv` (``feat_len -> 512 -> 256 -> 128 -> 64``), then the
    neighbours' 64-d features through ``classifier`` (``Linear(64, 32)``,
    ``PReLU(32)``, ``Linear(32, 2)``).

    Args:
        feat_len: Node feature length.
    """

    def __init__(self, feat_len: int):
        super().__init__()
        if not isinstance(feat_len, int) or feat_len <= 0:
            raise InvalidValueError(f'GCN: feat_len must be a positive int, got '
                                    f'{feat_len!r}')
        self.bn0 = nn.BatchNorm1d(feat_len, affine=False)
        self.conv1 = GraphConv(feat_len, 512)
        self.conv2 = GraphConv(512, 256)
        self.conv3 = GraphConv(256, 128)
        self.conv4 = GraphConv(128, 64)
        self.classifier = nn.Sequential(
            nn.Linear(64, 32), nn.PReLU(32), nn.Linear(32, 2))

    def forward(self, x: torch.Tensor, A: torch.Tensor,
                knn_inds: torch.Tensor) -> torch.Tensor:
        num_graphs, num_nodes, feat_len = x.shape
        x = self.bn0(x.reshape(-1, feat_len)).view(num_graphs, num_nodes,
                                                   feat_len)
        for conv in (self.conv1, self.conv2, self.conv3, self.conv4):
            x = conv(x, A)
        rows = torch.arange(num_graphs, device=x.device)[:, None]
        edge_feat = x[rows, knn_inds.long()]
        return self.classifier(edge_feat.reshape(-1, x.size(-1)))
