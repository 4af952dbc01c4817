"""BERT's tanh approximation of GELU as a layer (MMOCR 0.x's ``GeluNew``)."""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from mmocr.registry import ACTIVATION_LAYERS

__all__ = ['GeluNew']


@ACTIVATION_LAYERS.register_module()
class GeluNew(nn.Module):
    """``0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))`` elementwise
    (Google BERT's GELU): any shape -> the same shape."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.gelu(x, approximate='tanh')
