"""SATRN's shallow CNN (Lee et al., "On Recognizing Texts of Arbitrary
Shapes with 2D Self-Attention", 2020)."""
from __future__ import annotations

import torch
from torch import nn

from mmocr.models.common.layers import ConvModule
from mmocr.models.common.layers.weight_init import BaseModule
from mmocr.registry import BACKBONES
from mmocr.utils.errors import InvalidValueError

__all__ = ['ShallowCNN']


@BACKBONES.register_module()
class ShallowCNN(BaseModule):
    """Two conv-BN-ReLU blocks, each followed by a 2x2 max pool:
    ``(N, input_channels, H, W)`` -> ``(N, hidden_dim, H / 4, W / 4)``.

    Convs are Kaiming-initialised, batch-norm weights uniform in [0, 1) (as
    MMOCR 0.x's ``init_cfg``).

    Args:
        input_channels: Image channels.
        hidden_dim: Output channels (the first block has half).
    """

    def __init__(self, input_channels: int = 1, hidden_dim: int = 512,
                 init_cfg: dict | list | None = None):
        super().__init__()
        for name, value in (('input_channels', input_channels),
                            ('hidden_dim', hidden_dim)):
            if not isinstance(value, int) or value < 1:
                raise InvalidValueError(f'ShallowCNN: {name} must be a positive int, '
                                        f'got {value!r}')
        common = dict(kernel_size=3, stride=1, padding=1, bias=False,
                      norm_cfg=dict(type='BN'), act_cfg=dict(type='ReLU'))
        self.conv1 = ConvModule(input_channels, hidden_dim // 2, **common)
        self.conv2 = ConvModule(hidden_dim // 2, hidden_dim, **common)
        self.pool = nn.MaxPool2d(kernel_size=2, stride=2, padding=0)
        self.setup_init(init_cfg)

    def default_init(self) -> None:
        for block in (self.conv1, self.conv2):
            nn.init.kaiming_normal_(block.conv.weight, mode='fan_out',
                                    nonlinearity='relu')
            nn.init.uniform_(block.bn.weight)
            nn.init.zeros_(block.bn.bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.pool(self.conv2(self.pool(self.conv1(x))))
