"""Conv / norm / activation building blocks driven by mmcv-style configs.

``conv_cfg=dict(type='Conv2d')``, ``norm_cfg=dict(type='BN', requires_grad=True)``
and ``act_cfg=dict(type='ReLU')`` are accepted exactly as in MMOCR 0.x configs.
"""
from __future__ import annotations

import torch
from torch import nn

from mmocr.registry import (
    ACTIVATION_LAYERS,
    CONV_LAYERS,
    NORM_LAYERS,
    build_from_cfg,
    check_kwargs,
)
from mmocr.utils.errors import InvalidValueError

__all__ = ['ConvModule', 'build_conv_layer', 'build_norm_layer',
           'build_activation_layer']

for _name, _cls in [('Conv', nn.Conv2d), ('Conv2d', nn.Conv2d),
                    ('Conv1d', nn.Conv1d), ('Conv3d', nn.Conv3d)]:
    CONV_LAYERS.register_module(name=_name, module=_cls)

for _name, _cls in [('BN', nn.BatchNorm2d), ('BN1d', nn.BatchNorm1d),
                    ('BN2d', nn.BatchNorm2d), ('BN3d', nn.BatchNorm3d),
                    ('SyncBN', nn.SyncBatchNorm), ('IN', nn.InstanceNorm2d),
                    ('IN1d', nn.InstanceNorm1d), ('IN2d', nn.InstanceNorm2d),
                    ('LN', nn.LayerNorm)]:
    NORM_LAYERS.register_module(name=_name, module=_cls)

for _name, _cls in [('ReLU', nn.ReLU), ('LeakyReLU', nn.LeakyReLU),
                    ('PReLU', nn.PReLU), ('ReLU6', nn.ReLU6), ('ELU', nn.ELU),
                    ('Sigmoid', nn.Sigmoid), ('Tanh', nn.Tanh),
                    ('GELU', nn.GELU), ('SiLU', nn.SiLU), ('Swish', nn.SiLU),
                    ('HSwish', nn.Hardswish), ('HSigmoid', nn.Hardsigmoid),
                    ('Mish', nn.Mish)]:
    ACTIVATION_LAYERS.register_module(name=_name, module=_cls)


def build_conv_layer(cfg: dict | None, *args, **kwargs) -> nn.Module:
    """Build a convolution; ``None`` means ``nn.Conv2d``."""
    cfg = dict(type='Conv2d') if cfg is None else dict(cfg)
    layer_type = cfg.pop('type')
    layer_cls = CONV_LAYERS.get(layer_type)
    if layer_cls is None:
        raise KeyError(f'"{layer_type}" is not registered in registry '
                       f'"{CONV_LAYERS.name}"; known: '
                       f'{sorted(CONV_LAYERS.module_dict)}')
    check_kwargs(layer_cls, cfg, f'{layer_type} (registry "{CONV_LAYERS.name}")',
                 owner_type=layer_type)
    return layer_cls(*args, **kwargs, **cfg)


def build_norm_layer(cfg: dict, num_features: int,
                     postfix: int | str = '') -> tuple[str, nn.Module]:
    """Build a norm layer; return ``(name, layer)`` as mmcv does.

    ``GN`` takes ``num_groups``; ``requires_grad=False`` freezes the affine
    parameters.
    """
    cfg = dict(cfg)
    layer_type = cfg.pop('type')
    requires_grad = cfg.pop('requires_grad', True)
    cfg.setdefault('eps', 1e-5)
    if layer_type == 'GN':
        if 'num_groups' not in cfg:
            raise KeyError('norm_cfg of type GN needs "num_groups"')
        check_kwargs(nn.GroupNorm, cfg, 'GN (registry "norm layer")',
                     owner_type=layer_type)
        layer = nn.GroupNorm(num_channels=num_features, **cfg)
        abbr = 'gn'
    else:
        layer_cls = NORM_LAYERS.get(layer_type)
        if layer_cls is None:
            raise KeyError(f'unknown norm type "{layer_type}"; known: GN, '
                           f'{", ".join(sorted(NORM_LAYERS.module_dict))}')
        check_kwargs(layer_cls, cfg,
                     f'{layer_type} (registry "{NORM_LAYERS.name}")',
                     owner_type=layer_type)
        layer = layer_cls(num_features, **cfg)
        abbr = 'ln' if layer_type == 'LN' else (
            'in' if layer_type.startswith('IN') else 'bn')
    for param in layer.parameters():
        param.requires_grad = requires_grad
    return f'{abbr}{postfix}', layer


def build_activation_layer(cfg: dict) -> nn.Module:
    return build_from_cfg(dict(cfg), ACTIVATION_LAYERS)


class ConvModule(nn.Module):
    """Conv -> norm -> activation, each optional, in a configurable order.

    Input ``(N, in_channels, H, W)``, output ``(N, out_channels, H', W')``.
    ``bias='auto'`` disables the conv bias when a norm layer follows.
    """

    def __init__(self, in_channels: int, out_channels: int,
                 kernel_size: int | tuple[int, int], stride=1, padding=0,
                 dilation=1, groups: int = 1, bias: bool | str = 'auto',
                 conv_cfg: dict | None = None, norm_cfg: dict | None = None,
                 act_cfg: dict | None = dict(type='ReLU'), inplace: bool = True,
                 order: tuple[str, str, str] = ('conv', 'norm', 'act')):
        super().__init__()
        if set(order) != {'conv', 'norm', 'act'}:
            raise InvalidValueError(f'order must hold conv, norm and act, got {order}')
        self.order = order
        self.with_norm = norm_cfg is not None
        self.with_activation = act_cfg is not None
        if bias == 'auto':
            bias = not self.with_norm
        self.conv = build_conv_layer(conv_cfg, in_channels, out_channels,
                                     kernel_size, stride=stride,
                                     padding=padding, dilation=dilation,
                                     groups=groups, bias=bias)
        if self.with_norm:
            norm_channels = out_channels if order.index('norm') > order.index(
                'conv') else in_channels
            self.norm_name, norm = build_norm_layer(norm_cfg, norm_channels)
            self.add_module(self.norm_name, norm)
        if self.with_activation:
            act_cfg = dict(act_cfg)
            if act_cfg['type'] not in ('Tanh', 'PReLU', 'Sigmoid', 'GELU',
                                       'HSigmoid', 'Swish', 'SiLU', 'HSwish',
                                       'Mish', 'ELU'):
                act_cfg.setdefault('inplace', inplace)
            self.activate = build_activation_layer(act_cfg)
        self.init_weights()

    @property
    def norm(self) -> nn.Module | None:
        return getattr(self, self.norm_name) if self.with_norm else None

    def init_weights(self) -> None:
        if isinstance(self.conv, nn.Conv2d):
            nonlinearity = 'leaky_relu' if self.with_activation and isinstance(
                self.activate, nn.LeakyReLU) else 'relu'
            nn.init.kaiming_normal_(self.conv.weight, mode='fan_out',
                                    nonlinearity=nonlinearity)
            if self.conv.bias is not None:
                nn.init.zeros_(self.conv.bias)
        if self.with_norm and getattr(self.norm, 'weight', None) is not None:
            nn.init.ones_(self.norm.weight)
            nn.init.zeros_(self.norm.bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for layer in self.order:
            if layer == 'conv':
                x = self.conv(x)
            elif layer == 'norm' and self.with_norm:
                x = self.norm(x)
            elif layer == 'act' and self.with_activation:
                x = self.activate(x)
        return x
