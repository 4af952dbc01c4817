"""Base encoder: passes the backbone feature through."""
from __future__ import annotations

import torch
from torch import nn

from mmocr.registry import ENCODERS

__all__ = ['BaseEncoder']


@ENCODERS.register_module()
class BaseEncoder(nn.Module):
    """Identity encoder: ``feat (N, C, H, W)`` in, the same tensor out."""

    def forward(self, feat: torch.Tensor, img_metas=None) -> torch.Tensor:
        return feat
