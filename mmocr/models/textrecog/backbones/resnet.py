"""MMOCR 0.x's configurable recognition ResNet (``ResNet`` of
``textrecog/backbones/resnet.py``: ResNet-31 as MASTER builds it, with
plugins), not the detection ``mmdet.ResNet``."""
from __future__ import annotations

from typing import Sequence

import torch
from torch import nn

from mmocr.models.common.layers import BaseModule, ConvModule, build_plugin_layer
from mmocr.registry import BACKBONES, check_kwargs
from mmocr.utils.check_argument import is_type_list
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

from ..layers import BasicBlock

__all__ = ['ResNet']

_BLOCKS = {'BasicBlock': BasicBlock}
@BACKBONES.register_module()
class ResNet(BaseModule):
    """General recognition ResNet (ResNet-31, MASTER's ResNet-31 with
    ``GCAModule``): stem convs, then stages of residual blocks, each with
    optional plugins before and after it.

    ``(N, in_channels, H, W)`` -> ``(N, arch_channels[-1], H', W')`` (the
    strides and the pooling plugins set ``H'``, ``W'``; MASTER's config maps
    48x160 to 6x40), or a tuple of the stages in ``out_indices``.

    Args:
        in_channels: Image channels.
        stem_channels: Channels of each stem conv (3x3, BN, ReLU), an int
            for one.
        block_cfgs: The block, ``dict(type='BasicBlock', ...)``; other keys
            go to every block (``use_conv1x1``, ``plugins``: see
            :class:`~mmocr.models.textrecog.layers.BasicBlock`).
        arch_layers: Blocks per stage.
        arch_channels: Output channels per stage.
        strides: Stride (int or ``(h, w)``) of each stage's first block; a
            1x1 conv + BN shortcut is added where the stride is not 1 or the
            channels change.
        out_indices: Stages to return (a tuple); ``None``: the last output.
        plugins: ``dict(cfg=<plugin config>, stages=<one bool per stage>,
            position='before_stage' | 'after_stage')``: the plugin runs
            before / after each stage set in ``stages``, built with
            ``in_channels = out_channels = arch_channels[stage]`` and named
            ``<abbr>_before_stage_<i>`` / ``<abbr>_after_stage_<i>``
            (``maxpool2d_before_stage_1``, ``conv_block_after_stage_1``: MMOCR
            0.x's names). The plugins of one position run in order, each on
            the previous one's output.
        init_cfg: Initialisers, mmcv's ``Xavier``, ``Kaiming`` or
            ``Constant`` with ``layer='Conv2d'`` or ``'BatchNorm2d'`` (or
            ``Pretrained``), applied in order when built and by
            ``init_weights``.
    """

    def __init__(self, in_channels: int,
                 stem_channels: int | Sequence[int],
                 block_cfgs: dict, arch_layers: Sequence[int],
                 arch_channels: Sequence[int],
                 strides: Sequence[int] | Sequence[tuple[int, int]],
                 out_indices: Sequence[int] | None = None,
                 plugins: Sequence[dict] | None = None,
                 init_cfg: dict | Sequence[dict] | None = (
                     dict(type='Xavier', layer='Conv2d'),
                     dict(type='Constant', val=1, layer='BatchNorm2d'))):
        super().__init__()
        if not isinstance(in_channels, int):
            raise InvalidTypeError(f'ResNet: in_channels must be an int, got '
                                   f'{in_channels!r}')
        if not (isinstance(stem_channels, int)
                or is_type_list(stem_channels, int)):
            raise InvalidTypeError('ResNet: stem_channels must be an int or a '
                                   f'list of ints, got {stem_channels!r}')
        if not (is_type_list(arch_layers, int)
                and is_type_list(arch_channels, int)
                and (is_type_list(strides, int)
                     or is_type_list(strides, tuple))):
            raise InvalidTypeError(
                'ResNet: arch_layers and arch_channels must be lists of ints '
                'and strides a list of ints or of tuples')
        if not len(arch_layers) == len(arch_channels) == len(strides):
            raise InvalidValueError(
                f'ResNet: arch_layers ({len(arch_layers)}), arch_channels '
                f'({len(arch_channels)}) and strides ({len(strides)}) must '
                'have one entry per stage')
        if out_indices is not None and not isinstance(out_indices,
                                                      (list, tuple)):
            raise InvalidTypeError(f'ResNet: out_indices must be a list or tuple, '
                                   f'got {out_indices!r}')
        if block_cfgs.get('type') not in _BLOCKS:
            raise InvalidValueError(f'ResNet: block type {block_cfgs.get("type")!r} '
                                    f'is not implemented; known: {list(_BLOCKS)}')
        check_kwargs(_BLOCKS[block_cfgs['type']],
                     {k: v for k, v in block_cfgs.items() if k != 'type'},
                     f'{block_cfgs["type"]} (ResNet block_cfgs)',
                     owner_type=block_cfgs['type'])
        self.out_indices = out_indices
        self.num_stages = len(arch_layers)
        self.arch_channels = list(arch_channels)

        stems = [stem_channels] if isinstance(stem_channels, int) \
            else list(stem_channels)
        layers, channels = [], in_channels
        for out in stems:
            layers.append(ConvModule(channels, out, kernel_size=3, stride=1,
                                     padding=1, bias=False,
                                     norm_cfg=dict(type='BN'),
                                     act_cfg=dict(type='ReLU')))
            channels = out
        self.stem_layers = nn.Sequential(*layers)

        self.plugin_ahead_names: list[list[str]] = []
        self.plugin_after_names: list[list[str]] = []
        self.res_layers = []
        for i, num_blocks in enumerate(arch_layers):
            self._make_stage_plugins(plugins or [], i)
            layer_name = f'layer{i + 1}'
            self.add_module(layer_name, self._make_layer(
                block_cfgs, channels, arch_channels[i], num_blocks,
                strides[i]))
            self.res_layers.append(layer_name)
            channels = arch_channels[i]
        self.setup_init(init_cfg)

    @staticmethod
    def _make_layer(block_cfgs: dict, inplanes: int, planes: int,
                    blocks: int, stride: int | tuple[int, int]
                    ) -> nn.Sequential:
        stride = (stride, stride) if isinstance(stride, int) else tuple(stride)
        kwargs = {k: v for k, v in block_cfgs.items() if k != 'type'}
        block = _BLOCKS[block_cfgs['type']]
        downsample = None
        if stride != (1, 1) or inplanes != planes:
            downsample = ConvModule(inplanes, planes, 1, stride,
                                    norm_cfg=dict(type='BN'), act_cfg=None)
        layers = [block(inplanes, planes, stride=stride,
                        downsample=downsample, **kwargs)]
        layers += [block(planes, planes, **kwargs) for _ in range(1, blocks)]
        return nn.Sequential(*layers)

    def _make_stage_plugins(self, plugins: Sequence[dict],
                            stage_idx: int) -> None:
        channels = self.arch_channels[stage_idx]
        ahead: list[str] = []
        after: list[str] = []
        for plugin in plugins:
            stages = plugin.get('stages')
            if stages is None or len(stages) != self.num_stages:
                raise InvalidValueError(
                    f'ResNet: a plugin needs "stages" with {self.num_stages} '
                    f'entries, got {stages!r}')
            if not stages[stage_idx]:
                continue
            position = plugin.get('position')
            if position not in ('before_stage', 'after_stage'):
                raise InvalidValueError('ResNet: plugin position must be '
                                        'before_stage or after_stage, got '
                                        f'{position!r}')
            name, layer = build_plugin_layer(
                plugin['cfg'], f'_{position}_{stage_idx + 1}',
                in_channels=channels, out_channels=channels)
            self.add_module(name, layer)
            (ahead if position == 'before_stage' else after).append(name)
        self.plugin_ahead_names.append(ahead)
        self.plugin_after_names.append(after)

    def forward_plugin(self, x: torch.Tensor,
                       plugin_names: Sequence[str]) -> torch.Tensor:
        for name in plugin_names:
            x = getattr(self, name)(x)
        return x

    def forward(self, x: torch.Tensor
                ) -> torch.Tensor | tuple[torch.Tensor, ...]:
        x = self.stem_layers(x)
        outs = []
        for i, layer_name in enumerate(self.res_layers):
            x = self.forward_plugin(x, self.plugin_ahead_names[i])
            x = getattr(self, layer_name)(x)
            x = self.forward_plugin(x, self.plugin_after_names[i])
            if self.out_indices and i in self.out_indices:
                outs.append(x)
        return tuple(outs) if self.out_indices else x
