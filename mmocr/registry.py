"""Registries: map the ``type`` string of a config dict to a class and build it.

Every buildable component registers itself in exactly one registry::

    @BACKBONES.register_module()
    class ResNet31OCR(nn.Module): ...

    backbone = build_from_cfg(dict(type='ResNet31OCR'), BACKBONES)

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
import functools
import inspect
import re
import warnings
from typing import Any, Callable

__all__ = [
    'Registry', 'build_from_cfg', 'UnknownKeyError', 'accepted_args',
    'check_kwargs', 'strict_kwargs', 'MODELS', 'DETECTORS', 'RECOGNIZERS',
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

    def build(self, cfg: dict, default_args: dict | None = None,
              optional_args: dict | None = None) -> Any:
        return build_from_cfg(cfg, self, default_args, optional_args)

    def suggest(self, key: str, n: int = 3) -> list[str]:
        """Registered names closest to ``key``."""
        return difflib.get_close_matches(
            key.split('.')[-1], list(self._module_dict), n=n, cutoff=0.5)


class UnknownKeyError(KeyError, TypeError):
    """A config dict (or call) sets keys its target does not accept.

    A ``KeyError`` (a config key is unknown) and a ``TypeError`` (the
    constructor would reject the argument), so code catching either sees it.

    Attributes:
        keys: The unknown keys, in config order.
        target: Name of the class or function, with its registry if any.
        accepted: The names the target accepts.
        path: Where the first unknown key sits, from the outermost config
            known so far (``['bbox_head', 'postprocessor', 'bogus']``); the
            builders of enclosing configs prepend their part as the error
            passes through them.
    """

    def __init__(self, keys: list[str], target: str, accepted: list[str],
                 path: list[str | int] | None = None,
                 owner_type: Any = None):
        super().__init__(keys[0])
        self.keys = list(keys)
        self.target = target
        self.accepted = sorted(accepted)
        self.path = list(path) if path is not None else [keys[0]]
        # ``type`` of the config dict that ``path`` starts in.
        self.owner_type = owner_type

    @property
    def key(self) -> str:
        return self.keys[0]

    def at(self, cfg_path: str | None) -> None:
        """Prepend ``cfg_path`` (where the config that ``path`` starts in
        sits in its file: ``'data.train.datasets[0]'``) to ``path``; the
        error then names the full path, and enclosing builds leave it."""
        if cfg_path is not None:
            self.path = _split_cfg_path(cfg_path) + self.path
            self.owner_type = None

    @property
    def path_text(self) -> str:
        """``path`` as ``model.bbox_head.postprocessor.bogus``."""
        text = ''
        for part in self.path:
            text += f'[{part}]' if isinstance(part, int) else (
                f'.{part}' if text else str(part))
        return text

    def __str__(self) -> str:
        parts = []
        for key in self.keys:
            close = difflib.get_close_matches(key, self.accepted, n=3,
                                              cutoff=0.5)
            parts.append(f'{key!r}' + (
                f' (did you mean {", ".join(map(repr, close))}?)'
                if close else ''))
        noun = 'argument' if len(self.keys) == 1 else 'arguments'
        where = f' at {self.path_text}' if len(self.path) > 1 else ''
        return (f'{self.target} got unknown {noun} {", ".join(parts)}{where}; '
                f'accepted: {", ".join(self.accepted) or "(none)"}')


def accepted_args(obj: Callable) -> tuple[set[str], bool]:
    """The keyword arguments ``obj(**kwargs)`` accepts.

    A class whose ``__init__`` takes ``**kwargs`` is followed up its MRO to
    the parent ``__init__`` that receives them (the first one without
    ``**kwargs``, or ``object``); the names of every ``__init__`` on the way
    count. Only a class that sets
    ``forwards_kwargs = True`` (its ``**kwargs`` go to a third-party callee,
    which checks them) or a plain function with ``**kwargs`` accepts any
    name.

    Returns:
        ``(names, open)``: the declared names, and whether other names are
        accepted too.
    """
    if isinstance(obj, type):
        if getattr(obj, 'forwards_kwargs', False):
            return _declared(obj)[0], True
        names: set[str] = set()
        for klass in obj.__mro__:
            if '__init__' not in vars(klass) or klass is object:
                continue
            declared, var_kw = _declared(klass.__init__, skip_first=True)
            names |= declared
            if not var_kw:
                return names, False
        # Every __init__ up to ``object`` passed **kwargs on (torch's
        # nn.Module takes **kwargs but rejects them).
        return names, False
    return _declared(obj)


def _declared(func: Callable, skip_first: bool = False
              ) -> tuple[set[str], bool]:
    try:
        params = list(inspect.signature(func).parameters.values())
    except (TypeError, ValueError):  # builtins without a signature
        return set(), True
    if skip_first:
        params = params[1:]
    names = {p.name for p in params
             if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)}
    return names, any(p.kind == p.VAR_KEYWORD for p in params)


def check_kwargs(obj: Callable, kwargs: dict, target: str | None = None,
                 owner_type: Any = None) -> None:
    """Raise :class:`UnknownKeyError` if ``obj`` does not accept every key
    of ``kwargs`` (see :func:`accepted_args`); ``target`` names ``obj`` in
    the message, ``owner_type`` is the ``type`` of the config dict the
    keys come from (so enclosing builds can name its path)."""
    names, is_open = accepted_args(obj)
    if is_open:
        return
    unknown = [k for k in kwargs if k not in names]
    if unknown:
        raise UnknownKeyError(unknown, target or getattr(obj, '__name__',
                                                         repr(obj)), names,
                              owner_type=owner_type)


def strict_kwargs(func: Callable) -> Callable:
    """Decorator: a keyword argument ``func`` does not declare raises
    :class:`UnknownKeyError` (naming the accepted ones) instead of Python's
    bare ``TypeError``. Used on the ``evaluate`` methods."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        check_kwargs(func, kwargs, func.__qualname__)
        return func(*args, **kwargs)

    return wrapper


