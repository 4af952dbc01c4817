"""FPN_UNet: the U-Net-like FPN of TextSnake and DRRG."""
from __future__ import annotations

from typing import Sequence

import torch
import torch.nn.functional as F
from torch import nn

from mmocr.models.common.layers import BaseModule, xavier_init_conv_bn
from mmocr.registry import NECKS
from mmocr.utils.errors import InvalidValueError

__all__ = ['FPN_UNet', 'UpBlock']


class UpBlock(BaseModule):
    """1x1 conv (``in_channels``) -> ReLU -> 3x3 conv (``out_channels``) ->
    ReLU -> 4x4 stride-2 transposed conv.

    Input ``(N, in_channels, H, W)``; output ``(N, out_channels, 2H, 2W)``.
    """

    def __init__(self, in_channels: int, out_channels: int, init_cfg=None):
        super().__init__()
        for key, value in (('in_channels', in_channels),
                           ('out_channels', out_channels)):
            if not isinstance(value, int) or value <= 0:
                raise InvalidValueError(f'UpBlock: {key} must be a positive int, '
                                        f'got {value!r}')
        self.conv1x1 = nn.Conv2d(in_channels, in_channels, 1)
        self.conv3x3 = nn.Conv2d(in_channels, out_channels, 3, padding=1)
        self.deconv = nn.ConvTranspose2d(out_channels, out_channels, 4,
                                         stride=2, padding=1)
        self.setup_init(init_cfg)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.deconv(F.relu(self.conv3x3(F.relu(self.conv1x1(x)))))


@NECKS.register_module()
class FPN_UNet(BaseModule):
    """The U-Net-like FPN of TextSnake (https://arxiv.org/abs/1807.01544) and
    DRRG (https://arxiv.org/abs/2003.07493), as MMOCR 0.x.

    Block ``i`` outputs ``min(out_channels * 2 ** (i - 1), 256)`` channels
    (block 0: ``out_channels``). ``up4`` (transposed conv) doubles ``c5``;
    ``up_block3..1`` each take the previous output concatenated with
    ``c4``, ``c3``, ``c2`` and double it; ``up_block0`` doubles once more,
    so the output has the backbone input's size.

    Input: four maps ``(N, in_channels[i], H / 2 ** (i + 2), W / 2 ** (i +
    2))`` (``c2..c5``, strides 4..32). Output: ``(N, out_channels, H, W)``.

    Args:
        in_channels: Channels of ``c2, c3, c4, c5``.
        out_channels: Channels of the output.
        init_cfg: mmcv's init config, applied after the neck's own
            initialisation (Xavier-uniform convs and transposed convs, MMOCR
            0.x's default, which ``None`` keeps) when built and by
            ``init_weights`` (e.g. ``Pretrained``).
    """

    def __init__(self, in_channels: Sequence[int], out_channels: int,
                 init_cfg: dict | list | None = None):
        super().__init__()
        if (not isinstance(in_channels, (list, tuple)) or len(in_channels) != 4
                or not all(isinstance(c, int) and c > 0 for c in in_channels)):
            raise InvalidValueError('FPN_UNet: in_channels must be 4 positive ints '
                                    f'(c2..c5), got {in_channels!r}')
        if not isinstance(out_channels, int) or out_channels <= 0:
            raise InvalidValueError('FPN_UNet: out_channels must be a positive int, '
                                    f'got {out_channels!r}')
        self.in_channels = list(in_channels)
        self.out_channels = out_channels
        outs = [out_channels] + [min(out_channels * 2**i, 256)
                                 for i in range(4)]
        ins = [outs[1]] + [in_channels[i] + outs[i + 2]
                           for i in range(3)] + [in_channels[3]]
        self.up4 = nn.ConvTranspose2d(ins[4], outs[4], 4, stride=2, padding=1)
        self.up_block3 = UpBlock(ins[3], outs[3])
        self.up_block2 = UpBlock(ins[2], outs[2])
        self.up_block1 = UpBlock(ins[1], outs[1])
        self.up_block0 = UpBlock(ins[0], outs[0])
        xavier_init_conv_bn(self, (nn.Conv2d, nn.ConvTranspose2d))
        self.setup_init(init_cfg)

    def forward(self, x: Sequence[torch.Tensor]) -> torch.Tensor:
        if len(x) != 4:
            raise InvalidValueError(f'FPN_UNet expects 4 maps (c2..c5), got {len(x)}')
        c2, c3, c4, c5 = x
        out = F.relu(self.up4(c5))
        out = F.relu(self.up_block3(torch.cat([out, c4], dim=1)))
        out = F.relu(self.up_block2(torch.cat([out, c3], dim=1)))
        out = F.relu(self.up_block1(torch.cat([out, c2], dim=1)))
        return self.up_block0(out)
