"""Cross entropy over the attended tokens of a NER batch."""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from mmocr.registry import LOSSES
from mmocr.utils.errors import InvalidValueError

__all__ = ['MaskedCrossEntropyLoss', 'active_logits_and_labels']


def active_logits_and_labels(logits: torch.Tensor, img_metas: dict,
                             num_labels: int
                             ) -> tuple[torch.Tensor, torch.Tensor]:
    """Flatten ``logits (N, L, num_labels)`` and ``img_metas['labels']
    (N, L)``, keeping the positions where ``attention_masks`` is 1."""
    if logits.size(-1) != num_labels:
        raise InvalidValueError(f'logits have {logits.size(-1)} classes, the loss '
                                f'expects num_labels={num_labels}')
    labels = img_metas['labels'].to(logits.device).reshape(-1)
    logits = logits.reshape(-1, num_labels)
    masks = img_metas.get('attention_masks')
    if masks is not None:
        active = masks.to(logits.device).reshape(-1) == 1
        logits, labels = logits[active], labels[active]
    return logits, labels.long()


@LOSSES.register_module()
class MaskedCrossEntropyLoss(nn.Module):
    """Token cross entropy restricted to ``attention_masks == 1``.

    ``forward(logits (N, L, C), img_metas)`` with ``img_metas['labels']
    (N, L)`` and ``img_metas['attention_masks'] (N, L)`` ->
    ``{'loss_cls': scalar}``.

    Args:
        num_labels: Number of tags (set by ``NerClassifier``).
        ignore_index: Tag id that contributes no loss (0, the padding ``X``).
    """

    def __init__(self, num_labels: int | None = None, ignore_index: int = 0):
        super().__init__()
        self.num_labels = num_labels
        self.ignore_index = ignore_index

    def forward(self, logits: torch.Tensor,
                img_metas: dict) -> dict[str, torch.Tensor]:
        logits, labels = active_logits_and_labels(logits, img_metas,
                                                  self.num_labels)
        if not (labels != self.ignore_index).any():
            return {'loss_cls': logits.sum() * 0.}
        return {'loss_cls': F.cross_entropy(logits, labels,
                                            ignore_index=self.ignore_index)}
