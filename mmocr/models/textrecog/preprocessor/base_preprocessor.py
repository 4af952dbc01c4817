"""Base class of the image preprocessors that run before a backbone."""
from __future__ import annotations

import torch
from torch import nn

from mmocr.registry import PREPROCESSOR

__all__ = ['BasePreprocessor']


@PREPROCESSOR.register_module()
class BasePreprocessor(nn.Module):
    """Identity preprocessor: ``(N, C, H, W)`` in, the same tensor out."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x
