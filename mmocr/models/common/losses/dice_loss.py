"""Dice loss on probability maps."""
from __future__ import annotations

import torch
from torch import nn

from mmocr.registry import LOSSES
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

__all__ = ['DiceLoss']


@LOSSES.register_module()
class DiceLoss(nn.Module):
    """``1 - 2|P.T| / (|P| + |T| + eps)`` over the whole batch.

    Args:
        eps: Added to the denominator for empty targets.

    ``pred`` and ``target`` are ``(N, ...)`` tensors of probabilities in
    ``[0, 1]``; the optional ``mask`` (same shape) zeroes ignored pixels in
    both. Returns a scalar tensor.
    """

    def __init__(self, eps: float = 1e-6):
        super().__init__()
        if not isinstance(eps, float):
            raise InvalidTypeError(f'eps must be a float, got {eps!r}')
        self.eps = eps

    def forward(self, pred: torch.Tensor, target: torch.Tensor,
                mask: torch.Tensor | None = None) -> torch.Tensor:
        if pred.shape != target.shape:
            raise InvalidValueError(f'pred {tuple(pred.shape)} and target '
                                    f'{tuple(target.shape)} differ in shape')
        pred = pred.reshape(pred.size(0), -1)
        target = target.reshape(target.size(0), -1).to(pred.dtype)
        if mask is not None:
            mask = mask.reshape(mask.size(0), -1).to(pred.dtype)
            pred = pred * mask
            target = target * mask
        intersection = torch.sum(pred * target)
        union = torch.sum(pred) + torch.sum(target) + self.eps
        return 1 - 2 * intersection / union
