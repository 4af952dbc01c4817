"""Stochastic depth (drop path) for residual branches."""
from __future__ import annotations

import torch
from torch import nn

from mmocr.utils.errors import InvalidValueError

__all__ = ['DropPath']


class DropPath(nn.Module):
    """Zero a residual branch for whole samples with probability
    ``drop_prob`` in training, scaling the kept ones by
    ``1 / (1 - drop_prob)``; the identity in evaluation.

    Input and output: any shape ``(N, ...)``.
    """

    def __init__(self, drop_prob: float = 0.1):
        super().__init__()
        if not 0.0 <= drop_prob < 1.0:
            raise InvalidValueError(f'drop_prob must be in [0, 1), got {drop_prob}')
        self.drop_prob = float(drop_prob)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training or self.drop_prob == 0.0:
            return x
        keep = 1.0 - self.drop_prob
        shape = (x.size(0), ) + (1, ) * (x.dim() - 1)
        mask = x.new_empty(shape).bernoulli_(keep)
        return x * mask / keep
