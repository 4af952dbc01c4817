"""Writing a config as Python source (``Config.pretty_text``), JSON or
YAML."""
from __future__ import annotations

import keyword
import math
from typing import Any

from mmocr.utils.errors import InvalidTypeError, InvalidValueError

_LINE_WIDTH = 79
_INDENT = 4


def _is_identifier(key: Any) -> bool:
    return isinstance(key, str) and key.isidentifier() and not keyword.iskeyword(
        key)


def _format_scalar(value: Any) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return f"float('{value}')"
    return repr(value)


def _container_parts(value: Any) -> tuple[str, str, list[str]] | None:
    """(open, close, inline items) for containers, ``None`` for scalars."""
    if isinstance(value, dict):
        if all(_is_identifier(k) for k in value):
            items = [f'{k}={_format_inline(v)}' for k, v in value.items()]
            return 'dict(', ')', items
        items = [f'{_format_inline(k)}: {_format_inline(v)}'
                 for k, v in value.items()]
        return '{', '}', items
    if isinstance(value, list):
        return '[', ']', [_format_inline(v) for v in value]
    if isinstance(value, tuple):
        return '(', ')', [_format_inline(v) for v in value]
    if isinstance(value, (set, frozenset)) and value:
        open_ = 'frozenset({' if isinstance(value, frozenset) else '{'
        close = '})' if isinstance(value, frozenset) else '}'
        return open_, close, sorted(_format_inline(v) for v in value)
    return None


def _format_inline(value: Any) -> str:
    parts = _container_parts(value)
    if parts is None:
        return 'set()' if isinstance(value, set) else _format_scalar(value)
    open_, close, items = parts
    if isinstance(value, tuple) and len(items) == 1:
        return f'({items[0]},)'
    return f'{open_}{", ".join(items)}{close}'


def _format_value(value: Any, indent: int, used: int) -> str:
    """Format ``value`` starting at column ``used`` of a line indented by
    ``indent``; containers too wide for the line are split, one item per
    line."""
    inline = _format_inline(value)
    parts = _container_parts(value)
    if parts is None or used + len(inline) + 1 <= _LINE_WIDTH or not parts[2]:
        return inline
    open_, close, _ = parts
    pad = ' ' * (indent + _INDENT)
    lines = []
    if isinstance(value, dict):
        for key, item in value.items():
            head = f'{key}=' if open_ == 'dict(' else f'{_format_inline(key)}: '
            lines.append(pad + head + _format_value(
                item, indent + _INDENT, len(pad) + len(head)))
    elif all(_container_parts(item) is None for item in value):
        return f'{open_}\n{_pack(parts[2], pad)}\n{" " * indent}{close}'
    else:
        items = sorted(value, key=_format_inline) if isinstance(
            value, (set, frozenset)) else value
        lines = [pad + _format_value(item, indent + _INDENT, len(pad))
                 for item in items]
    body = ',\n'.join(lines)
    return f'{open_}\n{body},\n{" " * indent}{close}'


def _pack(items: list[str], pad: str) -> str:
    """Scalars, comma-terminated, as many per line as fit."""
    lines = []
    line = ''
    for item in items:
        if line and len(pad) + len(line) + len(item) + 2 > _LINE_WIDTH:
            lines.append(pad + line)
            line = ''
        line = f'{line} {item},' if line else f'{item},'
    lines.append(pad + line)
    return '\n'.join(lines)


def _pretty_text(cfg: dict) -> str:
    blocks = []
    for key, value in cfg.items():
        if not _is_identifier(key):
            raise InvalidValueError(f'top-level key {key!r} is not a Python '
                                    'identifier, so the config cannot be written as '
                                    'Python; dump it as .json instead')
        blocks.append(f'{key} = {_format_value(value, 0, len(key) + 3)}')
    out = []
    for i, block in enumerate(blocks):
        if i and ('\n' in block or '\n' in blocks[i - 1]):
            out.append('')
        out.append(block)
    return '\n'.join(out) + '\n'


def _json_default(obj: Any) -> Any:
    if isinstance(obj, (set, frozenset)):
        return sorted(obj, key=repr)
    if hasattr(obj, 'tolist'):  # numpy arrays and scalars
        return obj.tolist()
    raise InvalidTypeError(f'{type(obj).__name__} value {obj!r} cannot be written '
                           'to JSON')


def _tuples_to_lists(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _tuples_to_lists(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_tuples_to_lists(v) for v in value]
    return value
