"""MMDetection's ResNet backbone (``mmdet.ResNet``), used by text detectors.

Layer names follow torchvision/mmdet (``conv1``, ``bn1``, ``layer1.0.conv2``,
...), so torchvision and MMDetection checkpoints load unchanged.
"""
from __future__ import annotations

import glob
import logging
import os
import warnings
from typing import Sequence

import torch
import torch.utils.checkpoint as cp
from torch import nn
from torch.nn.modules.batchnorm import _BatchNorm

from mmocr.models.common.layers import build_conv_layer, build_norm_layer
from mmocr.registry import BACKBONES, UnknownKeyError
from mmocr.utils.checkpoint import load_checkpoint
from mmocr.utils.errors import InvalidValueError

__all__ = ['BasicBlock', 'Bottleneck', 'ResLayer', 'ResNet', 'ResNetV1d']

logger = logging.getLogger(__name__)


def _split_dcn(dcn: dict | None) -> tuple[dict | None, bool]:
    """Split mmdet's ``dcn`` dict into a conv config and ``fallback_on_stride``."""
    if dcn is None:
        return None, False
    dcn = dict(dcn)
    fallback_on_stride = dcn.pop('fallback_on_stride', False)
    return dcn, fallback_on_stride


class _ResBlock(nn.Module):
    """What both residual blocks share: their first two norm layers under
    mmdet's names (``bn1``, ``bn2``) and the forward pass, ``relu(residual(x)
    + shortcut(x))``, optionally checkpointed (``with_cp``) to save memory."""

    @property
    def norm1(self) -> nn.Module:
        return getattr(self, self.norm1_name)

    @property
    def norm2(self) -> nn.Module:
        return getattr(self, self.norm2_name)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.with_cp and x.requires_grad:
            out = cp.checkpoint(self._residual, x, use_reentrant=False)
        else:
            out = self._residual(x)
        return self.relu(out)


class BasicBlock(_ResBlock):
    """Two 3x3 convs with an identity shortcut (ResNet-18/34).

    Input ``(N, inplanes, H, W)``, output ``(N, planes, H / stride, W / stride)``.
    """

    expansion = 1

    def __init__(self, inplanes: int, planes: int, stride: int = 1,
                 dilation: int = 1, downsample: nn.Module | None = None,
                 style: str = 'pytorch', with_cp: bool = False,
                 conv_cfg: dict | None = None,
                 norm_cfg: dict = dict(type='BN'), dcn: dict | None = None,
                 plugins: list | None = None):
        super().__init__()
        if dcn is not None:
            raise NotImplementedError('DCN is not supported in BasicBlock '
                                      '(ResNet-18/34); use depth >= 50')
        if plugins is not None:
            raise NotImplementedError('ResNet plugins are not supported')
        self.norm1_name, norm1 = build_norm_layer(norm_cfg, planes, postfix=1)
        self.norm2_name, norm2 = build_norm_layer(norm_cfg, planes, postfix=2)
        self.conv1 = build_conv_layer(conv_cfg, inplanes, planes, 3,
                                      stride=stride, padding=dilation,
                                      dilation=dilation, bias=False)
        self.add_module(self.norm1_name, norm1)
        self.conv2 = build_conv_layer(conv_cfg, planes, planes, 3, padding=1,
                                      bias=False)
        self.add_module(self.norm2_name, norm2)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample
        self.stride = stride
        self.dilation = dilation
        self.with_cp = with_cp

    @property
    def last_norm(self) -> nn.Module:
        return self.norm2

    def _residual(self, x: torch.Tensor) -> torch.Tensor:
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.norm1(self.conv1(x)))
        out = self.norm2(self.conv2(out))
        return out + identity



