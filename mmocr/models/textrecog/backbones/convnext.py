"""ConvNeXt (Liu et al. 2022, "A ConvNet for the 2020s") as a text
recognition backbone: the stages, depths and widths are arguments, and each
downsampling layer has its own (height, width) stride so that a text line
loses height faster than width (ConvNextViT's ConvNeXt-Tiny)."""
from __future__ import annotations

import math
from typing import Sequence

import torch
import torch.nn.functional as F
from torch import nn

from mmocr.models.common.layers import DropPath
from mmocr.registry import BACKBONES
from mmocr.utils.errors import InvalidValueError

__all__ = ['ConvNeXt']


def _pair(value: int | Sequence[int], name: str) -> tuple[int, int]:
    pair = (value, value) if isinstance(value, int) else tuple(value)
    if len(pair) != 2 or not all(isinstance(v, int) and v >= 1 for v in pair):
        raise InvalidValueError(f'ConvNeXt: {name} must be a positive int or '
                                f'(height, width) pair, got {value!r}')
    return pair


class ChannelsFirstLayerNorm(nn.LayerNorm):
    """``LayerNorm`` over the channels of ``(N, C, H, W)`` maps."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.layer_norm(x.permute(0, 2, 3, 1), self.normalized_shape,
                            self.weight, self.bias,
                            self.eps).permute(0, 3, 1, 2)


class ConvNeXtBlock(nn.Module):
    """Depthwise 7x7 conv, LayerNorm, 4x inverted bottleneck (linear, GELU,
    linear), layer scale ``gamma`` and a drop-path residual: ``(N, C, H,
    W)`` -> ``(N, C, H, W)``."""

    def __init__(self, dim: int, drop_path: float = 0.,
                 layer_scale_init_value: float = 1e-6):
        super().__init__()
        self.dwconv = nn.Conv2d(dim, dim, kernel_size=7, padding=3, groups=dim)
        self.norm = nn.LayerNorm(dim, eps=1e-6)
        self.pwconv1 = nn.Linear(dim, 4 * dim)
        self.act = nn.GELU()
        self.pwconv2 = nn.Linear(4 * dim, dim)
        self.gamma = (nn.Parameter(torch.full((dim, ), layer_scale_init_value))
                      if layer_scale_init_value > 0 else None)
        self.drop_path = DropPath(drop_path) if drop_path > 0 else nn.Identity()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.dwconv(x).permute(0, 2, 3, 1)  # (N, H, W, C)
        y = self.pwconv2(self.act(self.pwconv1(self.norm(y))))
        if self.gamma is not None:
            y = y * self.gamma
        return x + self.drop_path(y.permute(0, 3, 1, 2))


@BACKBONES.register_module()
class ConvNeXt(nn.Module):
    """ConvNeXt feature extractor: a patchify stem, then stages of
    :class:`ConvNeXtBlock` separated by LayerNorm + strided-conv
    downsampling layers.

    Input ``(N, in_channels, H, W)``; output the last stage's map ``(N,
    dims[-1], H // sh, W // sw)``, ``sh`` and ``sw`` the products of the
    height and width strides of the stem and the downsampling layers (the
    map is floored at each layer, so ``H`` and ``W`` need not be multiples).
    Parameter names follow the reference implementation and timm
    (``downsample_layers.<i>``, ``stages.<i>.<j>.{dwconv, norm, pwconv1,
    pwconv2, gamma}``).

    The defaults are ImageNet ConvNeXt-T (stride 4 stem, 2x2 downsampling,
    ``H`` and ``W`` / 32). ConvNextViT (ModelScope's text line recognizer)
    uses ``depths=(3, 3, 8, 3)``, ``dims=(96, 192, 256, 512)``,
    ``in_channels=1`` and ``strides=((2, 1), (2, 1), (2, 1))``: a 32-pixel
    high line becomes one row of ``W / 4`` columns.

    Args:
        in_channels: Image channels (1 for grey images).
        depths: Blocks of each stage.
        dims: Channels of each stage (as many as ``depths``).
        stem_stride: Kernel and stride of the stem conv, an int or a
            (height, width) pair.
        strides: Kernel and stride of the downsampling layer before each
            stage but the first (``len(depths) - 1`` ints or pairs).
        drop_path_rate: Stochastic depth rate, increased linearly from 0 on
            the first block to this on the last.
        layer_scale_init_value: Initial layer scale (0: no ``gamma``).
    """

    def __init__(self, in_channels: int = 3,
                 depths: Sequence[int] = (3, 3, 9, 3),
                 dims: Sequence[int] = (96, 192, 384, 768),
                 stem_stride: int | Sequence[int] = 4,
                 strides: Sequence[int | Sequence[int]] = (2, 2, 2),
                 drop_path_rate: float = 0.,
                 layer_scale_init_value: float = 1e-6):
        super().__init__()
        depths, dims = list(depths), list(dims)
        if not depths or len(depths) != len(dims):
            raise InvalidValueError(f'ConvNeXt: depths {depths} and dims {dims} '
                                    'must be non-empty and of equal length')
        if len(strides) != len(depths) - 1:
            raise InvalidValueError(
                f'ConvNeXt: strides needs {len(depths) - 1} entries (one per '
                f'stage after the first), got {list(strides)}')
        if not 0 <= drop_path_rate < 1:
            raise InvalidValueError('ConvNeXt: drop_path_rate must be in [0, 1), '
                                    f'got {drop_path_rate}')
        pairs = [_pair(stem_stride, 'stem_stride')] + \
            [_pair(s, f'strides[{i}]') for i, s in enumerate(strides)]
        #: (height, width) downsampling of the whole backbone
        self.total_stride = (math.prod(p[0] for p in pairs),
                             math.prod(p[1] for p in pairs))
        self.in_channels = in_channels
        self.downsample_layers = nn.ModuleList([nn.Sequential(
            nn.Conv2d(in_channels, dims[0], pairs[0], stride=pairs[0]),
            ChannelsFirstLayerNorm(dims[0], eps=1e-6))])
        for i, pair in enumerate(pairs[1:]):
            self.downsample_layers.append(nn.Sequential(
                ChannelsFirstLayerNorm(dims[i], eps=1e-6),
                nn.Conv2d(dims[i], dims[i + 1], pair, stride=pair)))
        rates = torch.linspace(0, drop_path_rate, sum(depths)).tolist()
        self.stages = nn.ModuleList()
        for depth, dim in zip(depths, dims):
            self.stages.append(nn.Sequential(*[
                ConvNeXtBlock(dim, rates.pop(0), layer_scale_init_value)
                for _ in range(depth)]))

    def init_weights(self) -> None:
        """Truncated-normal (std 0.02) convolution and linear weights, zero
        biases (the reference initialisation)."""
        for m in self.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                nn.init.trunc_normal_(m.weight, std=.02)
                nn.init.zeros_(m.bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.dim() != 4 or x.size(1) != self.in_channels:
            raise InvalidValueError(
                f'ConvNeXt needs images (N, {self.in_channels}, H, W), got '
                f'{tuple(x.shape)}')
        sh, sw = self.total_stride
        if x.size(2) < sh or x.size(3) < sw:
            raise InvalidValueError(
                f'ConvNeXt: a {x.size(2)}x{x.size(3)} image is smaller than the '
                f'backbone downsampling {sh}x{sw} (height x width); resize '
                f'images to at least {sh} pixels high and {sw} wide '
                '(ResizeOCR height/min_width)')
        for down, stage in zip(self.downsample_layers, self.stages):
            x = stage(down(x))
        return x