def build_from_cfg(cfg: dict, registry: Registry,
                   default_args: dict | None = None,
                   optional_args: dict | None = None,
                   cfg_path: str | None = None) -> Any:
    """Build an object from a config dict ``{'type': ..., **kwargs}``.

    ``type`` may be a registered name or a class/function itself.

    Args:
        cfg: The config dict.
        registry: Where ``type`` is looked up.
        default_args: Used where ``cfg`` does not set the key.
        optional_args: Values a composer passes down to its part (a
            recognizer's ``max_seq_len``, ``num_classes``, ``ignore_index``);
            each is set, overriding ``cfg`` as in MMOCR 0.x, only when the
            target declares that argument.
        cfg_path: Where ``cfg`` sits in its config file (``'model'``,
            ``'data.train.datasets[0]'``), to name the full key path in
            errors.

    Raises:
        KeyError: ``type`` is missing or not registered; the message names the
            registry and the closest registered names.
        UnknownKeyError: ``cfg`` (or ``default_args``) sets an argument the
            target does not accept; the message names the key, its path, the
            class and registry, and the closest accepted names. Raised before
            anything is built.
        TypeError: the constructor rejected the arguments otherwise (e.g. a
            required one is missing); the message names the type.
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
    target = f'{getattr(obj_cls, "__name__", obj_type)} (registry ' \
             f'"{registry.name}")'
    rename_args(obj_cls, args, target)
    try:
        if optional_args:
            names, _ = accepted_args(obj_cls)
            args.update({k: v for k, v in optional_args.items()
                         if k in names})
        try:
            check_kwargs(obj_cls, args, target)
        except UnknownKeyError as err:
            err.owner_type = obj_type
            raise
        try:
            return obj_cls(**args)
        except UnknownKeyError as err:
            # A part of this object rejected a key: say where it sits here.
            where = _locate(args, err)
            if where is not None:
                err.path = where + err.path
                err.owner_type = obj_type
            raise
        except TypeError as err:
            if _is_signature_error(obj_cls, args):
                raise TypeError(f'{target}: {err}') from err
            raise
    except UnknownKeyError as err:
        err.at(cfg_path)
        raise


def rename_args(obj_cls: Any, args: dict, target: str) -> None:
    """Rename, in ``args``, the keys a class lists in its
    ``renamed_args = {old: new}`` (argument names mmcv deprecated but MMOCR
    0.x configs still use, e.g. RoIAlign's ``sample_num``), with a
    ``DeprecationWarning``: the one place such names are read, so that the
    constructors take only the current names.

    Raises:
        TypeError: both the old and the new name are given (as Python's
            "got multiple values for argument").
    """
    for old, new in getattr(obj_cls, 'renamed_args', {}).items():
        if old not in args:
            continue
        if new in args:
            raise TypeError(f'{target}: got both {old!r} and {new!r} '
                            f'({old!r} is the deprecated name)')
        warnings.warn(f'{target}: {old!r} is deprecated, use {new!r}',
                      DeprecationWarning, stacklevel=3)
        args[new] = args.pop(old)


def _split_cfg_path(cfg_path: str) -> list[str | int]:
    """``'data.train.pipeline[3]'`` -> ``['data', 'train', 'pipeline', 3]``
    (the form of :attr:`UnknownKeyError.path`)."""
    parts: list[str | int] = []
    for name, index in re.findall(r'([^.\[\]]+)|\[(\d+)\]', cfg_path):
        parts.append(int(index) if index else name)
    return parts


def _locate(value: Any, err: UnknownKeyError, depth: int = 0
            ) -> list[str | int] | None:
    """Path inside ``value`` (a dict or list of configs) to the config dict
    of type ``err.owner_type`` in which ``err.path`` leads to the unknown
    key; None if there is none."""
    if depth > 8 or err.owner_type is None:
        return None
    if isinstance(value, dict):
        if value.get('type') == err.owner_type and _resolves(value, err.path):
            return []
        items = value.items()
    elif isinstance(value, (list, tuple)):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        if isinstance(item, (dict, list, tuple)):
            sub = _locate(item, err, depth + 1)
            if sub is not None:
                return [key] + sub
    return None


def _resolves(cfg: dict, path: list[str | int]) -> bool:
    node: Any = cfg
    for part in path[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False
    return isinstance(node, dict) and path[-1] in node

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