class Bottleneck(_ResBlock):
    """1x1 -> 3x3 -> 1x1 bottleneck block (ResNet-50/101/152).

    ``style='pytorch'`` puts the stride on the 3x3 conv, ``'caffe'`` on the
    first 1x1 conv. ``dcn`` (e.g. ``dict(type='DCNv2', deform_groups=1)``)
    replaces the 3x3 conv by a deformable one.
    Input ``(N, inplanes, H, W)``, output ``(N, 4 * planes, H / s, W / s)``.
    """

    expansion = 4

    def __init__(self, inplanes: int, planes: int, stride: int = 1,
                 dilation: int = 1, downsample: nn.Module | None = None,
                 style: str = 'pytorch', with_cp: bool = False,
                 conv_cfg: dict | None = None,
                 norm_cfg: dict = dict(type='BN'), dcn: dict | None = None,
                 plugins: list | None = None):
        super().__init__()
        if style not in ('pytorch', 'caffe'):
            raise InvalidValueError(
                f"style must be 'pytorch' or 'caffe', got {style!r}")
        if plugins is not None:
            raise NotImplementedError('ResNet plugins are not supported')
        dcn, fallback_on_stride = _split_dcn(dcn)
        self.with_dcn = dcn is not None
        self.inplanes = inplanes
        self.planes = planes
        self.stride = stride
        self.dilation = dilation
        self.style = style
        self.with_cp = with_cp
        self.conv1_stride, self.conv2_stride = (
            (1, stride) if style == 'pytorch' else (stride, 1))

        self.norm1_name, norm1 = build_norm_layer(norm_cfg, planes, postfix=1)
        self.norm2_name, norm2 = build_norm_layer(norm_cfg, planes, postfix=2)
        self.norm3_name, norm3 = build_norm_layer(
            norm_cfg, planes * self.expansion, postfix=3)

        self.conv1 = build_conv_layer(conv_cfg, inplanes, planes, 1,
                                      stride=self.conv1_stride, bias=False)
        self.add_module(self.norm1_name, norm1)
        if self.with_dcn and not fallback_on_stride:
            if conv_cfg is not None:
                raise InvalidValueError('conv_cfg must be None when dcn is set')
            conv2_cfg = dcn
        else:
            conv2_cfg = conv_cfg
        self.conv2 = build_conv_layer(conv2_cfg, planes, planes, 3,
                                      stride=self.conv2_stride,
                                      padding=dilation, dilation=dilation,
                                      bias=False)
        self.add_module(self.norm2_name, norm2)
        self.conv3 = build_conv_layer(conv_cfg, planes,
                                      planes * self.expansion, 1, bias=False)
        self.add_module(self.norm3_name, norm3)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample

    @property
    def norm3(self) -> nn.Module:
        return getattr(self, self.norm3_name)

    @property
    def last_norm(self) -> nn.Module:
        return self.norm3

    def _residual(self, x: torch.Tensor) -> torch.Tensor:
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.norm1(self.conv1(x)))
        out = self.relu(self.norm2(self.conv2(out)))
        out = self.norm3(self.conv3(out))
        return out + identity



class ResLayer(nn.Sequential):
    """A stage of ``num_blocks`` residual blocks; the first one may downsample.

    ``avg_down=True`` downsamples the shortcut by average pooling followed by a
    1x1 conv (ResNet-D) instead of a strided 1x1 conv.
    """

    def __init__(self, block: type, inplanes: int, planes: int,
                 num_blocks: int, stride: int = 1, dilation: int = 1,
                 avg_down: bool = False, conv_cfg: dict | None = None,
                 norm_cfg: dict = dict(type='BN'), **block_kwargs):
        downsample = None
        out_planes = planes * block.expansion
        if stride != 1 or inplanes != out_planes:
            layers: list[nn.Module] = []
            conv_stride = stride
            if avg_down and stride != 1:
                conv_stride = 1
                layers.append(nn.AvgPool2d(kernel_size=stride, stride=stride,
                                           ceil_mode=True,
                                           count_include_pad=False))
            layers += [
                build_conv_layer(conv_cfg, inplanes, out_planes, 1,
                                 stride=conv_stride, bias=False),
                build_norm_layer(norm_cfg, out_planes)[1]
            ]
            downsample = nn.Sequential(*layers)
        blocks = [block(inplanes, planes, stride=stride, dilation=dilation,
                        downsample=downsample, conv_cfg=conv_cfg,
                        norm_cfg=norm_cfg, **block_kwargs)]
        blocks += [block(out_planes, planes, stride=1, dilation=dilation,
                         conv_cfg=conv_cfg, norm_cfg=norm_cfg, **block_kwargs)
                   for _ in range(1, num_blocks)]
        super().__init__(*blocks)


