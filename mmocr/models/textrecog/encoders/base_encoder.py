"""Base encoder: passes the backbone feature through."""
from __future__ import annotations

import torch
from torch import nn

from mmocr.models.common.layers.weight_init import init_by_cfg
from mmocr.registry import ENCODERS

__all__ = ['BaseEncoder']


@ENCODERS.register_module()
class BaseEncoder(nn.Module):
    """Identity encoder: ``feat (N, C, H, W)`` in, the same tensor out.

    Args:
        init_cfg: mmcv's init config, applied by :meth:`init_weights`.
    """

    def __init__(self, init_cfg: dict | list | None = None):
        super().__init__()
        self.init_cfg = init_cfg

    def init_weights(self) -> None:
        """Initialise the weights as ``init_cfg`` says (mmcv's
        :func:`~mmocr.models.common.layers.weight_init.init_by_cfg`; no-op
        for None). Subclasses apply their own ``init_cfg`` when built."""
        init_by_cfg(self, self.init_cfg)

    def forward(self, feat: torch.Tensor, img_metas=None) -> torch.Tensor:
        return feat
