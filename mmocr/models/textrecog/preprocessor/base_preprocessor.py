"""Base class of the image preprocessors that run before a backbone."""
from __future__ import annotations

import torch

from mmocr.models.common.layers.weight_init import BaseModule, check_init_cfg
from mmocr.registry import PREPROCESSOR

__all__ = ['BasePreprocessor']


@PREPROCESSOR.register_module()
class BasePreprocessor(BaseModule):
    """Identity preprocessor: ``(N, C, H, W)`` in, the same tensor out.

    Args:
        init_cfg: mmcv's init config (see
            :func:`mmocr.models.common.layers.weight_init.init_by_cfg`),
            applied by :meth:`init_weights` (see
            :class:`~mmocr.models.common.layers.weight_init.BaseModule`);
            checked here for the class itself; subclasses call
            ``super().__init__()`` without it and end their constructor
            with ``setup_init(init_cfg)``, which checks it.
    """

    def __init__(self, init_cfg: dict | list | None = None):
        super().__init__()
        self.init_cfg = check_init_cfg(init_cfg, type(self).__name__)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x
