"""1x1-conv channel reduction encoder."""
from __future__ import annotations

import torch
from torch import nn

from mmocr.registry import ENCODERS

from .base_encoder import BaseEncoder

__all__ = ['ChannelReductionEncoder']


@ENCODERS.register_module()
class ChannelReductionEncoder(BaseEncoder):
    """Change the channel count of a feature map with a 1x1 convolution.

    Input ``(N, in_channels, H, W)``, output ``(N, out_channels, H, W)``.
    """

    def __init__(self, in_channels: int, out_channels: int,
                 init_cfg: dict | list | None = None):
        super().__init__()
        self.layer = nn.Conv2d(in_channels, out_channels, kernel_size=1)
        nn.init.xavier_uniform_(self.layer.weight)
        nn.init.zeros_(self.layer.bias)
        self.setup_init(init_cfg)

    def forward(self, feat: torch.Tensor, img_metas=None) -> torch.Tensor:
        return self.layer(feat)
