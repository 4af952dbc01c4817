"""Multi-class focal loss."""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from mmocr.registry import LOSSES

__all__ = ['FocalLoss']


@LOSSES.register_module()
class FocalLoss(nn.Module):
    """Focal loss ``-(1 - p_t)**gamma * log(p_t)`` averaged like ``nll_loss``.

    Args:
        gamma: Focusing parameter; larger values down-weight easy samples.
        weight: Optional per-class rescaling weights, a sequence or tensor of
            length C.
        ignore_index: Target value that contributes no loss nor gradient.

    ``input`` holds logits ``(N, C)`` or ``(N, C, d1, ...)``; ``target`` class
    indices ``(N)`` or ``(N, d1, ...)``. Returns a scalar tensor.
    """

    def __init__(self, gamma: float = 2, weight=None, ignore_index: int = -100):
        super().__init__()
        self.gamma = gamma
        self.ignore_index = ignore_index
        if weight is not None:
            weight = torch.as_tensor(weight, dtype=torch.float32)
        self.register_buffer('weight', weight, persistent=False)

    def forward(self, input: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        log_prob = F.log_softmax(input, dim=1)
        focal = (1 - log_prob.exp())**self.gamma * log_prob
        weight = None if self.weight is None else self.weight.to(input.dtype)
        return F.nll_loss(focal, target, weight=weight,
                          ignore_index=self.ignore_index)
