"""PANet's head: text, kernel and 4-d embedding maps."""
from __future__ import annotations

from typing import Sequence

import torch
from torch import nn

from mmocr.registry import HEADS
from mmocr.utils.errors import InvalidValueError

from ..losses.pan_loss import PANLoss
from .base_head import BaseTextDetHead

__all__ = ['PANHead']


@HEADS.register_module()
class PANHead(BaseTextDetHead):
    """Head of PANet (https://arxiv.org/abs/1908.05900): the neck's maps
    concatenated, then one 1x1 conv (``out_conv``).

    Input: a tuple of maps ``(N, in_channels[i], H, W)`` (FPEM_FFM's
    output) or one ``(N, sum(in_channels), H, W)`` tensor. Output ``(N,
    out_channels, H, W)`` logits: channel 0 text, 1 kernel, 2.. the
    instance embedding (4 channels for ``PANLoss``/``PANPostprocessor``,
    hence ``out_channels=6``).

    Args:
        in_channels: Channels of each input map.
        out_channels: Output channels.
        downsample_ratio: Output map size / input image size, in [0, 1].
        loss: Config of the loss (``PANLoss``).
        postprocessor: Config of the postprocessor (``PANPostprocessor``).
        init_cfg: mmcv's init config, applied after the head's own
            initialisation when built and by ``init_weights``
            (e.g. ``Pretrained``). ``None`` keeps the own one, which is
            MMOCR 0.x's default (``out_conv`` normal, std 0.01, zero bias).
        text_repr_type, decoding_type: MMOCR 0.x's deprecated head arguments
            (a warning; ``text_repr_type`` is moved into ``postprocessor``).
    """

    def __init__(self, in_channels: Sequence[int], out_channels: int,
                 downsample_ratio: float = 0.25,
                 loss: dict = dict(type='PANLoss'),
                 postprocessor: dict = dict(type='PANPostprocessor',
                                            text_repr_type='poly'),
                 train_cfg: dict | None = None,
                 test_cfg: dict | None = None,
                 init_cfg: dict | list | None = None,
                 text_repr_type: str | None = None,
                 decoding_type: str | None = None):
        if (not isinstance(in_channels, (list, tuple)) or not in_channels
                or not all(isinstance(c, int) for c in in_channels)):
            raise InvalidValueError('PANHead: in_channels must be a list of ints, '
                                    f'got {in_channels!r}')
        if not isinstance(out_channels, int) or out_channels < 3:
            raise InvalidValueError('PANHead: out_channels must be an int >= 3 (text, '
                                    f'kernel, embedding), got {out_channels!r}')
        if not 0 <= downsample_ratio <= 1:
            raise InvalidValueError('PANHead: downsample_ratio must be in [0, 1], '
                                    f'got {downsample_ratio!r}')
        super().__init__(loss, postprocessor, downsample_ratio, train_cfg,
                         test_cfg, text_repr_type, decoding_type)
        # PANLoss itself, not a subclass with its own map count (PSELoss).
        if type(self.loss_module) is PANLoss and out_channels != 6:
            raise InvalidValueError(
                f'PANHead: out_channels={out_channels} but PANLoss needs 6 '
                'maps (text, kernel, 4-d embedding): set '
                'model.bbox_head.out_channels=6')
        self.in_channels = list(in_channels)
        self.out_channels = out_channels
        self.out_conv = nn.Conv2d(sum(in_channels), out_channels, 1)
        self.setup_init(init_cfg)

    def default_init(self) -> None:
        """``out_conv``: normal weights (std 0.01), zero bias."""
        nn.init.normal_(self.out_conv.weight, 0, 0.01)
        nn.init.zeros_(self.out_conv.bias)

    def forward(self, inputs: Sequence[torch.Tensor] | torch.Tensor
                ) -> torch.Tensor:
        if isinstance(inputs, (tuple, list)):
            inputs = torch.cat(tuple(inputs), dim=1)
        if inputs.size(1) != self.out_conv.in_channels:
            raise InvalidValueError(f'PANHead expects {self.out_conv.in_channels} '
                                    f'input channels, got {inputs.size(1)}')
        return self.out_conv(inputs)
