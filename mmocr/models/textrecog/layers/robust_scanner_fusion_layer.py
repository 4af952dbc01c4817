"""RobustScanner's gated fusion of the two glimpses."""
from __future__ import annotations

import torch
from torch import nn

from mmocr.models.common.layers.weight_init import BaseModule
from mmocr.utils.errors import InvalidValueError

__all__ = ['RobustScannerFusionLayer']


class RobustScannerFusionLayer(BaseModule):
    """``GLU(linear([x0, x1]))``: two ``(..., dim_model)`` inputs of one
    shape -> ``(..., dim_model)``.

    Args:
        dim_model: Features of each input.
        dim: The feature dimension.
    """

    def __init__(self, dim_model: int, dim: int = -1,
                 init_cfg: dict | list | None = None):
        super().__init__()
        self.dim_model = dim_model
        self.dim = dim
        self.linear_layer = nn.Linear(dim_model * 2, dim_model * 2)
        self.glu_layer = nn.GLU(dim=dim)
        self.setup_init(init_cfg)

    def forward(self, x0: torch.Tensor, x1: torch.Tensor) -> torch.Tensor:
        if x0.shape != x1.shape:
            raise InvalidValueError('RobustScannerFusionLayer: inputs differ in '
                                    f'shape, {tuple(x0.shape)} vs '
                                    f'{tuple(x1.shape)}')
        return self.glu_layer(self.linear_layer(torch.cat([x0, x1], self.dim)))
