"""mmdet's ``L1Loss`` and ``SmoothL1Loss`` for box regression."""
from __future__ import annotations

import torch
from torch import nn

from mmocr.registry import LOSSES
from mmocr.utils.errors import InvalidValueError

from .utils import check_reduction, weight_reduce_loss

__all__ = ['L1Loss', 'SmoothL1Loss']


class _RegressionLoss(nn.Module):

    def __init__(self, reduction: str = 'mean', loss_weight: float = 1.0):
        super().__init__()
        check_reduction(reduction)
        self.reduction = reduction
        self.loss_weight = loss_weight

    def elementwise(self, pred: torch.Tensor, target: torch.Tensor
                    ) -> torch.Tensor:
        raise NotImplementedError

    def forward(self, pred: torch.Tensor, target: torch.Tensor,
                weight: torch.Tensor | None = None,
                avg_factor: float | None = None,
                reduction_override: str | None = None) -> torch.Tensor:
        check_reduction(reduction_override, 'reduction_override')
        if target.numel() == 0:
            return pred.sum() * 0
        if pred.shape != target.shape:
            raise InvalidValueError(f'{type(self).__name__}: pred {tuple(pred.shape)} '
                                    f'and target {tuple(target.shape)} differ')
        loss = self.elementwise(pred, target)
        return self.loss_weight * weight_reduce_loss(
            loss, weight, reduction_override or self.reduction, avg_factor)


@LOSSES.register_module()
class L1Loss(_RegressionLoss):
    """``|pred - target|`` per element, weighted and reduced.

    ``forward(pred (N, 4), target (N, 4), weight (N, 4), avg_factor)`` ->
    a scalar (or ``(N, 4)`` with ``reduction='none'``).
    """

    def elementwise(self, pred, target):
        return (pred - target).abs()


@LOSSES.register_module()
class SmoothL1Loss(_RegressionLoss):
    """Huber-like ``0.5 d^2 / beta`` for ``|d| < beta``, else ``|d| - 0.5
    beta``; inputs as :class:`L1Loss`.

    Args:
        beta: Where the quadratic part ends (> 0).
    """

    def __init__(self, beta: float = 1.0, reduction: str = 'mean',
                 loss_weight: float = 1.0):
        super().__init__(reduction, loss_weight)
        if beta <= 0:
            raise InvalidValueError(f'SmoothL1Loss: beta must be > 0, got {beta}')
        self.beta = beta

    def elementwise(self, pred, target):
        diff = (pred - target).abs()
        return torch.where(diff < self.beta, 0.5 * diff * diff / self.beta,
                           diff - 0.5 * self.beta)
