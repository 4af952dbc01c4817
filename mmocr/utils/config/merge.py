"""Merging a config's values into its base: dicts key by key, ``_delete_``
replaces, anything else overrides."""
from __future__ import annotations

from typing import Any

from mmocr.utils.errors import InvalidTypeError

from .config_dict import ConfigDict, _hint

DELETE_KEY = '_delete_'


def _merge_a_into_b(a: dict, b: Any, allow_list_keys: bool = False,
                    prefix: str = '', source: str = '') -> Any:
    """Merge dict ``a`` into a copy of ``b`` (a dict, or a list when
    ``allow_list_keys`` and ``a``'s keys are indices) and return it.

    A dict value of ``a`` is merged into the dict at the same key of ``b``
    unless it carries ``_delete_=True``, in which case it replaces it; any
    other value replaces ``b``'s. ``prefix`` (the dotted path of ``b``) and
    ``source`` (where ``a`` comes from) only serve error messages.
    """
    b = b.copy()
    where = f' (in {source})' if source else ''
    for key, value in a.items():
        path = f'{prefix}{key}'
        if isinstance(b, list):
            index = _list_index(b, key, path, where)
            if isinstance(value, dict) and isinstance(b[index], (dict, list)):
                b[index] = _merge_a_into_b(value, b[index], allow_list_keys,
                                           f'{path}.', source)
            else:
                b[index] = _strip_delete(value, path, where, strict=False)
            continue
        if not isinstance(value, dict):
            b[key] = _strip_delete(value, path, where, strict=False)
            continue
        delete = bool(value.get(DELETE_KEY, False))
        child = {k: v for k, v in value.items() if k != DELETE_KEY}
        if key not in b:
            if delete:
                raise KeyError(
                    f'"{path}" sets {DELETE_KEY}=True{where}, but the base '
                    f'config has no "{path}" to delete.'
                    f'{_hint(key, b.keys())}')
            b[key] = _strip_delete(child, path, where)
        elif delete:
            b[key] = _strip_delete(child, path, where, strict=False)
        else:
            allowed = (dict, list) if allow_list_keys else dict
            if not isinstance(b[key], allowed):
                raise InvalidTypeError(
                    f'"{path}" is a dict{where} but a '
                    f'{type(b[key]).__name__} ({b[key]!r}) in the base '
                    f'config, so it cannot be merged. Set {DELETE_KEY}=True '
                    f'in "{path}" to replace the base value.')
            b[key] = _merge_a_into_b(child, b[key], allow_list_keys,
                                     f'{path}.', source)
    return b


def _list_index(items: list, key: Any, path: str, where: str) -> int:
    if not (isinstance(key, int) or str(key).isdigit()):
        raise KeyError(f'"{path}"{where}: the base value is a list, so the '
                       f'key must be an index, got "{key}"')
    index = int(key)
    if index >= len(items):
        raise KeyError(f'"{path}"{where}: index {index} is out of range for '
                       f'a list of length {len(items)}')
    return index


def _strip_delete(value: Any, path: str, where: str,
                  strict: bool = True) -> Any:
    """Drop the ``_delete_`` keys of a value that is not merged into a base.

    With ``strict``, ``value`` has no base at all, so ``_delete_=True`` in it
    is an error (most likely a misspelt key); without, it replaces a deleted
    or non-dict base value, and a nested ``_delete_`` is merely redundant.
    """
    if isinstance(value, dict):
        if strict and value.get(DELETE_KEY, False):
            raise KeyError(f'"{path}" sets {DELETE_KEY}=True{where}, but the '
                           f'base config has no "{path}" to delete.')
        return ConfigDict({
            k: _strip_delete(v, f'{path}.{k}', where, strict)
            for k, v in value.items() if k != DELETE_KEY
        })
    if type(value) in (list, tuple):
        return type(value)(
            _strip_delete(v, f'{path}.{i}', where, strict)
            for i, v in enumerate(value))
    return value
