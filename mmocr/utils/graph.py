"""Connected components of an undirected graph given by its edges (the
detection post-processors' grouping of text components and line boxes)."""
from __future__ import annotations

import numpy as np
from scipy.sparse import coo_matrix, csgraph

__all__ = ['component_labels']


def component_labels(pairs: np.ndarray, num_nodes: int) -> np.ndarray:
    """``(num_nodes,)`` ints: the connected component of each node of the
    undirected graph whose edges are the ``(k, 2)`` node index ``pairs``
    (labels ``0 .. C - 1``; a node without edges is a component alone)."""
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    graph = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])),
                       shape=(num_nodes, num_nodes))
    return csgraph.connected_components(graph, directed=False)[1]
