"""mmdet's loss reduction: element weights, then mean / sum / none, or a sum
divided by ``avg_factor``."""
from __future__ import annotations

import torch

from mmocr.utils.errors import InvalidValueError

__all__ = ['weight_reduce_loss', 'check_reduction']

_REDUCTIONS = ('none', 'mean', 'sum')


def check_reduction(reduction: str | None, name: str = 'reduction') -> None:
    if reduction is not None and reduction not in _REDUCTIONS:
        raise InvalidValueError(f'{name} must be one of {_REDUCTIONS}, got '
                                f'{reduction!r}')


def weight_reduce_loss(loss: torch.Tensor, weight: torch.Tensor | None = None,
                       reduction: str = 'mean',
                       avg_factor: float | None = None) -> torch.Tensor:
    """Multiply ``loss`` by ``weight`` (broadcast), then reduce.

    With ``avg_factor`` the ``'mean'`` is ``sum / avg_factor``; ``'sum'`` with
    an ``avg_factor`` is refused (as in mmdet).
    """
    if weight is not None:
        loss = loss * weight
    if avg_factor is None:
        if reduction == 'mean':
            return loss.mean()
        return loss.sum() if reduction == 'sum' else loss
    if reduction == 'mean':
        return loss.sum() / (avg_factor + torch.finfo(torch.float32).eps)
    if reduction == 'sum':
        raise InvalidValueError('avg_factor cannot be used with reduction="sum"')
    return loss
