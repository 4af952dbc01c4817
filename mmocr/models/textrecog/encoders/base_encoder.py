"""Base encoder: passes the backbone feature through."""
from __future__ import annotations

import torch

from mmocr.models.common.layers.weight_init import BaseModule, check_init_cfg
from mmocr.registry import ENCODERS

__all__ = ['BaseEncoder']


@ENCODERS.register_module()
class BaseEncoder(BaseModule):
    """Identity encoder: ``feat (N, C, H, W)`` in, the same tensor out.

    Args:
        init_cfg: mmcv's init config (see
            :class:`~mmocr.models.common.layers.weight_init.BaseModule`);
            checked here for the class itself; subclasses call
            ``super().__init__()`` without it and end their constructor
            with ``setup_init(init_cfg)``, which checks it.
    """

    def __init__(self, init_cfg: dict | list | None = None):
        super().__init__()
        self.init_cfg = check_init_cfg(init_cfg, type(self).__name__)

    def forward(self, feat: torch.Tensor, img_metas=None) -> torch.Tensor:
        return feat
