"""Plugins of the recognition ResNet (MMOCR 0.x's
``textrecog/plugins/common.py``): max pooling and MASTER's global context
attention."""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from mmocr.registry import PLUGIN_LAYERS
from mmocr.utils.errors import InvalidValueError

__all__ = ['Maxpool2d', 'GCAModule']


@PLUGIN_LAYERS.register_module()
class Maxpool2d(nn.Module):
    """``nn.MaxPool2d`` as a plugin: ``(N, C, H, W)`` -> ``(N, C, H', W')``.

    Args:
        kernel_size, stride, padding: As ``nn.MaxPool2d``.
    """

    def __init__(self, kernel_size: int | tuple[int, int],
                 stride: int | tuple[int, int],
                 padding: int | tuple[int, int] = 0):
        super().__init__()
        self.model = nn.MaxPool2d(kernel_size, stride, padding)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.model(x)


def _context_transform(in_channels: int, planes: int) -> nn.Sequential:
    """1x1 conv to ``planes``, LayerNorm, ReLU, 1x1 conv back, on
    ``(N, C, 1, 1)``."""
    return nn.Sequential(
        nn.Conv2d(in_channels, planes, kernel_size=1),
        nn.LayerNorm([planes, 1, 1]), nn.ReLU(inplace=True),
        nn.Conv2d(planes, in_channels, kernel_size=1))


@PLUGIN_LAYERS.register_module()
class GCAModule(nn.Module):
    """Global context attention of MASTER (Lu et al. 2021): pool the whole
    map into one context vector per image, transform it and fuse it back
    into every position. ``(N, C, H, W)`` -> ``(N, C, H, W)``.

    Args:
        in_channels: Channels ``C`` (at least 8, divisible by ``n_head``).
        ratio: Bottleneck channels of the transform, ``int(C * ratio)``.
        n_head: Heads of the attention pooling; each pools ``C / n_head``
            channels with its own weights.
        pooling_type: ``'att'`` (softmax-weighted sum over positions, the
            weights from a 1x1 conv) or ``'avg'`` (mean).
        is_att_scale: Divide the attention logits by ``sqrt(C / n_head)``
            (only with ``n_head > 1``).
        fusion_type: ``'channel_add'`` (add the context),
            ``'channel_mul'`` (multiply by its sigmoid) or
            ``'channel_concat'`` (concatenate, 1x1 conv, layer norm, ReLU).
    """

    def __init__(self, in_channels: int, ratio: float, n_head: int,
                 pooling_type: str = 'att', is_att_scale: bool = False,
                 fusion_type: str = 'channel_add'):
        super().__init__()
        if pooling_type not in ('avg', 'att'):
            raise InvalidValueError(f'GCAModule: pooling_type must be avg or att, '
                                    f'got {pooling_type!r}')
        if fusion_type not in ('channel_add', 'channel_mul', 'channel_concat'):
            raise InvalidValueError(
                'GCAModule: fusion_type must be channel_add, channel_mul or '
                f'channel_concat, got {fusion_type!r}')
        if in_channels < 8 or in_channels % n_head != 0:
            raise InvalidValueError(
                f'GCAModule: in_channels ({in_channels}) must be >= 8 and '
                f'divisible by n_head ({n_head})')
        self.n_head = n_head
        self.in_channels = in_channels
        self.ratio = ratio
        self.planes = int(in_channels * ratio)
        self.pooling_type = pooling_type
        self.fusion_type = fusion_type
        self.is_att_scale = is_att_scale
        self.single_header_inplanes = in_channels // n_head
        if pooling_type == 'att':
            self.conv_mask = nn.Conv2d(self.single_header_inplanes, 1,
                                       kernel_size=1)
            self.softmax = nn.Softmax(dim=2)
        else:
            self.avg_pool = nn.AdaptiveAvgPool2d(1)
        transform = _context_transform(in_channels, self.planes)
        if fusion_type == 'channel_add':
            self.channel_add_conv = transform
        elif fusion_type == 'channel_mul':
            self.channel_mul_conv = transform
        else:
            self.channel_concat_conv = transform
            self.cat_conv = nn.Conv2d(2 * in_channels, in_channels,
                                      kernel_size=1)

    def spatial_pool(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, C, H, W)`` -> context ``(N, C, 1, 1)``."""
        if self.pooling_type == 'avg':
            return self.avg_pool(x)
        n, c, h, w = x.shape
        heads = x.reshape(n * self.n_head, self.single_header_inplanes, h, w)
        logits = self.conv_mask(heads).view(n * self.n_head, 1, h * w)
        if self.is_att_scale and self.n_head > 1:
            logits = logits / math.sqrt(self.single_header_inplanes)
        weights = self.softmax(logits)  # (N * n_head, 1, H * W)
        values = heads.view(n * self.n_head, self.single_header_inplanes,
                            h * w)
        context = torch.matmul(values, weights.transpose(1, 2))
        return context.view(n, c, 1, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        context = self.spatial_pool(x)
        if self.fusion_type == 'channel_add':
            return x + self.channel_add_conv(context)
        if self.fusion_type == 'channel_mul':
            return x * torch.sigmoid(self.channel_mul_conv(context))
        n, c, h, w = x.shape
        term = self.channel_concat_conv(context).expand(-1, -1, h, w)
        out = self.cat_conv(torch.cat([x, term], dim=1))
        return F.relu(F.layer_norm(out, [c, h, w]))
