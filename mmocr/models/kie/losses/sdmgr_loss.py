"""Loss of SDMG-R: node classification + edge (key-value link) classification."""
from __future__ import annotations

from typing import Sequence

import torch
import torch.nn.functional as F
from torch import nn

from mmocr.registry import LOSSES
from mmocr.utils.errors import InvalidValueError

__all__ = ['SDMGRLoss']


def _accuracy(pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Top-1 accuracy in percent (mmdet's convention); 0 when empty."""
    if target.numel() == 0:
        return pred.new_tensor(0.)
    correct = (pred.argmax(-1) == target).float().sum()
    return correct * (100.0 / target.numel())


def _cross_entropy(pred: torch.Tensor, target: torch.Tensor,
                   ignore_index: int) -> torch.Tensor:
    """Mean cross entropy over non-ignored targets; a zero (still attached to
    the graph) when every target is ignored, instead of NaN."""
    if not (target != ignore_index).any():
        return pred.sum() * 0.
    return F.cross_entropy(pred, target, ignore_index=ignore_index)


@LOSSES.register_module()
class SDMGRLoss(nn.Module):
    """Spatial Dual-Modality Graph Reasoning loss
    (https://arxiv.org/abs/2103.14470).

    Args:
        node_weight: Weight of the node classification loss.
        edge_weight: Weight of the edge classification loss.
        ignore: Node label excluded from the node loss and accuracy.

    ``forward(node_preds (sum K_i, C), edge_preds (sum K_i^2, 2), gts)`` where
    ``gts`` holds one ``(K_i, 1 + K_i)`` tensor per image: column 0 the node
    labels, columns ``1..K_i`` the edge labels (1 linked, 0 not, -1
    ignored). Returns ``loss_node``, ``loss_edge``, ``acc_node`` and
    ``acc_edge`` (accuracies in percent).
    """

    def __init__(self, node_weight: float = 1.0, edge_weight: float = 1.0,
                 ignore: int = -100):
        super().__init__()
        self.node_weight = node_weight
        self.edge_weight = edge_weight
        self.ignore = ignore

    def forward(self, node_preds: torch.Tensor, edge_preds: torch.Tensor,
                gts: Sequence[torch.Tensor]) -> dict[str, torch.Tensor]:
        for i, gt in enumerate(gts):
            if gt.dim() != 2 or gt.size(1) != gt.size(0) + 1:
                raise InvalidValueError(
                    f'SDMGRLoss: gt_labels[{i}] must be (K, K + 1) (node label '
                    f'and K edge labels per box), got {tuple(gt.shape)}')
        node_gts = torch.cat([gt[:, 0] for gt in gts]).long()
        edge_gts = torch.cat([gt[:, 1:].reshape(-1) for gt in gts]).long()
        node_valid = node_gts != self.ignore
        if node_valid.any() and int(node_gts[node_valid].max()) >= \
                node_preds.size(1):
            raise InvalidValueError(
                f'SDMGRLoss: node label {int(node_gts[node_valid].max())} is '
                f'out of range for {node_preds.size(1)} classes; check '
                'bbox_head.num_classes against the class list')
        edge_valid = edge_gts != -1
        return dict(
            loss_node=self.node_weight * _cross_entropy(
                node_preds, node_gts, self.ignore),
            loss_edge=self.edge_weight * _cross_entropy(
                edge_preds, edge_gts, -1),
            acc_node=_accuracy(node_preds[node_valid].detach(),
                               node_gts[node_valid]),
            acc_edge=_accuracy(edge_preds[edge_valid].detach(),
                               edge_gts[edge_valid]))
