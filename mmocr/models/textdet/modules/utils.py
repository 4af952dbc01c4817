"""Graph helpers of DRRG's local graphs (MMOCR 0.x's
``mmocr.models.textdet.modules.utils``)."""
from __future__ import annotations

import numpy as np
import torch
from scipy.spatial import cKDTree

from mmocr.utils.errors import InvalidTypeError, InvalidValueError

__all__ = ['normalize_adjacent_matrix', 'normalize_adjacent_batch',
           'euclidean_distance_matrix', 'nearest_neighbours',
           'feature_embedding']


def normalize_adjacent_batch(adjacent: torch.Tensor, valid: torch.Tensor,
                             mode: str = 'DAD') -> torch.Tensor:
    """Normalise padded adjacency matrices, self loops added on the valid
    nodes only (padded rows and columns stay 0).

    Args:
        adjacent: ``(G, M, M)`` 0/1 float adjacency (padded nodes 0).
        valid: ``(G, M)`` bool, the real nodes of each graph.
        mode: ``'DAD'`` (``D^-1/2 (A + I)^T D^-1/2``, ``D`` the column sums)
            or ``'AD'`` (rows of ``A + I`` divided by their sums).

    Returns:
        ``(G, M, M)`` float tensor.
    """
    if mode not in ('DAD', 'AD'):
        raise InvalidValueError(f"normalize_adjacent_matrix: mode must be 'DAD' or "
                                f"'AD', got {mode!r}")
    eye = torch.diag_embed(valid.to(adjacent.dtype))
    adjacent = adjacent + eye
    if mode == 'AD':
        degree = adjacent.sum(2, keepdim=True)
        return adjacent / torch.where(degree > 0, degree, torch.ones_like(degree))
    degree = adjacent.sum(1)
    d_inv = torch.where(degree > 0, degree.clamp(min=1e-12).rsqrt(),
                        torch.zeros_like(degree))
    return d_inv[:, :, None] * adjacent.transpose(1, 2) * d_inv[:, None, :]


def normalize_adjacent_matrix(A: np.ndarray, mode: str = 'AD') -> torch.Tensor:
    """Normalise one ``(n, n)`` adjacency matrix for a GCN (self loops
    added): ``'AD'`` divides each row of ``A + I`` by its sum, ``'DAD'``
    gives ``D^-1/2 (A + I)^T D^-1/2`` (``D`` the column sums of ``A + I``).
    Returns a float64 ``(n, n)`` tensor."""
    A = np.asarray(A)
    if A.ndim != 2 or A.shape[0] != A.shape[1]:
        raise InvalidValueError('normalize_adjacent_matrix: A must be a square 2-D '
                                f'matrix, got shape {A.shape}')
    if mode not in ('DAD', 'AD'):
        raise NotImplementedError(f'normalize_adjacent_matrix: mode {mode!r} is not '
                                  "implemented (only 'DAD' and 'AD')")
    adjacent = torch.from_numpy(A.astype(np.float64))[None]
    valid = torch.ones(1, A.shape[0], dtype=torch.bool)
    return normalize_adjacent_batch(adjacent, valid, mode)[0]


def euclidean_distance_matrix(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """``(m, n)`` Euclidean distances between the rows of ``A`` ``(m, d)``
    and ``B`` ``(n, d)`` (squared distances clipped at 0 before the root)."""
    A, B = np.asarray(A, dtype=np.float64), np.asarray(B, dtype=np.float64)
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[1]:
        raise InvalidValueError('euclidean_distance_matrix: A and B must be 2-D with '
                                f'one width, got {A.shape} and {B.shape}')
    squared = ((A * A).sum(1)[:, None] + (B * B).sum(1)[None, :]
               - 2 * A @ B.T)
    return np.sqrt(np.maximum(squared, 0.0))


def nearest_neighbours(points: np.ndarray, k: int) -> np.ndarray:
    """``(N, min(k, N))`` indices of each point's ``k`` nearest points
    ``(N, 2)`` by increasing distance (itself first unless it has a twin),
    from a k-d tree: the first columns of ``argsort`` of
    :func:`euclidean_distance_matrix` (up to the order of ties) without its
    ``N x N`` matrix."""
    points = np.asarray(points, dtype=np.float64)
    k = min(int(k), len(points))
    _, inds = cKDTree(points).query(points, k=k)
    return np.asarray(inds, dtype=np.int64).reshape(len(points), k)


def feature_embedding(input_feats: np.ndarray, out_feat_len: int) -> np.ndarray:
    """Sinusoidal embedding of node features, as MMOCR 0.x (DRRG).

    The ``(N, d)`` features are repeated ``r = out_feat_len // d`` times (a
    further copy holding only the first ``out_feat_len % d`` columns when
    that is not 0), copy ``j`` divided by ``1000 ** (2 * (j // 2) / r)``
    (``... / r + 1`` when there is a remainder); then even-indexed **nodes**
    take the sine and odd-indexed ones the cosine (0.x's indexing, kept for
    its checkpoints), and each node's copies are concatenated.

    Returns:
        ``(N, out_feat_len)`` float32.
    """
    input_feats = np.asarray(input_feats, dtype=np.float64)
    if input_feats.ndim != 2:
        raise InvalidValueError('feature_embedding: input_feats must be (N, d), got '
                                f'shape {input_feats.shape}')
    if not isinstance(out_feat_len, (int, np.integer)):
        raise InvalidTypeError('feature_embedding: out_feat_len must be an int, got '
                               f'{out_feat_len!r}')
    num_nodes, feat_dim = input_feats.shape
    if out_feat_len < feat_dim:
        raise InvalidValueError(f'feature_embedding: out_feat_len ({out_feat_len}) '
                                f'must be >= the feature width ({feat_dim})')
    repeat, residue = divmod(int(out_feat_len), feat_dim)
    copies = [input_feats] * repeat
    offset = 0.0
    if residue:
        partial = np.zeros_like(input_feats)
        partial[:, :residue] = input_feats[:, :residue]
        copies.append(partial)
        offset = 1.0
    j = np.arange(len(copies))
    wave = np.power(1000.0, 2.0 * (j // 2) / repeat + offset)[:, None, None]
    embedded = np.stack(copies) / wave
    embedded[:, 0::2] = np.sin(embedded[:, 0::2])
    embedded[:, 1::2] = np.cos(embedded[:, 1::2])
    embedded = embedded.transpose(1, 0, 2).reshape(num_nodes, -1)
    return np.ascontiguousarray(embedded[:, :out_feat_len], dtype=np.float32)
