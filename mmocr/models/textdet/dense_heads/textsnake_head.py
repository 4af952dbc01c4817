"""TextSnake's head: text region, center region, sin, cos and radius maps."""
from __future__ import annotations

import torch
from torch import nn

from mmocr.registry import HEADS
from mmocr.utils.errors import InvalidValueError

from .base_head import BaseTextDetHead

__all__ = ['TextSnakeHead']


@HEADS.register_module()
class TextSnakeHead(BaseTextDetHead):
    """Head of TextSnake (https://arxiv.org/abs/1807.01544), as MMOCR 0.x:
    one 1x1 conv (``out_conv``) to 5 maps.

    Input ``(N, in_channels, H, W)`` (``FPN_UNet``'s output, the image
    size). Output ``(N, 5, H, W)``: text region logits, center region
    logits, sin, cos (unnormalised) and radius of the local text
    direction.

    Args:
        in_channels: Channels of the input map.
        downsample_ratio: Output map size / input image size (1 with
            ``FPN_UNet``).
        loss: Config of the loss (``TextSnakeLoss``).
        postprocessor: Config of the postprocessor
            (``TextSnakePostprocessor``).
        init_cfg: mmcv's init config, applied after the head's own
            initialisation when built and by ``init_weights``
            (e.g. ``Pretrained``). ``None`` keeps the own one, which is
            MMOCR 0.x's default (``out_conv`` normal, std 0.01, zero bias).
        text_repr_type, decoding_type: MMOCR 0.x's deprecated head arguments
            (a warning; ``text_repr_type`` is moved into ``postprocessor``).
    """

    def __init__(self, in_channels: int, downsample_ratio: float = 1.0,
                 loss: dict = dict(type='TextSnakeLoss'),
                 postprocessor: dict = dict(type='TextSnakePostprocessor',
                                            text_repr_type='poly'),
                 train_cfg: dict | None = None,
                 test_cfg: dict | None = None,
                 init_cfg: dict | list | None = None,
                 text_repr_type: str | None = None,
                 decoding_type: str | None = None):
        if not isinstance(in_channels, int) or in_channels <= 0:
            raise InvalidValueError('TextSnakeHead: in_channels must be a positive '
                                    f'int, got {in_channels!r}')
        if not 0 < downsample_ratio <= 1:
            raise InvalidValueError('TextSnakeHead: downsample_ratio must be in '
                                    f'(0, 1], got {downsample_ratio!r}')
        super().__init__(loss, postprocessor, downsample_ratio, train_cfg,
                         test_cfg, text_repr_type, decoding_type)
        self.in_channels = in_channels
        self.out_channels = 5
        self.out_conv = nn.Conv2d(in_channels, self.out_channels, 1)
        self.setup_init(init_cfg)

    def default_init(self) -> None:
        """``out_conv``: normal weights (std 0.01), zero bias."""
        nn.init.normal_(self.out_conv.weight, 0, 0.01)
        nn.init.zeros_(self.out_conv.bias)

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        if inputs.dim() != 4 or inputs.size(1) != self.in_channels:
            raise InvalidValueError(f'TextSnakeHead expects (N, {self.in_channels}, '
                                    f'H, W), got {tuple(inputs.shape)}')
        return self.out_conv(inputs)
