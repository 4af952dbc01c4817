"""SVTR's single visual model (Du et al. 2022, arXiv:2205.00159): patch
embedding, local / global mixing blocks, merging and combining, with MMOCR
1.x's module and argument names."""
from __future__ import annotations

from typing import Sequence

import torch
from torch import nn

from mmocr.models.common.layers import ConvModule, DropPath
from mmocr.registry import ENCODERS
from mmocr.utils.errors import InvalidValueError

__all__ = ['SVTREncoder', 'local_attention_mask']


def _halved(size: int) -> int:
    """Output length of a kernel-3, stride-2, padding-1 convolution."""
    return (size - 1) // 2 + 1


def local_attention_mask(input_shape: Sequence[int],
                         window_size: Sequence[int]) -> torch.Tensor:
    """Additive attention mask ``(H*W, H*W)`` of local mixing on an
    ``H x W`` grid of patches (row-major): 0 where the key patch lies in the
    ``hk x wk`` window around the query patch, ``-inf`` elsewhere.

    The window spans key offsets ``-(k // 2) .. k - 1 - k // 2`` from the
    query along each axis (centred for odd ``k``), clipped at the borders.
    """
    height, width = (int(s) for s in input_shape)
    hk, wk = (int(k) for k in window_size)
    rows = torch.arange(height).repeat_interleave(width)
    cols = torch.arange(width).repeat(height)
    d_row = rows[None, :] - rows[:, None]  # key - query
    d_col = cols[None, :] - cols[:, None]
    inside = ((d_row >= -(hk // 2)) & (d_row <= hk - 1 - hk // 2)
              & (d_col >= -(wk // 2)) & (d_col <= wk - 1 - wk // 2))
    mask = torch.zeros(height * width, height * width)
    return mask.masked_fill(~inside, float('-inf'))


class OverlapPatchEmbed(nn.Module):
    """``num_layers`` (2 or 3) stride-2 3x3 conv + BN + GELU layers.

    Input ``(N, in_channels, H, W)``, output ``(N, H'*W', embed_dims)`` with
    ``H' = H / 2**num_layers`` (rounded up), same for ``W'``; the channels
    double each layer up to ``embed_dims``.
    """

    def __init__(self, in_channels: int = 3, embed_dims: int = 768,
                 num_layers: int = 2):
        super().__init__()
        if num_layers not in (2, 3):
            raise InvalidValueError(f'num_layers must be 2 or 3, got {num_layers}')
        self.net = nn.Sequential()
        channels = in_channels
        for i in range(num_layers):
            out = embed_dims // 2**(num_layers - 1 - i)
            self.net.add_module(f'ConvModule{i}', ConvModule(
                channels, out, kernel_size=3, stride=2, padding=1,
                norm_cfg=dict(type='BN'), act_cfg=dict(type='GELU')))
            channels = out

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x).flatten(2).transpose(1, 2)


class ConvMixer(nn.Module):
    """Grouped-conv mixing: ``(N, H*W, C)`` -> ``(N, H*W, C)`` through a
    ``local_k`` convolution with ``num_heads`` groups on the ``H x W``
    grid ``input_shape``."""

    def __init__(self, embed_dims: int, num_heads: int = 8,
                 input_shape: Sequence[int] = (8, 25),
                 local_k: Sequence[int] = (3, 3)):
        super().__init__()
        self.input_shape = tuple(input_shape)
        self.embed_dims = embed_dims
        self.local_mixer = nn.Conv2d(
            embed_dims, embed_dims, kernel_size=tuple(local_k), stride=1,
            padding=(local_k[0] // 2, local_k[1] // 2), groups=num_heads)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        grid = x.transpose(1, 2).reshape(-1, self.embed_dims, *self.input_shape)
        return self.local_mixer(grid).flatten(2).transpose(1, 2)


class AttnMixer(nn.Module):
    """Multi-head self-attention over the ``H*W`` patches, global or local.

    Input and output ``(N, H*W, C)``. ``mixer='Local'`` adds the buffer
    ``mask`` ``(1, 1, H*W, H*W)`` of :func:`local_attention_mask`
    (``input_shape``, ``local_k``): each patch attends to its window only.
    """

    def __init__(self, embed_dims: int, num_heads: int = 8,
                 mixer: str = 'Global', input_shape: Sequence[int] = (8, 25),
                 local_k: Sequence[int] = (7, 11), qkv_bias: bool = False,
                 qk_scale: float | None = None, attn_drop: float = 0.,
                 proj_drop: float = 0.):
        super().__init__()
        if mixer not in ('Global', 'Local'):
            raise InvalidValueError(f"mixer must be 'Global' or 'Local', got {mixer!r}")
        self.mixer = mixer
        self.num_heads = num_heads
        self.scale = qk_scale or (embed_dims // num_heads)**-0.5
        self.qkv = nn.Linear(embed_dims, embed_dims * 3, bias=qkv_bias)
        self.attn_drop = nn.Dropout(attn_drop)
        self.proj = nn.Linear(embed_dims, embed_dims)
        self.proj_drop = nn.Dropout(proj_drop)
        if mixer == 'Local':
            self.register_buffer(
                'mask', local_attention_mask(input_shape, local_k)[None, None])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n, length, channels = x.shape
        qkv = self.qkv(x).reshape(n, length, 3, self.num_heads,
                                  channels // self.num_heads)
        q, k, v = qkv.permute(2, 0, 3, 1, 4)  # each (N, heads, L, d)
        attn = (q * self.scale) @ k.transpose(-2, -1)
        if self.mixer == 'Local':
            attn = attn + self.mask
        attn = self.attn_drop(attn.softmax(dim=-1))
        out = (attn @ v).transpose(1, 2).reshape(n, length, channels)
        return self.proj_drop(self.proj(out))


class MLP(nn.Module):
    """``fc1`` -> GELU -> dropout -> ``fc2`` -> dropout on ``(..., C)``."""

    def __init__(self, in_features: int, hidden_features: int | None = None,
                 out_features: int | None = None, drop: float = 0.):
        super().__init__()
        hidden_features = hidden_features or in_features
        self.fc1 = nn.Linear(in_features, hidden_features)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(hidden_features, out_features or in_features)
        self.drop = nn.Dropout(drop)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.drop(self.fc2(self.drop(self.act(self.fc1(x)))))


class MixingBlock(nn.Module):
    """A mixer (``'Global'`` / ``'Local'`` attention or ``'Conv'``) and an
    MLP, each residual with layer norm: ``(N, H*W, C)`` -> same.

    ``prenorm=True`` normalises after each residual sum (1.x's name),
    ``False`` before each branch (then the encoder ends with a layer norm).
    """

    def __init__(self, embed_dims: int, num_heads: int, mixer: str = 'Global',
                 window_size: Sequence[int] = (7, 11),
                 input_shape: Sequence[int] = (8, 25), mlp_ratio: float = 4.,
                 qkv_bias: bool = False, qk_scale: float | None = None,
                 drop: float = 0., attn_drop: float = 0.,
                 drop_path: float = 0., prenorm: bool = True):
        super().__init__()
        self.norm1 = nn.LayerNorm(embed_dims, eps=1e-6)
        if mixer in ('Global', 'Local'):
            self.mixer = AttnMixer(embed_dims, num_heads, mixer, input_shape,
                                   window_size, qkv_bias, qk_scale, attn_drop,
                                   drop)
        elif mixer == 'Conv':
            self.mixer = ConvMixer(embed_dims, num_heads, input_shape,
                                   window_size)
        else:
            raise InvalidValueError(
                f"mixer must be 'Global', 'Local' or 'Conv', got {mixer!r}")
        self.drop_path = DropPath(drop_path) if drop_path > 0 else nn.Identity()
        self.norm2 = nn.LayerNorm(embed_dims, eps=1e-6)
        self.mlp_ratio = mlp_ratio
        self.mlp = MLP(embed_dims, int(embed_dims * mlp_ratio), drop=drop)
        self.prenorm = prenorm

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.prenorm:
            x = self.norm1(x + self.drop_path(self.mixer(x)))
            return self.norm2(x + self.drop_path(self.mlp(x)))
        x = x + self.drop_path(self.mixer(self.norm1(x)))
        return x + self.drop_path(self.mlp(self.norm2(x)))


class MergingBlock(nn.Module):
    """Halve the height of the patch grid and change the channels
    (1.x's ``MerigingBlock``): ``(N, C_in, H, W)`` ->
    ``(N, ceil(H/2)*W, C_out)``, by a 3x3 conv of stride ``stride``
    (``types='Conv'``) or the mean of 3x5 average and max pooling and a
    linear projection (``'Pool'``), then a layer norm."""

    def __init__(self, in_channels: int, out_channels: int,
                 types: str = 'Pool', stride: Sequence[int] = (2, 1)):
        super().__init__()
        if types not in ('Pool', 'Conv'):
            raise InvalidValueError(
                f"merging_types must be 'Pool' or 'Conv', got {types!r}")
        self.types = types
        stride = tuple(stride)
        if types == 'Pool':
            self.avgpool = nn.AvgPool2d((3, 5), stride=stride, padding=(1, 2))
            self.maxpool = nn.MaxPool2d((3, 5), stride=stride, padding=(1, 2))
            self.proj = nn.Linear(in_channels, out_channels)
        else:
            self.conv = nn.Conv2d(in_channels, out_channels, kernel_size=3,
                                  stride=stride, padding=1)
        self.norm = nn.LayerNorm(out_channels)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.types == 'Pool':
            x = (self.avgpool(x) + self.maxpool(x)) * 0.5
            return self.norm(self.proj(x.flatten(2).transpose(1, 2)))
        return self.norm(self.conv(x).flatten(2).transpose(1, 2))


@ENCODERS.register_module()
class SVTREncoder(nn.Module):
    """SVTR (Du et al. 2022): an image read by patches and mixing blocks
    alone, in three stages (tiny / small / base are sizes of this class).

    Input ``(N, in_channels, *img_size)`` (the exact size: the position
    embedding and local masks are built for it), output
    ``(N, out_channels, 1, max_seq_len)``, the combined columns for a CTC
    decoder (:class:`~mmocr.models.textrecog.decoders.SVTRDecoder`).

    The patch embedding (``num_layers`` stride-2 convs) gives an
    ``H/4 x W/4`` grid (``num_layers=2``) plus ``absolute_pos_embed``;
    stage ``i`` is ``depth[i]`` :class:`MixingBlock` of ``embed_dims[i]``
    channels, ``num_heads[i]`` heads, ``window_size[i]`` local windows;
    ``mixer_types`` lists the ``sum(depth)`` blocks' mixers in order. A
    merging block (stride ``(2, 1)``) between stages halves the height; the
    combining step pools the last grid to ``1 x max_seq_len``, then a 1x1
    conv to ``out_channels``, Hardswish and dropout ``last_drop``.

    Args:
        img_size: ``(H, W)`` of the input, each at least the patch size
            ``2**num_layers``.
        in_channels: Image channels.
        embed_dims, depth, num_heads, mixer_types, window_size: Per stage,
            see above (``embed_dims[i]`` divisible by ``num_heads[i]``).
        merging_types: ``'Conv'`` or ``'Pool'`` merging.
        mlp_ratio: MLP hidden size over ``embed_dims``.
        qkv_bias, qk_scale: Attention projection bias and score scale
            (default ``head_dim ** -0.5``).
        drop_rate, attn_drop_rate, drop_path_rate: Dropout, attention
            dropout, and the largest stochastic depth rate (rising linearly
            over the blocks).
        last_drop: Dropout after the combining step.
        out_channels: Channels of the output.
        max_seq_len: Output columns (CTC steps).
        num_layers: Convs of the patch embedding (2 or 3).
        prenorm: See :class:`MixingBlock`.
    """

    #: The position embedding and local masks are built for ``img_size``
    #: (ONNX export keeps the width static).
    fixed_input_width = True

    def __init__(self, img_size: Sequence[int] = (32, 100),
                 in_channels: int = 3,
                 embed_dims: Sequence[int] = (64, 128, 256),
                 depth: Sequence[int] = (3, 6, 3),
                 num_heads: Sequence[int] = (2, 4, 8),
                 mixer_types: Sequence[str] = ('Local', ) * 6 + ('Global', ) * 6,
                 window_size: Sequence[Sequence[int]] = ((7, 11), (7, 11), (7, 11)),
                 merging_types: str = 'Conv', mlp_ratio: float = 4,
                 qkv_bias: bool = True, qk_scale: float | None = None,
                 drop_rate: float = 0., last_drop: float = 0.1,
                 attn_drop_rate: float = 0., drop_path_rate: float = 0.1,
                 out_channels: int = 192, max_seq_len: int = 25,
                 num_layers: int = 2, prenorm: bool = True):
        super().__init__()
        self.img_size = tuple(int(s) for s in img_size)
        patch = 2**num_layers
        if len(self.img_size) != 2 or min(self.img_size) < patch:
            raise InvalidValueError(
                f'img_size must be (H, W) of at least the patch size '
                f'{patch}x{patch} (num_layers={num_layers}), got {tuple(img_size)}')
        for name, value in (('embed_dims', embed_dims), ('depth', depth),
                            ('num_heads', num_heads),
                            ('window_size', window_size)):
            if len(value) != 3:
                raise InvalidValueError(f'{name} must have 3 stages, got {value}')
        if len(mixer_types) != sum(depth):
            raise InvalidValueError(
                f'mixer_types must name sum(depth)={sum(depth)} mixers, '
                f'got {len(mixer_types)}')
        for dims, heads in zip(embed_dims, num_heads):
            if dims % heads:
                raise InvalidValueError(
                    f'embed_dims {tuple(embed_dims)} must be divisible by '
                    f'num_heads {tuple(num_heads)}')
        self.embed_dims = tuple(embed_dims)
        self.out_channels = out_channels
        self.prenorm = prenorm
        self.merging_types = merging_types
        self.patch_size = patch
        height, width = self.img_size
        for _ in range(num_layers):
            height, width = _halved(height), _halved(width)
        # the patch grid of each stage: the merging blocks halve the height
        self.stage_shapes = [(height, width), (_halved(height), width),
                             (_halved(_halved(height)), width)]
        self.patch_embed = OverlapPatchEmbed(in_channels, embed_dims[0],
                                             num_layers)
        self.absolute_pos_embed = nn.Parameter(
            torch.zeros(1, height * width, embed_dims[0]))
        self.pos_drop = nn.Dropout(drop_rate)
        rates = torch.linspace(0, drop_path_rate, sum(depth)).tolist()
        first = [0, depth[0], depth[0] + depth[1]]

        def stage(i: int) -> nn.ModuleList:
            return nn.ModuleList(MixingBlock(
                embed_dims[i], num_heads[i], mixer_types[first[i] + j],
                window_size[i], self.stage_shapes[i], mlp_ratio, qkv_bias,
                qk_scale, drop_rate, attn_drop_rate, rates[first[i] + j],
                prenorm) for j in range(depth[i]))

        self.blocks1 = stage(0)
        self.downsample1 = MergingBlock(embed_dims[0], embed_dims[1],
                                        merging_types, stride=(2, 1))
        self.blocks2 = stage(1)
        self.downsample2 = MergingBlock(embed_dims[1], embed_dims[2],
                                        merging_types, stride=(2, 1))
        self.blocks3 = stage(2)
        self.layer_norm = nn.LayerNorm(embed_dims[2], eps=1e-6)
        self.avgpool = nn.AdaptiveAvgPool2d((1, max_seq_len))
        self.last_conv = nn.Conv2d(embed_dims[2], out_channels, kernel_size=1,
                                   bias=False)
        self.hardwish = nn.Hardswish()
        self.dropout = nn.Dropout(p=last_drop)
        self.init_weights()

    def init_weights(self) -> None:
        """Truncated-normal (std 0.02) position embedding and linear weights,
        zero linear biases, unit layer norms, Kaiming-normal convs."""
        nn.init.trunc_normal_(self.absolute_pos_embed, std=0.02)
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.trunc_normal_(m.weight, std=0.02)
                if m.bias is not None:
                    nn.init.zeros_(m.bias)
            elif isinstance(m, nn.LayerNorm):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)
            elif isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode='fan_out',
                                        nonlinearity='relu')

    def _grid(self, x: torch.Tensor, stage: int) -> torch.Tensor:
        """``(N, H*W, C)`` tokens of ``stage`` -> ``(N, C, H, W)``."""
        return x.transpose(1, 2).reshape(x.size(0), self.embed_dims[stage],
                                         *self.stage_shapes[stage])

    def forward_features(self, x: torch.Tensor) -> torch.Tensor:
        """Image ``(N, C, *img_size)`` -> last-stage tokens
        ``(N, H3*W3, embed_dims[2])``."""
        size = tuple(x.shape[2:])
        if x.dim() != 4 or size != self.img_size:
            small = ' (smaller than a patch)' if min(size, default=0) < \
                self.patch_size else ''
            raise InvalidValueError(
                f'SVTREncoder expects images of img_size {self.img_size} '
                f'(patches of {self.patch_size}x{self.patch_size}), got '
                f'{"x".join(map(str, size))}{small}; resize to img_size')
        x = self.pos_drop(self.patch_embed(x) + self.absolute_pos_embed)
        for blk in self.blocks1:
            x = blk(x)
        x = self.downsample1(self._grid(x, 0))
        for blk in self.blocks2:
            x = blk(x)
        x = self.downsample2(self._grid(x, 1))
        for blk in self.blocks3:
            x = blk(x)
        return x if self.prenorm else self.layer_norm(x)

    def forward(self, x: torch.Tensor, img_metas=None) -> torch.Tensor:
        x = self.avgpool(self._grid(self.forward_features(x), 2))
        return self.dropout(self.hardwish(self.last_conv(x)))