@BACKBONES.register_module(name='mmdet.ResNet')
class ResNet(nn.Module):
    """ResNet backbone as in MMDetection (``mmdet.ResNet``).

    Input ``(N, in_channels, H, W)``; output a tuple with one feature map per
    index in ``out_indices``: stage ``i`` gives
    ``(N, base_channels * 2**i * expansion, H / 2**(i+2), W / 2**(i+2))`` with
    the default strides (expansion 1 for depth 18/34, 4 for 50/101/152).

    Args:
        depth: 18, 34, 50, 101 or 152.
        frozen_stages: Stages (``-1``: none, ``0``: the stem) whose parameters
            are frozen and whose norm layers stay in eval mode.
        norm_eval: Keep every BatchNorm in eval mode while training.
        dcn / stage_with_dcn: Deformable 3x3 convs in the chosen stages
            (Bottleneck only).
        init_cfg: ``dict(type='Pretrained', checkpoint=...)`` loads weights in
            :meth:`init_weights`: a local file, or ``torchvision://resnetXX``
            (or an URL) from the torch hub cache; nothing is downloaded.
            Weights that are not there are an error, unless the dict also
            sets ``allow_missing=True`` (then a warning is logged and the
            weights stay randomly initialised).
    """

    arch_settings = {
        18: (BasicBlock, (2, 2, 2, 2)),
        34: (BasicBlock, (3, 4, 6, 3)),
        50: (Bottleneck, (3, 4, 6, 3)),
        101: (Bottleneck, (3, 4, 23, 3)),
        152: (Bottleneck, (3, 8, 36, 3)),
    }

    def __init__(self, depth: int, in_channels: int = 3,
                 stem_channels: int | None = None, base_channels: int = 64,
                 num_stages: int = 4, strides: Sequence[int] = (1, 2, 2, 2),
                 dilations: Sequence[int] = (1, 1, 1, 1),
                 out_indices: Sequence[int] = (0, 1, 2, 3),
                 style: str = 'pytorch', deep_stem: bool = False,
                 avg_down: bool = False, frozen_stages: int = -1,
                 conv_cfg: dict | None = None,
                 norm_cfg: dict = dict(type='BN', requires_grad=True),
                 norm_eval: bool = True, dcn: dict | None = None,
                 stage_with_dcn: Sequence[bool] = (False, False, False, False),
                 plugins: list | None = None, with_cp: bool = False,
                 zero_init_residual: bool = True,
                 pretrained: str | None = None,
                 init_cfg: dict | list[dict] | None = None):
        super().__init__()
        if depth not in self.arch_settings:
            raise KeyError(f'invalid depth {depth} for ResNet; choose from '
                           f'{sorted(self.arch_settings)}')
        if not 1 <= num_stages <= 4:
            raise InvalidValueError(f'num_stages must be in [1, 4], got {num_stages}')
        if len(strides) < num_stages or len(dilations) < num_stages:
            raise InvalidValueError('strides and dilations need one entry per stage')
        if out_indices and max(out_indices) >= num_stages:
            raise InvalidValueError(f'out_indices {tuple(out_indices)} exceed '
                                    f'num_stages={num_stages}')
        if dcn is not None and len(stage_with_dcn) < num_stages:
            raise InvalidValueError('stage_with_dcn needs one entry per stage')
        if plugins is not None:
            raise NotImplementedError('ResNet plugins are not supported')
        if pretrained is not None:
            if init_cfg is not None:
                raise InvalidValueError('init_cfg and pretrained cannot both be set')
            warnings.warn('pretrained is deprecated, use init_cfg='
                          'dict(type="Pretrained", checkpoint=...)',
                          DeprecationWarning, stacklevel=2)
            init_cfg = dict(type='Pretrained', checkpoint=pretrained)
        for cfg in (init_cfg if isinstance(init_cfg, list) else [init_cfg]):
            if isinstance(cfg, dict) and cfg.get('type') == 'Pretrained':
                unknown = [k for k in cfg if k not in _PRETRAINED_KEYS]
                if unknown:
                    raise UnknownKeyError(
                        unknown, 'init_cfg Pretrained (ResNet)',
                        _PRETRAINED_KEYS, owner_type='Pretrained')
        self.init_cfg = init_cfg
        self.depth = depth
        self.stem_channels = stem_channels or base_channels
        self.base_channels = base_channels
        self.num_stages = num_stages
        self.out_indices = tuple(out_indices)
        self.style = style
        self.deep_stem = deep_stem
        self.avg_down = avg_down
        self.frozen_stages = frozen_stages
        self.norm_cfg = norm_cfg
        self.norm_eval = norm_eval
        self.zero_init_residual = zero_init_residual
        self.block, stage_blocks = self.arch_settings[depth]
        self.stage_blocks = stage_blocks[:num_stages]

        self._make_stem(in_channels, self.stem_channels, conv_cfg)
        self.inplanes = self.stem_channels
        self.res_layers: list[str] = []
        for i, num_blocks in enumerate(self.stage_blocks):
            planes = base_channels * 2**i
            res_layer = ResLayer(
                self.block, self.inplanes, planes, num_blocks,
                stride=strides[i], dilation=dilations[i], avg_down=avg_down,
                conv_cfg=conv_cfg, norm_cfg=norm_cfg, style=style,
                with_cp=with_cp, dcn=dcn if stage_with_dcn[i] else None)
            self.inplanes = planes * self.block.expansion
            name = f'layer{i + 1}'
            self.add_module(name, res_layer)
            self.res_layers.append(name)
        self.feat_dim = self.inplanes
        self._default_init()
        self._freeze_stages()

    @property
    def norm1(self) -> nn.Module:
        return getattr(self, self.norm1_name)

    def _make_stem(self, in_channels: int, stem_channels: int,
                   conv_cfg: dict | None) -> None:
        if self.deep_stem:
            half = stem_channels // 2
            layers: list[nn.Module] = []
            for cin, cout, stride in ((in_channels, half, 2), (half, half, 1),
                                      (half, stem_channels, 1)):
                layers += [
                    build_conv_layer(conv_cfg, cin, cout, 3, stride=stride,
                                     padding=1, bias=False),
                    build_norm_layer(self.norm_cfg, cout)[1],
                    nn.ReLU(inplace=True)
                ]
            self.stem = nn.Sequential(*layers)
        else:
            self.conv1 = build_conv_layer(conv_cfg, in_channels, stem_channels,
                                          7, stride=2, padding=3, bias=False)
            self.norm1_name, norm1 = build_norm_layer(self.norm_cfg,
                                                      stem_channels, postfix=1)
            self.add_module(self.norm1_name, norm1)
            self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)

    def _default_init(self) -> None:
        """Kaiming convs, unit norms; zero last norm of each block if asked."""
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode='fan_out',
                                        nonlinearity='relu')
            elif isinstance(m, (_BatchNorm, nn.GroupNorm)):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)
        for m in self.modules():
            # Deformable convs start as plain convs: zero offsets, mask 0.5.
            conv_offset = getattr(m, 'conv_offset', None)
            if isinstance(conv_offset, nn.Conv2d):
                nn.init.zeros_(conv_offset.weight)
                nn.init.zeros_(conv_offset.bias)
        if self.zero_init_residual:
            for m in self.modules():
                if isinstance(m, (BasicBlock, Bottleneck)):
                    nn.init.zeros_(m.last_norm.weight)

    def _freeze_stages(self) -> None:
        if self.frozen_stages < 0:
            return
        stem = self.stem if self.deep_stem else nn.ModuleList(
            [self.conv1, self.norm1])
        frozen = [stem] + [getattr(self, f'layer{i}')
                           for i in range(1, self.frozen_stages + 1)]
        for module in frozen:
            module.eval()
            for param in module.parameters():
                param.requires_grad = False

    def init_weights(self) -> None:
        """Load ``init_cfg``'s pretrained checkpoint when there is one.

        mmdet's default ``Kaiming``/``Constant`` entries are what the
        constructor already applies; other initialisers are rejected.
        """
        if self.init_cfg is None:
            return
        cfgs = self.init_cfg if isinstance(self.init_cfg, list) else [
            self.init_cfg]
        for cfg in cfgs:
            init_type = cfg.get('type')
            if init_type == 'Pretrained':
                self._load_pretrained(cfg)
            elif init_type not in ('Kaiming', 'Constant'):
                raise NotImplementedError(
                    f'ResNet init_cfg type {init_type!r} is not supported; '
                    "use dict(type='Pretrained', checkpoint=...)")

    def _load_pretrained(self, cfg: dict) -> None:
        checkpoint = cfg.get('checkpoint')
        if not checkpoint:
            raise KeyError('init_cfg of type Pretrained needs "checkpoint"')
        path = _resolve_checkpoint(checkpoint)
        if path is None:
            cache = os.path.join(torch.hub.get_dir(), 'checkpoints')
            if not cfg.get('allow_missing', False):
                raise FileNotFoundError(
                    f'ResNet pretrained weights {checkpoint} are not in the '
                    f'torch hub cache {cache} (nothing is downloaded): put '
                    'the file there, or train from scratch with init_cfg='
                    f"dict(type='Pretrained', checkpoint='{checkpoint}', "
                    'allow_missing=True) or init_cfg=None')
            logger.warning('pretrained weights %s are not in the torch hub '
                           'cache %s and allow_missing=True: ResNet is '
                           'trained from scratch', checkpoint, cache)
            return
        # torchvision's classifier (fc.*) is reported as unexpected, as mmcv
        # does when it loads torchvision weights into this backbone.
        load_checkpoint(self, path, map_location='cpu', logger=logger,
                        prefix=cfg.get('prefix'))
        self._freeze_stages()

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, ...]:
        if self.deep_stem:
            x = self.stem(x)
        else:
            x = self.relu(self.norm1(self.conv1(x)))
        x = self.maxpool(x)
        outs = []
        for i, name in enumerate(self.res_layers):
            x = getattr(self, name)(x)
            if i in self.out_indices:
                outs.append(x)
        return tuple(outs)

    def train(self, mode: bool = True) -> ResNet:
        """Switch mode, keeping frozen stages (and all norms if
        ``norm_eval``) in eval mode."""
        super().train(mode)
        self._freeze_stages()
        if mode and self.norm_eval:
            for m in self.modules():
                if isinstance(m, _BatchNorm):
                    m.eval()
        return self


