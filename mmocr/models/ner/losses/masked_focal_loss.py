"""Focal loss over the attended tokens of a NER batch."""
from __future__ import annotations

import torch
from torch import nn

from mmocr.models.common.losses import FocalLoss
from mmocr.registry import LOSSES

from .masked_cross_entropy_loss import active_logits_and_labels

__all__ = ['MaskedFocalLoss']


@LOSSES.register_module()
class MaskedFocalLoss(nn.Module):
    """Token focal loss restricted to ``attention_masks == 1``.

    ``forward(logits (N, L, C), img_metas)`` with ``img_metas['labels']`` and
    ``img_metas['attention_masks']`` ``(N, L)`` -> ``{'loss_cls': scalar}``.

    Args:
        num_labels: Number of tags (set by ``NerClassifier``).
        ignore_index: Tag id that contributes no loss.
        gamma: Focusing parameter of :class:`FocalLoss`.
    """

    def __init__(self, num_labels: int | None = None, ignore_index: int = 0,
                 gamma: float = 2):
        super().__init__()
        self.num_labels = num_labels
        self.ignore_index = ignore_index
        self.criterion = FocalLoss(gamma=gamma, ignore_index=ignore_index)

    def forward(self, logits: torch.Tensor,
                img_metas: dict) -> dict[str, torch.Tensor]:
        logits, labels = active_logits_and_labels(logits, img_metas,
                                                  self.num_labels)
        if not (labels != self.ignore_index).any():
            return {'loss_cls': logits.sum() * 0.}
        return {'loss_cls': self.criterion(logits, labels)}
