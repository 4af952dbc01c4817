"""``OpensetKIEDataset``: key/value node classes plus key-value links."""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import torch

from mmocr.registry import DATASETS, strict_kwargs
from mmocr.utils.errors import InvalidValueError

from .kie_dataset import KIEDataset

__all__ = ['OpensetKIEDataset']

_LINK_TYPES = ('one-to-one', 'one-to-many', 'many-to-one', 'many-to-many',
               'none')


def _f1(hits: int, num_gt: int, num_pred: int) -> float:
    recall = hits / max(num_gt, 1)
    precision = hits / max(num_pred, 1)
    total = recall + precision
    return 0.0 if total == 0 else 2 * recall * precision / total


@DATASETS.register_module()
class OpensetKIEDataset(KIEDataset):
    """Open-set KIE: nodes are background/key/value/others and boxes sharing
    an ``edge`` id are linked (WildReceiptOpenset format, see
    ``tools/data/kie/closeset_to_openset.py``).

    Args:
        ann_file, loader, dict_file, img_prefix, pipeline, norm, test_mode:
            As :class:`KIEDataset`.
        link_type: How predicted links are decoded: ``'one-to-one'``,
            ``'one-to-many'`` (a key has several values), ``'many-to-one'``,
            ``'many-to-many'`` or ``'none'`` (every link above ``edge_thr``).
        edge_thr: Minimum link probability.
        key_node_idx: Node class of keys.
        value_node_idx: Node class of values.
        node_classes: Number of node classes.

    ``evaluate`` returns ``edge_openset_f1`` (key-value pairs),
    ``node_openset_micro_f1`` and ``node_openset_macro_f1`` (over the key and
    value classes).
    """

    def __init__(self, ann_file: str, loader: dict, dict_file: str,
                 img_prefix: str = '', pipeline: Sequence[dict] | None = None,
                 norm: float = 10., link_type: str = 'one-to-one',
                 edge_thr: float = 0.5, test_mode: bool = True,
                 key_node_idx: int = 1, value_node_idx: int = 2,
                 node_classes: int = 4, **kwargs: Any):
        if link_type not in _LINK_TYPES:
            raise InvalidValueError(f'link_type must be one of {_LINK_TYPES}, got '
                                    f'{link_type!r}')
        super().__init__(ann_file, loader, dict_file, img_prefix, pipeline,
                         norm, False, test_mode, **kwargs)
        self.link_type = link_type
        self.edge_thr = edge_thr
        self.key_node_idx = key_node_idx
        self.value_node_idx = value_node_idx
        self.node_classes = node_classes
        self.data_dict = {info['file_name']: info for info in self.data_infos}

    @strict_kwargs
    def evaluate(self, results: list[dict], metric: str | list[str] = 'openset_f1',
                 metric_options: dict | None = None, logger: Any = None
                 ) -> dict[str, float]:
        """Link and node F1; ``results[i]`` needs ``img_metas`` (with
        ``ori_filename``), ``nodes (K, C)`` and ``edges (K * K, 2)``.
        ``metric_options`` is accepted for MMOCR compatibility (unused)."""
        for m in (metric if isinstance(metric, list) else [metric]):
            if m != 'openset_f1':
                raise KeyError(f'metric {m!r} is not supported by '
                               f'{type(self).__name__}; use "openset_f1"')
        preds = [self.decode_pred(result) for result in results]
        gts = [self.decode_gt(pred['filename']) for pred in preds]
        return self.compute_openset_f1(preds, gts)

    def _decode_pairs_gt(self, labels: Sequence[int],
                         edge_ids: Sequence[int]) -> list[tuple[int, int]]:
        """``(key, value)`` index pairs sharing an edge id."""
        return [(i, j) for i, label in enumerate(labels)
                if label == self.key_node_idx
                for j, edge_id in enumerate(edge_ids)
                if edge_id == edge_ids[i] and labels[j] == self.value_node_idx]

    def _decode_pairs_pred(self, nodes: torch.Tensor, labels: torch.Tensor,
                           edges: torch.Tensor
                           ) -> tuple[list[tuple[int, int]], list[float]]:
        """Predicted ``(key, value)`` pairs and their link scores.

        ``edges (K, K)`` link probabilities are symmetrised with ``max``.
        """
        edges = torch.max(edges, edges.T)
        key, value = self.key_node_idx, self.value_node_idx
        if self.link_type in ('none', 'many-to-many'):
            n1s, n2s = (edges > self.edge_thr).nonzero(as_tuple=True)
            pairs = []
            for n1, n2 in zip(n1s.tolist(), n2s.tolist()):
                if n1 >= n2:
                    continue
                pair = (n1, n2) if nodes[n1, key] > nodes[n1, value] else (n2, n1)
                if labels[pair[0]] == key and labels[pair[1]] == value:
                    pairs.append(pair)
        else:
            links = edges.clone()
            links[links <= self.edge_thr] = -1
            links[labels != key, :] = -1
            links[:, labels != value] = -1
            pairs = []
            while (links > -1).any():
                i, j = np.unravel_index(int(torch.argmax(links)), links.shape)
                i, j = int(i), int(j)
                pairs.append((i, j))
                if self.link_type in ('one-to-one', 'many-to-one'):
                    links[i, :] = -1
                if self.link_type in ('one-to-one', 'one-to-many'):
                    links[:, j] = -1
        return pairs, [edges[i, j].item() for i, j in pairs]

    def decode_pred(self, result: dict) -> dict[str, Any]:
        filename = result['img_metas'][0]['ori_filename']
        if filename not in self.data_dict:
            raise KeyError(f'result for {filename!r}, which is not in '
                           f'{self.ann_file}')
        nodes = result['nodes'].detach().cpu()
        labels_conf, labels = torch.max(nodes, dim=-1)
        num = nodes.size(0)
        edges = result['edges'].detach().cpu()[:, -1].view(num, num)
        pairs, pairs_conf = self._decode_pairs_pred(nodes, labels, edges)
        annos = self.data_dict[filename]['annotations']
        return dict(filename=filename, boxes=[a['box'] for a in annos],
                    texts=[a['text'] for a in annos], labels=labels.tolist(),
                    labels_conf=labels_conf.tolist(), pairs=pairs,
                    pairs_conf=pairs_conf)

    def decode_gt(self, filename: str) -> dict[str, Any]:
        annos = self.data_dict[filename]['annotations']
        missing = [j for j, a in enumerate(annos) if 'edge' not in a]
        if missing:
            raise KeyError(f'{self.ann_file}: {filename}: annotations '
                           f'{missing} have no "edge" id (open-set format)')
        labels = [int(a['label']) for a in annos]
        pairs = self._decode_pairs_gt(labels, [a['edge'] for a in annos])
        return dict(filename=filename, labels=labels,
                    texts=[a['text'] for a in annos], pairs=pairs)

    def compute_openset_f1(self, preds: list[dict],
                           gts: list[dict]) -> dict[str, float]:
        """Micro F1 of the links, micro and macro F1 of the key and value
        node classes (F1 = 2PR / (P + R), 0 when both are 0)."""
        edge_hits = edge_gts = edge_preds = 0
        num_cls = self.node_classes
        node_hits, node_gts, node_preds = (np.zeros(num_cls, np.int64)
                                           for _ in range(3))
        for pred, gt in zip(preds, gts):
            edge_hits += len(set(pred['pairs']) & set(gt['pairs']))
            edge_gts += len(gt['pairs'])
            edge_preds += len(pred['pairs'])
            gt_labels = np.asarray(gt['labels'], np.int64)
            pred_labels = np.asarray(pred['labels'], np.int64)
            node_gts += np.bincount(gt_labels, minlength=num_cls)[:num_cls]
            node_preds += np.bincount(pred_labels, minlength=num_cls)[:num_cls]
            node_hits += np.bincount(gt_labels[gt_labels == pred_labels],
                                     minlength=num_cls)[:num_cls]
        cared = [self.key_node_idx, self.value_node_idx]
        return {
            'edge_openset_f1': _f1(edge_hits, edge_gts, edge_preds),
            'node_openset_micro_f1': _f1(int(node_hits[cared].sum()),
                                         int(node_gts[cared].sum()),
                                         int(node_preds[cared].sum())),
            'node_openset_macro_f1': float(np.mean([
                _f1(node_hits[c], node_gts[c], node_preds[c]) for c in cared])),
        }
