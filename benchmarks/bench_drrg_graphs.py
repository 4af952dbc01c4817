"""DRRG test-time graphs and postprocessing: time per image of the
vectorised local graphs (``pack_local_graphs`` of
``mmocr.models.textdet.modules.local_graph``: sorted member lists, then
gathers for the node lists, the adjacency and the features) and of
:class:`DRRGPostprocessor` (``np.unique`` edge averaging,
scipy connected components) against a naive reference in MMOCR 0.x's shape
(a Python set, dict and double loop per pivot; edge scores in a dict, a
breadth-first search over node objects), on the components of synthetic
texts; the same graphs and boundaries are checked::

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_drrg_graphs.py
"""
from __future__ import annotations

import argparse
import time

import numpy as np
import torch

from mmocr.models.textdet.modules.local_graph import (
    local_graph_members,
    pack_local_graphs,
)
from mmocr.models.textdet.modules.utils import (
    euclidean_distance_matrix,
    normalize_adjacent_matrix,
)
from mmocr.models.textdet.postprocess import DRRGPostprocessor
from mmocr.models.textdet.postprocess.utils import comps2boundary

K_AT_HOPS, LINKAGES, KNN = (8, 4), 3, 8


def synthetic_comps(num_texts: int, comps_per_text: int, seed: int = 0
                    ) -> tuple[np.ndarray, np.ndarray]:
    """``(text_comps (n, 9), labels (n,))``: 8x16 boxes every 6 px along
    gently curved rows of texts."""
    rng = np.random.default_rng(seed)
    comps, labels = [], []
    for t in range(num_texts):
        x0, y0 = 20 + (t % 2) * 640, 40 + (t // 2) * 60
        bend = rng.uniform(-10, 10)
        for i in range(comps_per_text):
            x = x0 + 6 * i
            y = y0 + bend * np.sin(np.pi * i / comps_per_text)
            comps.append([x - 4, y - 8, x + 4, y - 8, x + 4, y + 8, x - 4,
                          y + 8, rng.uniform(0.8, 1.0)])
            labels.append(t)
    return np.asarray(comps), np.asarray(labels)


def naive_graphs(sorted_dist_inds: np.ndarray, feats: torch.Tensor):
    """0.x's ProposalLocalGraphs.generate_local_graphs, neighbours sorted."""
    graphs, knns = [], []
    for pivot, knn in enumerate(sorted_dist_inds[:, 1:K_AT_HOPS[0] + 1]):
        neighbours = set(knn.tolist())
        for n in knn:
            neighbours.update(sorted_dist_inds[n, 1:K_AT_HOPS[1] + 1].tolist())
        neighbours.discard(pivot)
        graphs.append([pivot] + sorted(neighbours))
        knns.append(knn.tolist())
    size = max(len(g) for g in graphs)
    out_feats, out_adj, out_knn = [], [], []
    for graph, knn in zip(graphs, knns):
        index = {node: i for i, node in enumerate(graph)}
        adj = np.zeros((len(graph), len(graph)))
        for node in graph:
            for nb in sorted_dist_inds[node, 1:LINKAGES + 1]:
                if nb in index:
                    adj[index[node], index[nb]] = adj[index[nb], index[node]] = 1
        pad = torch.zeros(size, size)
        pad[:len(graph), :len(graph)] = normalize_adjacent_matrix(adj, 'DAD')
        f = torch.zeros(size, feats.shape[1])
        f[:len(graph)] = feats[graph] - feats[graph[0]]
        out_feats.append(f)
        out_adj.append(pad)
        out_knn.append([index[n] for n in knn])
    return torch.stack(out_feats), torch.stack(out_adj), torch.tensor(out_knn)


def naive_postprocess(edges, scores, comps, link_thr=0.8, edge_len_thr=50.0):
    """0.x's graph_propagation + connected_components (dict, BFS)."""
    centers = comps[:, :8].reshape(-1, 4, 2).mean(1)
    score_dict = {}
    for (a, b), s in zip(np.sort(edges, axis=1).tolist(), scores.tolist()):
        if np.linalg.norm(centers[a] - centers[b]) > edge_len_thr:
            s = 0.0
        score_dict[a, b] = 0.5 * (score_dict[a, b] + s) if (a, b) in \
            score_dict else s
    links = {}
    for (a, b) in score_dict:
        links.setdefault(a, set()).add(b)
        links.setdefault(b, set()).add(a)
    unseen, clusters = set(links), []
    while unseen:
        start = min(unseen)
        unseen.discard(start)
        cluster, queue = {start}, [start]
        while queue:
            node = queue.pop(0)
            nbs = {n for n in links[node]
                   if score_dict[tuple(sorted((node, n)))] >= link_thr} - cluster
            unseen -= nbs
            cluster |= nbs
            queue.extend(nbs)
        clusters.append(sorted(cluster))
    return [comps2boundary(comps[c, :8].reshape(-1, 4, 2).astype(np.int32),
                           comps[c, 8].mean())
            for c in sorted(clusters) if len(c) > 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--texts', type=int, default=20)
    parser.add_argument('--comps', type=int, default=30)
    parser.add_argument('--repeats', type=int, default=3)
    args = parser.parse_args()
    comps, labels = synthetic_comps(args.texts, args.comps)
    n = len(comps)
    centers = comps[:, :8].reshape(-1, 4, 2).mean(1)
    inds = np.argsort(euclidean_distance_matrix(centers, centers), axis=1,
                      kind='stable')
    feats = torch.from_numpy(np.random.default_rng(1).normal(
        size=(n, 64)).astype(np.float32))

    def ours_graphs():
        members, knn = local_graph_members(inds, K_AT_HOPS)
        return pack_local_graphs(feats, inds, members, knn, np.arange(n),
                                 LINKAGES, 1 + int((members >= 0).sum(1).max()))

    knn = inds[:, 1:KNN + 1]
    edges = np.stack([np.repeat(np.arange(n), KNN), knn.reshape(-1)], 1)
    same = labels[edges[:, 0]] == labels[edges[:, 1]]
    scores = np.where(same, 0.95, 0.05)
    post = DRRGPostprocessor(link_thr=0.8)
    cases = [('local graphs', ours_graphs, lambda: naive_graphs(inds, feats)),
             ('postprocessing', lambda: post(edges, scores, comps),
              lambda: naive_postprocess(edges, scores, comps))]
    print(f'{n} components of {args.texts} texts')
    for name, fast, slow in cases:
        a, b = fast(), slow()
        if name == 'local graphs':
            assert all(torch.allclose(x.float(), y.float(), atol=1e-6)
                       for x, y in zip(a[:3], b)), 'graphs differ'
        else:
            assert a == b and len(a) == args.texts, 'boundaries differ'
        times = []
        for fn in (fast, slow):
            start = time.perf_counter()
            for _ in range(args.repeats):
                fn()
            times.append((time.perf_counter() - start) / args.repeats * 1e3)
        print(f'{name}: vectorised {times[0]:.1f} ms vs naive {times[1]:.1f} '
              f'ms per image, x{times[1] / times[0]:.1f} (same results)')


if __name__ == '__main__':
    main()