@BACKBONES.register_module()
class ResNetV1d(ResNet):
    """ResNet-D: deep 3-conv stem and average-pool shortcut downsampling.

    Same arguments (except ``deep_stem`` and ``avg_down``, always True),
    input ``(N, in_channels, H, W)`` and outputs (one ``(N, C_i, H / s_i,
    W / s_i)`` map per ``out_indices`` stage) as :class:`ResNet`.
    """

    def __init__(self, **kwargs):
        super().__init__(deep_stem=True, avg_down=True, **kwargs)


# Keys of ``init_cfg=dict(type='Pretrained', ...)``: mmcv's, and
# ``allow_missing`` (weights that are not there are not an error).
_PRETRAINED_KEYS = ('type', 'checkpoint', 'prefix', 'map_location',
                    'allow_missing')


def _resolve_checkpoint(checkpoint: str) -> str | None:
    """Local path for ``checkpoint``, or ``None`` when it is not available.

    ``torchvision://resnet18`` maps to torchvision's file in the torch hub
    cache (``$TORCH_HOME/hub/checkpoints/resnet18-*.pth``).
    """
    if checkpoint.startswith('torchvision://'):
        name = checkpoint[len('torchvision://'):]
        pattern = os.path.join(torch.hub.get_dir(), 'checkpoints',
                               f'{name}-*.pth')
        matches = sorted(glob.glob(pattern))
        return matches[0] if matches else None
    if checkpoint.startswith(('http://', 'https://', 'open-mmlab://')):
        filename = os.path.basename(checkpoint.split('?')[0])
        path = os.path.join(torch.hub.get_dir(), 'checkpoints', filename)
        return path if os.path.isfile(path) else None
    path = os.path.expanduser(checkpoint)
    if not os.path.isfile(path):
        raise FileNotFoundError(f'pretrained checkpoint not found: {checkpoint}')
    return path
