"""DBNet's head: probability, threshold and approximate binary maps."""
from __future__ import annotations

import torch
from torch import nn

from mmocr.models.common.layers import kaiming_init_conv_bn
from mmocr.registry import HEADS
from mmocr.utils.errors import InvalidValueError

from .base_head import BaseTextDetHead

__all__ = ['DBHead']


def _upsample_branch(in_channels: int, bias: bool) -> nn.Sequential:
    """conv3x3 -> BN -> ReLU -> deconv x2 -> BN -> ReLU -> deconv x2 -> sigmoid."""
    mid = in_channels // 4
    return nn.Sequential(
        nn.Conv2d(in_channels, mid, 3, padding=1, bias=bias),
        nn.BatchNorm2d(mid), nn.ReLU(inplace=True),
        nn.ConvTranspose2d(mid, mid, 2, 2),
        nn.BatchNorm2d(mid), nn.ReLU(inplace=True),
        nn.ConvTranspose2d(mid, 1, 2, 2), nn.Sigmoid())


@HEADS.register_module()
class DBHead(BaseTextDetHead):
    """Head of DBNet (https://arxiv.org/abs/1911.08947).

    Input ``(N, in_channels, H, W)`` (the neck's 1/4-scale features); output
    ``(N, 3, 4H, 4W)``: probability map, threshold map and the approximate
    binary map ``sigmoid(50 * (prob - thr))``.

    Args:
        in_channels: Input channels (divisible by 4).
        with_bias: Bias in the first conv of the probability branch.
        downsample_ratio: Output map size / input image size.
        loss: Config of the loss (``DBLoss``).
        postprocessor: Config of the postprocessor (``DBPostprocessor``).
        init_cfg: mmcv's init config, applied after the head's own
            initialisation (Kaiming convs) when built and by
            ``init_weights`` (e.g. ``Pretrained``).
        text_repr_type, decoding_type: MMOCR 0.x's deprecated head arguments
            (a warning; ``text_repr_type`` is moved into ``postprocessor``).
    """

    def __init__(self, in_channels: int, with_bias: bool = False,
                 downsample_ratio: float = 1.0, loss: dict = dict(type='DBLoss'),
                 postprocessor: dict = dict(type='DBPostprocessor',
                                            text_repr_type='quad'),
                 init_cfg=None, train_cfg: dict | None = None,
                 test_cfg: dict | None = None,
                 text_repr_type: str | None = None,
                 decoding_type: str | None = None):
        if not isinstance(in_channels, int) or in_channels % 4:
            raise InvalidValueError('in_channels must be an int divisible by 4, got '
                                    f'{in_channels!r}')
        super().__init__(loss, postprocessor, downsample_ratio, train_cfg,
                         test_cfg, text_repr_type, decoding_type)
        self.in_channels = in_channels
        self.binarize = _upsample_branch(in_channels, with_bias)
        self.threshold = _upsample_branch(in_channels, False)
        self.setup_init(init_cfg)

    def default_init(self) -> None:
        """Kaiming convs; BatchNorm weight 1 and bias 1e-4 (as MMOCR)."""
        kaiming_init_conv_bn(self, bn_bias=1e-4)

    @staticmethod
    def diff_binarize(prob_map: torch.Tensor, thr_map: torch.Tensor,
                      k: float) -> torch.Tensor:
        """Differentiable binarization ``1 / (1 + exp(-k (P - T)))``."""
        return torch.sigmoid(k * (prob_map - thr_map))

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        prob_map = self.binarize(inputs)
        thr_map = self.threshold(inputs)
        binary_map = self.diff_binarize(prob_map, thr_map, k=50)
        return torch.cat((prob_map, thr_map, binary_map), dim=1)
