"""U-Net backbone (mmseg's ``UNet``, used by SDMGR's visual branch).

Also registers the two upsample layers the decoder can use,
:class:`InterpConv` and :class:`DeconvModule`, in ``UPSAMPLE_LAYERS``.
Module names follow mmseg so that MMOCR 0.x checkpoints load unchanged.
"""
from __future__ import annotations

from typing import Sequence

import torch
import torch.nn.functional as F
import torch.utils.checkpoint as cp
from torch import nn
from torch.nn.modules.batchnorm import _BatchNorm

from mmocr.models.builder import build_upsample_layer
from mmocr.models.common.layers.conv_module import (
    ConvModule,
    build_activation_layer,
    build_norm_layer,
)
from mmocr.models.common.layers.weight_init import BaseModule, init_by_cfg
from mmocr.registry import BACKBONES, UPSAMPLE_LAYERS
from mmocr.utils.errors import InvalidValueError

__all__ = ['UNet', 'InterpConv', 'DeconvModule', 'BasicConvBlock',
           'UpConvBlock']


def _run(module: nn.Module, x: torch.Tensor, with_cp: bool) -> torch.Tensor:
    """Run ``module``, through gradient checkpointing when asked."""
    if with_cp and x.requires_grad:
        return cp.checkpoint(module, x, use_reentrant=False)
    return module(x)


class BasicConvBlock(nn.Module):
    """``num_convs`` 3x3 ConvModules: ``(N, in_channels, H, W)`` ->
    ``(N, out_channels, H / stride, W / stride)``.

    The first conv carries the stride (and no dilation); the others the
    dilation.
    """

    def __init__(self, in_channels: int, out_channels: int, num_convs: int = 2,
                 stride: int = 1, dilation: int = 1, with_cp: bool = False,
                 conv_cfg: dict | None = None,
                 norm_cfg: dict | None = dict(type='BN'),
                 act_cfg: dict | None = dict(type='ReLU'),
                 dcn: dict | None = None, plugins: dict | None = None):
        super().__init__()
        _check_unsupported(dcn, plugins)
        self.with_cp = with_cp
        self.convs = nn.Sequential(*[
            ConvModule(in_channels if i == 0 else out_channels, out_channels,
                       kernel_size=3, stride=stride if i == 0 else 1,
                       dilation=1 if i == 0 else dilation,
                       padding=1 if i == 0 else dilation, conv_cfg=conv_cfg,
                       norm_cfg=norm_cfg, act_cfg=act_cfg)
            for i in range(num_convs)
        ])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return _run(self.convs, x, self.with_cp)


