"""Base class of the image preprocessors that run before a backbone."""
from __future__ import annotations

import torch
from torch import nn

from mmocr.models.common.layers.weight_init import init_by_cfg
from mmocr.registry import PREPROCESSOR

__all__ = ['BasePreprocessor']


@PREPROCESSOR.register_module()
class BasePreprocessor(nn.Module):
    """Identity preprocessor: ``(N, C, H, W)`` in, the same tensor out.

    Args:
        init_cfg: mmcv's init config (see
            :func:`mmocr.models.common.layers.weight_init.init_by_cfg`),
            applied once the subclass is built (subclasses call
            :meth:`init_weights` at the end of their ``__init__``) and again
            by :meth:`init_weights`.
    """

    def __init__(self, init_cfg: dict | list | None = None):
        super().__init__()
        self.init_cfg = init_cfg

    def init_weights(self) -> None:
        """Initialise the weights as ``init_cfg`` says (no-op for None)."""
        init_by_cfg(self, self.init_cfg)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x
