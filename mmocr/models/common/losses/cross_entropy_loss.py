"""mmdet's ``CrossEntropyLoss``: softmax, sigmoid (binary) or mask
(per-class binary mask) cross entropy."""
from __future__ import annotations

from typing import Sequence

import torch
import torch.nn.functional as F
from torch import nn

from mmocr.registry import LOSSES
from mmocr.utils.errors import InvalidValueError

from .utils import check_reduction, weight_reduce_loss

__all__ = ['CrossEntropyLoss']


@LOSSES.register_module()
class CrossEntropyLoss(nn.Module):
    """Cross-entropy loss in one of three forms.

    * softmax (default): ``cls_score (N, C)`` logits, ``label (N,)`` class
      indices; ``weight (N,)`` per sample.
    * ``use_sigmoid``: ``cls_score (N, C)`` logits of C independent classes;
      ``label (N,)`` indices become one-hot targets (an index ``>= C`` -- the
      background -- is all zeros), or ``label (N, C)`` binary targets.
    * ``use_mask``: called as ``forward(mask_pred (N, C, H, W),
      mask_targets (N, H, W), labels (N,))``: binary cross entropy of each
      RoI's own class channel against its mask, averaged over all pixels
      (a ``(1,)`` tensor; ``avg_factor`` and ``reduction`` are unused).

    Args:
        use_sigmoid: Binary form.
        use_mask: Mask form.
        reduction: ``'none'``, ``'mean'`` or ``'sum'``.
        class_weight: Weight of each class.
        ignore_index: Label ignored by the softmax form.
        loss_weight: Multiplier of the loss.
        avg_non_ignore: Average over non-ignored samples only.
    """

    def __init__(self, use_sigmoid: bool = False, use_mask: bool = False,
                 reduction: str = 'mean',
                 class_weight: Sequence[float] | None = None,
                 ignore_index: int | None = None, loss_weight: float = 1.0,
                 avg_non_ignore: bool = False):
        super().__init__()
        if use_sigmoid and use_mask:
            raise InvalidValueError('CrossEntropyLoss: use_sigmoid and use_mask '
                                    'cannot both be True')
        check_reduction(reduction)
        self.use_sigmoid = use_sigmoid
        self.use_mask = use_mask
        self.reduction = reduction
        self.class_weight = class_weight
        self.ignore_index = ignore_index
        self.loss_weight = loss_weight
        self.avg_non_ignore = avg_non_ignore

    def forward(self, cls_score: torch.Tensor, label: torch.Tensor,
                weight: torch.Tensor | None = None,
                avg_factor: float | None = None,
                reduction_override: str | None = None,
                ignore_index: int | None = None) -> torch.Tensor:
        check_reduction(reduction_override, 'reduction_override')
        reduction = reduction_override or self.reduction
        ignore_index = (ignore_index if ignore_index is not None else
                        self.ignore_index)
        ignore_index = -100 if ignore_index is None else ignore_index
        class_weight = (None if self.class_weight is None else
                        cls_score.new_tensor(self.class_weight))
        if self.use_mask:
            loss = self._mask(cls_score, label, weight, class_weight)
        elif self.use_sigmoid:
            loss = self._binary(cls_score, label, weight, class_weight,
                                reduction, avg_factor, ignore_index)
        else:
            loss = F.cross_entropy(cls_score, label.long(), weight=class_weight,
                                   reduction='none', ignore_index=ignore_index)
            if weight is not None:
                weight = weight.float()
            if avg_factor is None and self.avg_non_ignore and reduction == 'mean':
                avg_factor = (label != ignore_index).sum().item()
            loss = weight_reduce_loss(loss, weight, reduction, avg_factor)
        return self.loss_weight * loss

    def _binary(self, pred, label, weight, class_weight, reduction, avg_factor,
                ignore_index):
        if pred.dim() != label.dim():
            valid = (label >= 0) & (label != ignore_index)
            target = pred.new_zeros(pred.shape)
            inds = torch.nonzero(valid & (label < pred.size(-1)), as_tuple=True)[0]
            target[inds, label[inds].long()] = 1
            valid_w = valid.float()[:, None].expand_as(pred)
            weight = valid_w if weight is None else (
                weight.float().reshape(-1, 1).expand_as(pred) * valid_w)
            label = target
            if avg_factor is None and self.avg_non_ignore and reduction == 'mean':
                avg_factor = valid.sum().item()
        loss = F.binary_cross_entropy_with_logits(
            pred, label.float(), pos_weight=class_weight, reduction='none')
        return weight_reduce_loss(loss, weight, reduction, avg_factor)

    @staticmethod
    def _mask(pred, target, label, class_weight):
        if label is None:
            raise InvalidValueError('CrossEntropyLoss(use_mask=True) needs the '
                                    'RoI labels as its third argument')
        if pred.size(0) == 0:
            return pred.sum() * 0
        inds = torch.arange(pred.size(0), device=pred.device)
        pred_slice = pred[inds, label.long()]
        return F.binary_cross_entropy_with_logits(
            pred_slice, target.float(), weight=class_weight,
            reduction='mean')[None]
