"""Optimizers from configs: ``optimizer=dict(type='SGD', lr=..., paramwise_cfg=...)``.

Every ``torch.optim`` optimizer is registered in :data:`OPTIMIZERS` under
its class name. ``paramwise_cfg`` gives per-parameter multipliers:

* ``custom_keys={'backbone': dict(lr_mult=0.1, decay_mult=1.0)}``: a
  parameter whose full name contains the key (longest key wins);
* ``bias_lr_mult``, ``bias_decay_mult``: biases (not of norm layers);
* ``norm_decay_mult``: weights and biases of BatchNorm/GroupNorm/LayerNorm/
  InstanceNorm layers;
* ``dwconv_decay_mult``: depth-wise convolutions;
* ``bypass_duplicate``: skip parameters shared between modules.
"""
from __future__ import annotations

import inspect
import warnings

import torch
from torch import nn
from torch.nn.modules.batchnorm import _BatchNorm
from torch.nn.modules.instancenorm import _InstanceNorm

from mmocr.registry import OPTIMIZERS, Registry, UnknownKeyError, build_from_cfg
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

__all__ = ['OPTIMIZER_BUILDERS', 'DefaultOptimizerConstructor',
           'build_optimizer', 'build_optimizer_constructor']

OPTIMIZER_BUILDERS = Registry('optimizer builder')

for _name, _cls in inspect.getmembers(torch.optim, inspect.isclass):
    if issubclass(_cls, torch.optim.Optimizer) and _cls is not torch.optim.Optimizer:
        OPTIMIZERS.register_module(name=_name, module=_cls)

_NORMS = (_BatchNorm, _InstanceNorm, nn.GroupNorm, nn.LayerNorm)
_PARAMWISE_KEYS = {'custom_keys', 'bias_lr_mult', 'bias_decay_mult',
                   'norm_decay_mult', 'dwconv_decay_mult', 'bypass_duplicate'}


@OPTIMIZER_BUILDERS.register_module()
class DefaultOptimizerConstructor:
    """Builds an optimizer for a model, applying ``paramwise_cfg``.

    Args:
        optimizer_cfg: ``dict(type=<torch.optim class>, lr=..., ...)``.
        paramwise_cfg: See the module docstring.
    """

    def __init__(self, optimizer_cfg: dict, paramwise_cfg: dict | None = None):
        if not isinstance(optimizer_cfg, dict):
            raise InvalidTypeError('optimizer config must be a dict, got '
                                   f'{type(optimizer_cfg).__name__}')
        self.optimizer_cfg = dict(optimizer_cfg)
        self.paramwise_cfg = dict(paramwise_cfg or {})
        unknown = set(self.paramwise_cfg) - _PARAMWISE_KEYS
        if unknown:
            raise KeyError(f'unknown paramwise_cfg keys {sorted(unknown)}; '
                           f'known: {sorted(_PARAMWISE_KEYS)}')
        custom_keys = self.paramwise_cfg.get('custom_keys', {})
        if not isinstance(custom_keys, dict):
            raise InvalidTypeError('paramwise_cfg.custom_keys must be a dict, got '
                                   f'{type(custom_keys).__name__}')
        self.base_lr = self.optimizer_cfg.get('lr')
        self.base_wd = self.optimizer_cfg.get('weight_decay')

    def _param_group(self, name: str, prefix: str, param: nn.Parameter,
                     module: nn.Module) -> dict:
        group: dict = {'params': [param]}
        cfg = self.paramwise_cfg
        full_name = f'{prefix}.{name}' if prefix else name
        custom_keys = cfg.get('custom_keys', {})
        for key in sorted(sorted(custom_keys), key=len, reverse=True):
            if key in full_name:
                mults = custom_keys[key]
                if self.base_lr is not None:
                    group['lr'] = self.base_lr * mults.get('lr_mult', 1.)
                if self.base_wd is not None:
                    group['weight_decay'] = self.base_wd * mults.get('decay_mult', 1.)
                return group
        is_norm = isinstance(module, _NORMS)
        is_dwconv = (isinstance(module, nn.Conv2d)
                     and module.in_channels == module.groups > 1)
        if name == 'bias' and not is_norm and 'bias_lr_mult' in cfg:
            group['lr'] = self.base_lr * cfg['bias_lr_mult']
        if self.base_wd is not None:
            if is_norm and 'norm_decay_mult' in cfg:
                group['weight_decay'] = self.base_wd * cfg['norm_decay_mult']
            elif is_dwconv and 'dwconv_decay_mult' in cfg:
                group['weight_decay'] = self.base_wd * cfg['dwconv_decay_mult']
            elif name == 'bias' and not is_norm and 'bias_decay_mult' in cfg:
                group['weight_decay'] = self.base_wd * cfg['bias_decay_mult']
        return group

    def param_groups(self, model: nn.Module) -> list[dict]:
        """One param group per parameter, with its multipliers applied."""
        groups: list[dict] = []
        seen: set[int] = set()
        for prefix, module in model.named_modules():
            for name, param in module.named_parameters(recurse=False):
                if id(param) in seen:
                    if self.paramwise_cfg.get('bypass_duplicate', False):
                        warnings.warn(f'{prefix}.{name} is duplicate; skipped',
                                      UserWarning, stacklevel=2)
                        continue
                    raise InvalidValueError(
                        f'parameter {prefix}.{name} is shared by several '
                        'modules; set paramwise_cfg.bypass_duplicate=True')
                seen.add(id(param))
                if not param.requires_grad:
                    groups.append({'params': [param]})
                    continue
                groups.append(self._param_group(name, prefix, param, module))
        return groups

    def __call__(self, model: nn.Module) -> torch.optim.Optimizer:
        model = getattr(model, 'module', model)
        cfg = dict(self.optimizer_cfg)
        cfg['params'] = (self.param_groups(model) if self.paramwise_cfg
                         else model.parameters())
        try:
            return build_from_cfg(cfg, OPTIMIZERS, cfg_path='optimizer')
        except UnknownKeyError:
            raise
        except KeyError as err:
            raise KeyError(f'optimizer config: {err.args[0]}') from None


def build_optimizer_constructor(cfg: dict) -> DefaultOptimizerConstructor:
    return build_from_cfg(cfg, OPTIMIZER_BUILDERS)


def build_optimizer(model: nn.Module, cfg: dict) -> torch.optim.Optimizer:
    """Build ``cfg`` (``type``, optimizer kwargs, optional ``paramwise_cfg``
    and ``constructor``) for ``model`` (wrappers are unwrapped)."""
    optimizer_cfg = dict(cfg)
    constructor_type = optimizer_cfg.pop('constructor', 'DefaultOptimizerConstructor')
    paramwise_cfg = optimizer_cfg.pop('paramwise_cfg', None)
    constructor = build_optimizer_constructor(
        dict(type=constructor_type, optimizer_cfg=optimizer_cfg,
             paramwise_cfg=paramwise_cfg))
    return constructor(model)