@UPSAMPLE_LAYERS.register_module()
class DeconvModule(nn.Module):
    """Transposed conv -> norm -> activation, upsampling by ``scale_factor``.

    ``(N, in_channels, H, W)`` -> ``(N, out_channels, H * s, W * s)``.
    """

    def __init__(self, in_channels: int, out_channels: int,
                 with_cp: bool = False, norm_cfg: dict = dict(type='BN'),
                 act_cfg: dict = dict(type='ReLU'), *, kernel_size: int = 4,
                 scale_factor: int = 2):
        super().__init__()
        if kernel_size < scale_factor or (kernel_size - scale_factor) % 2:
            raise InvalidValueError(
                'DeconvModule needs kernel_size - scale_factor to be even and '
                f'>= 0, got kernel_size={kernel_size}, '
                f'scale_factor={scale_factor}')
        self.with_cp = with_cp
        deconv = nn.ConvTranspose2d(in_channels, out_channels,
                                    kernel_size=kernel_size,
                                    stride=scale_factor,
                                    padding=(kernel_size - scale_factor) // 2)
        _, norm = build_norm_layer(norm_cfg, out_channels)
        self.deconv_upsamping = nn.Sequential(deconv, norm,
                                              build_activation_layer(act_cfg))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return _run(self.deconv_upsamping, x, self.with_cp)


class _Upsample(nn.Module):
    """Parameter-free ``F.interpolate`` as a module."""

    def __init__(self, scale_factor: float = 2, mode: str = 'bilinear',
                 align_corners: bool | None = False, size=None):
        super().__init__()
        self.size = size
        self.scale_factor = scale_factor
        self.mode = mode
        self.align_corners = align_corners

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        align = self.align_corners if self.mode in (
            'linear', 'bilinear', 'bicubic', 'trilinear') else None
        return F.interpolate(x, size=self.size,
                             scale_factor=None if self.size else
                             self.scale_factor, mode=self.mode,
                             align_corners=align)


@UPSAMPLE_LAYERS.register_module()
class InterpConv(nn.Module):
    """Interpolation upsampling followed (or preceded) by a ConvModule.

    ``(N, in_channels, H, W)`` -> ``(N, out_channels, 2H, 2W)`` with the
    default ``upsample_cfg``.
    """

    def __init__(self, in_channels: int, out_channels: int,
                 with_cp: bool = False, norm_cfg: dict | None = dict(type='BN'),
                 act_cfg: dict | None = dict(type='ReLU'), *,
                 conv_cfg: dict | None = None, conv_first: bool = False,
                 kernel_size: int = 1, stride: int = 1, padding: int = 0,
                 upsample_cfg: dict = dict(scale_factor=2, mode='bilinear',
                                           align_corners=False)):
        super().__init__()
        self.with_cp = with_cp
        conv = ConvModule(in_channels, out_channels, kernel_size=kernel_size,
                          stride=stride, padding=padding, conv_cfg=conv_cfg,
                          norm_cfg=norm_cfg, act_cfg=act_cfg)
        upsample = _Upsample(**upsample_cfg)
        layers = (conv, upsample) if conv_first else (upsample, conv)
        self.interp_upsample = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return _run(self.interp_upsample, x, self.with_cp)


class UpConvBlock(nn.Module):
    """Decoder stage: upsample ``x``, concatenate the skip, convolve.

    ``skip`` ``(N, skip_channels, H, W)`` and ``x`` ``(N, in_channels, H', W')``
    (``H' = H / 2`` when upsampling) -> ``(N, out_channels, H, W)``.
    """

    def __init__(self, conv_block: type, in_channels: int, skip_channels: int,
                 out_channels: int, num_convs: int = 2, stride: int = 1,
                 dilation: int = 1, with_cp: bool = False,
                 conv_cfg: dict | None = None,
                 norm_cfg: dict | None = dict(type='BN'),
                 act_cfg: dict | None = dict(type='ReLU'),
                 upsample_cfg: dict | None = dict(type='InterpConv'),
                 dcn: dict | None = None, plugins: dict | None = None):
        super().__init__()
        _check_unsupported(dcn, plugins)
        self.conv_block = conv_block(
            in_channels=2 * skip_channels, out_channels=out_channels,
            num_convs=num_convs, stride=stride, dilation=dilation,
            with_cp=with_cp, conv_cfg=conv_cfg, norm_cfg=norm_cfg,
            act_cfg=act_cfg)
        if upsample_cfg is not None:
            self.upsample = build_upsample_layer(
                upsample_cfg, in_channels=in_channels,
                out_channels=skip_channels, with_cp=with_cp,
                norm_cfg=norm_cfg, act_cfg=act_cfg)
        else:
            self.upsample = ConvModule(in_channels, skip_channels,
                                       kernel_size=1, conv_cfg=conv_cfg,
                                       norm_cfg=norm_cfg, act_cfg=act_cfg)

    def forward(self, skip: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        x = self.upsample(x)
        return self.conv_block(torch.cat([skip, x], dim=1))


def _check_unsupported(dcn, plugins) -> None:
    if dcn is not None:
        raise NotImplementedError('UNet: deformable convolutions (dcn) are '
                                  'not supported; set dcn=None')
    if plugins is not None:
        raise NotImplementedError('UNet: plugins are not supported; set '
                                  'plugins=None')


@BACKBONES.register_module()
class UNet(BaseModule):
    """U-Net: Convolutional Networks for Biomedical Image Segmentation.

    Input ``(N, in_channels, H, W)`` with ``H`` and ``W`` divisible by the
    encoder's total downsample rate (see :meth:`_check_input_divisible`).
    Output: a list of ``num_stages`` decoder feature maps, coarsest first;
    the last one is ``(N, base_channels, H / strides[0], W / strides[0])``.

    Args:
        in_channels: Input image channels.
        base_channels: Channels of the first stage; stage ``i`` has
            ``base_channels * 2**i``.
        num_stages: Encoder stages.
        strides: Stride of each encoder stage (1 or 2); a stride of 2 replaces
            the max-pool of that stage.
        enc_num_convs: Convs per encoder stage.
        dec_num_convs: Convs per decoder stage (``num_stages - 1``).
        downsamples: Whether encoder stages ``1..num_stages-1`` max-pool.
        enc_dilations: Dilation per encoder stage.
        dec_dilations: Dilation per decoder stage.
        with_cp: Gradient checkpointing (saves memory, slower).
        conv_cfg, norm_cfg, act_cfg: Layer configs for every ConvModule.
        upsample_cfg: Upsample layer of the decoder (``InterpConv`` or
            ``DeconvModule``).
        norm_eval: Keep norm layers in eval mode during training.
        dcn, plugins: Not supported; must be ``None``.
        init_cfg: mmcv's init config, applied after the own initialisation
            (Kaiming ConvModules, norm layers ones/zeros) when built and by
            :meth:`init_weights` (e.g. ``Pretrained``).
    """

    def __init__(self, in_channels: int = 3, base_channels: int = 64,
                 num_stages: int = 5, strides: Sequence[int] = (1, 1, 1, 1, 1),
                 enc_num_convs: Sequence[int] = (2, 2, 2, 2, 2),
                 dec_num_convs: Sequence[int] = (2, 2, 2, 2),
                 downsamples: Sequence[bool] = (True, True, True, True),
                 enc_dilations: Sequence[int] = (1, 1, 1, 1, 1),
                 dec_dilations: Sequence[int] = (1, 1, 1, 1),
                 with_cp: bool = False, conv_cfg: dict | None = None,
                 norm_cfg: dict | None = dict(type='BN'),
                 act_cfg: dict | None = dict(type='ReLU'),
                 upsample_cfg: dict = dict(type='InterpConv'),
                 norm_eval: bool = False, dcn: dict | None = None,
                 plugins: dict | None = None, init_cfg=None):
        super().__init__()
        _check_unsupported(dcn, plugins)
        for name, value, length in (
                ('strides', strides, num_stages),
                ('enc_num_convs', enc_num_convs, num_stages),
                ('dec_num_convs', dec_num_convs, num_stages - 1),
                ('downsamples', downsamples, num_stages - 1),
                ('enc_dilations', enc_dilations, num_stages),
                ('dec_dilations', dec_dilations, num_stages - 1)):
            if len(value) != length:
                raise InvalidValueError(f'UNet: {name} must have {length} entries '
                                        f'for num_stages={num_stages}, got {value}')
        self.num_stages = num_stages
        self.strides = tuple(strides)
        self.downsamples = tuple(downsamples)
        self.norm_eval = norm_eval
        self.base_channels = base_channels
        self.encoder = nn.ModuleList()
        self.decoder = nn.ModuleList()
        layer_cfg = dict(with_cp=with_cp, conv_cfg=conv_cfg, norm_cfg=norm_cfg,
                         act_cfg=act_cfg)
        for i in range(num_stages):
            stage: list[nn.Module] = []
            if i != 0:
                if strides[i] == 1 and downsamples[i - 1]:
                    stage.append(nn.MaxPool2d(kernel_size=2))
                upsample = strides[i] != 1 or downsamples[i - 1]
                self.decoder.append(UpConvBlock(
                    conv_block=BasicConvBlock,
                    in_channels=base_channels * 2**i,
                    skip_channels=base_channels * 2**(i - 1),
                    out_channels=base_channels * 2**(i - 1),
                    num_convs=dec_num_convs[i - 1], stride=1,
                    dilation=dec_dilations[i - 1],
                    upsample_cfg=upsample_cfg if upsample else None,
                    **layer_cfg))
            stage.append(BasicConvBlock(
                in_channels=in_channels, out_channels=base_channels * 2**i,
                num_convs=enc_num_convs[i], stride=strides[i],
                dilation=enc_dilations[i], **layer_cfg))
            self.encoder.append(nn.Sequential(*stage))
            in_channels = base_channels * 2**i
        self.setup_init(init_cfg)

    def forward(self, x: torch.Tensor) -> list[torch.Tensor]:
        self._check_input_divisible(x)
        enc_outs = []
        for enc in self.encoder:
            x = enc(x)
            enc_outs.append(x)
        dec_outs = [x]
        for i in reversed(range(len(self.decoder))):
            x = self.decoder[i](enc_outs[i], x)
            dec_outs.append(x)
        return dec_outs

    def _check_input_divisible(self, x: torch.Tensor) -> None:
        """The input size must be divisible by the product of all the
        encoder's downsampling factors (2 per strided or max-pooled stage)."""
        h, w = x.shape[-2:]
        rate = 1
        for i in range(1, self.num_stages):
            if self.strides[i] == 2 or self.downsamples[i - 1]:
                rate *= 2
        if h % rate or w % rate:
            raise InvalidValueError(
                f'UNet: input size {(h, w)} must be divisible by the whole '
                f'downsample rate {rate} (strides={self.strides}, '
                f'downsamples={self.downsamples}); pad the image, e.g. '
                f'Pad(size_divisor={rate})')

    def init_weights(self, pretrained: str | None = None) -> None:
        """:meth:`default_init`, then ``pretrained`` (a checkpoint's
        ``state_dict``, non-strict), then ``init_cfg``."""
        self.default_init()
        if pretrained is not None:
            state = torch.load(pretrained, map_location='cpu',
                               weights_only=True)
            self.load_state_dict(state.get('state_dict', state), strict=False)
        init_by_cfg(self, self.init_cfg)

    def default_init(self) -> None:
        """Kaiming-initialise convs and reset norm layers."""
        for module in self.modules():
            if isinstance(module, ConvModule):
                module.init_weights()
            elif isinstance(module, nn.ConvTranspose2d):
                nn.init.kaiming_normal_(module.weight, mode='fan_out',
                                        nonlinearity='relu')
                nn.init.zeros_(module.bias)
            elif isinstance(module, (_BatchNorm, nn.GroupNorm)) and \
                    module.weight is not None:
                nn.init.ones_(module.weight)
                nn.init.zeros_(module.bias)

    def train(self, mode: bool = True) -> UNet:
        """Set train mode, keeping norm layers frozen when ``norm_eval``."""
        super().train(mode)
        if mode and self.norm_eval:
            for module in self.modules():
                if isinstance(module, _BatchNorm):
                    module.eval()
        return self
