"""Registries: map the ``type`` string of a config dict to a class and build it.

Every buildable component registers itself in exactly one registry::

    @BACKBONES.register_module()
    class ResNet(nn.Module): ...

    backbone = build_from_cfg(dict(type='ResNet', depth=18), BACKBONES)

As in MMOCR 0.x, the model sub-registries (``DETECTORS``, ``BACKBONES``,
``NECKS``, ``HEADS``, ``LOSSES``, ...) are one registry, ``MODELS``, under
several names, so a backbone can be built through ``build_detector`` and a
config may use any of them. A type may carry a scope prefix such as
``mmdet.ResNet`` or ``mmcv.ConvModule``: the prefix is dropped and the name is
looked up here, where the pieces of those libraries MMOCR uses are
implemented.
"""
from __future__ import annotations

import difflib
import inspect
from typing import Any, Callable

__all__ = [
    'Registry', 'build_from_cfg', 'MODELS', 'DETECTORS', 'RECOGNIZERS',
    'BACKBONES', 'NECKS', 'HEADS', 'LOSSES', 'POSTPROCESSOR', 'PREPROCESSOR',
    'ENCODERS', 'DECODERS', 'CONVERTORS', 'FUSERS', 'ROI_EXTRACTORS',
    'UPSAMPLE_LAYERS', 'ACTIVATION_LAYERS', 'CONV_LAYERS', 'NORM_LAYERS',
    'PLUGIN_LAYERS', 'DATASETS', 'PIPELINES', 'LOADERS', 'PARSERS', 'HOOKS',
    'OPTIMIZERS', 'RUNNERS', 'LR_SCHEDULERS'
]

_KNOWN_SCOPES = ('mmdet', 'mmcv', 'mmocr', 'mmengine', 'torch')


class Registry:
    """A name -> class (or function) table.

    Args:
        name: Human readable name used in error messages.
    """

    def __init__(self, name: str):
        self.name = name
        self._module_dict: dict[str, Callable] = {}

    def __len__(self) -> int:
        return len(self._module_dict)

    def __contains__(self, key: str) -> bool:
        return self.get(key) is not None

    def __repr__(self) -> str:
        return f'Registry(name={self.name}, items={sorted(self._module_dict)})'

    @property
    def module_dict(self) -> dict[str, Callable]:
        return self._module_dict

    def get(self, key: str) -> Callable | None:
        """Return the class registered under ``key`` (scope prefix allowed)."""
        if key in self._module_dict:
            return self._module_dict[key]
        if '.' in key:
            scope, _, name = key.partition('.')
            if scope in _KNOWN_SCOPES:
                return self._module_dict.get(name)
        return None

    def _register(self, module: Callable, name: str | list[str] | None,
                  force: bool) -> None:
        if not callable(module):
            raise TypeError(f'{self.name}: only callables can be registered, '
                            f'got {type(module)}')
        names = [module.__name__] if name is None else (
            [name] if isinstance(name, str) else list(name))
        for key in names:
            if key in self._module_dict and not force:
                raise KeyError(f'{key} is already registered in registry '
                               f'"{self.name}" (pass force=True to replace)')
            self._module_dict[key] = module

    def register_module(self, name: str | list[str] | None = None,
                        force: bool = False,
                        module: Callable | None = None) -> Callable:
        """Register a class or function, as a decorator or a direct call."""
        if module is not None:
            self._register(module, name, force)
            return module

        def decorator(cls: Callable) -> Callable:
            self._register(cls, name, force)
            return cls

        return decorator

    def build(self, cfg: dict, default_args: dict | None = None) -> Any:
        return build_from_cfg(cfg, self, default_args)

    def suggest(self, key: str, n: int = 3) -> list[str]:
        """Registered names closest to ``key``."""
        return difflib.get_close_matches(
            key.split('.')[-1], list(self._module_dict), n=n, cutoff=0.5)


def build_from_cfg(cfg: dict, registry: Registry,
                   default_args: dict | None = None) -> Any:
    """Build an object from a config dict ``{'type': ..., **kwargs}``.

    ``type`` may be a registered name or a class/function itself. Keys of
    ``default_args`` are used where ``cfg`` does not set them.

    Raises:
        KeyError: ``type`` is missing or not registered; the message names the
            registry and the closest registered names.
        TypeError: the constructor rejected the arguments; the message names
            the type and the offending arguments.
    """
    if not isinstance(cfg, dict):
        raise TypeError(f'cfg must be a dict, got {type(cfg).__name__}: {cfg!r}')
    if 'type' not in cfg and (default_args is None or 'type' not in default_args):
        raise KeyError(f'config for registry "{registry.name}" has no "type" '
                       f'key: {dict(cfg)!r}')
    args = dict(cfg)
    for key, value in (default_args or {}).items():
        args.setdefault(key, value)
    obj_type = args.pop('type')
    if isinstance(obj_type, str):
        obj_cls = registry.get(obj_type)
        if obj_cls is None:
            hint = registry.suggest(obj_type)
            hint_text = f' Did you mean: {", ".join(hint)}?' if hint else ''
            raise KeyError(f'"{obj_type}" is not registered in registry '
                           f'"{registry.name}".{hint_text}')
    elif callable(obj_type):
        obj_cls = obj_type
    else:
        raise TypeError(f'type must be a str or a class, got {obj_type!r}')
    try:
        return obj_cls(**args)
    except TypeError as err:
        if _is_signature_error(obj_cls, args):
            raise TypeError(f'{obj_cls.__name__} (registry "{registry.name}"): '
                            f'{err}') from err
        raise


def _is_signature_error(obj_cls: Callable, args: dict) -> bool:
    """True when ``args`` do not bind to ``obj_cls``'s signature."""
    try:
        inspect.signature(obj_cls).bind(**args)
    except TypeError:
        return True
    except ValueError:
        return False
    return False


# Models: one registry under MMOCR 0.x's many names.
MODELS = Registry('model')
DETECTORS = RECOGNIZERS = BACKBONES = NECKS = HEADS = LOSSES = MODELS
FUSERS = ROI_EXTRACTORS = PLUGIN_LAYERS = MODELS
POSTPROCESSOR = Registry('postprocessor')
PREPROCESSOR = MODELS
ENCODERS = MODELS
DECODERS = MODELS
CONVERTORS = Registry('convertor')
UPSAMPLE_LAYERS = Registry('upsample layer')
CONV_LAYERS = Registry('conv layer')
NORM_LAYERS = Registry('norm layer')
ACTIVATION_LAYERS = Registry('activation layer')

# Data
DATASETS = Registry('dataset')
PIPELINES = Registry('pipeline')
LOADERS = Registry('loader')
PARSERS = Registry('parser')

# Training
HOOKS = Registry('hook')
OPTIMIZERS = Registry('optimizer')
RUNNERS = Registry('runner')
LR_SCHEDULERS = Registry('lr scheduler')
