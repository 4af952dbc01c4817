"""Parsers: turn one line of an annotation file into a dict.

A parser is given the whole annotation source (a sequence of lines, from
:mod:`mmocr.datasets.utils.backend`) and an index; it returns the parsed dict
of line ``index % len(source)``. Errors name the annotation file and the
1-based line (or lmdb record) number.
"""
from __future__ import annotations

import json
import warnings
from typing import Any, Sequence

from mmocr.registry import PARSERS, check_kwargs
from mmocr.utils.errors import InvalidTypeError, InvalidValueError
from mmocr.utils.string_util import StringStrip

from .errors import AnnotationParseError

__all__ = ['LineStrParser', 'LineJsonParser']

def _where(data_ret: Sequence[str], map_index: int) -> str:
    source = getattr(data_ret, 'path', None) or '<annotations>'
    unit = getattr(data_ret, 'unit', 'line')
    return f'{source}, {unit} {map_index + 1}'


def _line_at(data_ret: Sequence[str], index: int) -> tuple[str, int]:
    if len(data_ret) == 0:
        source = getattr(data_ret, 'path', None) or '<annotations>'
        raise AnnotationParseError(f'annotation file {source} is empty')
    map_index = index % len(data_ret)
    line = data_ret[map_index]
    if isinstance(line, bytes):
        line = line.decode('utf-8')
    return line, map_index


@PARSERS.register_module()
class LineStrParser:
    """Split a line by ``separator`` and pick fields by position.

    ``'img.jpg HELLO'`` with ``keys=['filename', 'text']``,
    ``keys_idx=[0, 1]`` gives ``{'filename': 'img.jpg', 'text': 'HELLO'}``.

    The line is first stripped by a :class:`~mmocr.utils.StringStrip`
    (leading and trailing whitespace by default, as in MMOCR 0.x).

    Args:
        keys: Names of the fields in the output dict (list or tuple).
        keys_idx: Position of each key's field in the split line (list or
            tuple).
        separator: Field separator.
        kwargs: :class:`~mmocr.utils.StringStrip`'s ``strip``,
            ``strip_pos`` and ``strip_str``.
    """

    #: ``**kwargs`` go to StringStrip, which checks them (registry builds).
    forwards_kwargs = True

    def __init__(self, keys: Sequence[str] = ['filename', 'text'],
                 keys_idx: Sequence[int] = [0, 1], separator: str = ' ',
                 **kwargs: Any):
        if not isinstance(keys, (list, tuple)) or not isinstance(
                keys_idx, (list, tuple)):
            raise InvalidTypeError('keys and keys_idx must be lists')
        if not isinstance(separator, str):
            raise InvalidTypeError(f'separator must be a str, got {separator!r}')
        if len(keys) == 0 or len(keys) != len(keys_idx):
            raise InvalidValueError(f'keys {list(keys)} and keys_idx {list(keys_idx)} '
                                    'must be non-empty and of the same length')
        self.keys = list(keys)
        self.keys_idx = list(keys_idx)
        self.separator = separator
        check_kwargs(StringStrip, kwargs, 'LineStrParser (StringStrip)')
        self.strip_cls = StringStrip(**kwargs)
        self._warned_extra_fields = False

    def get_item(self, data_ret: Sequence[str], index: int) -> dict[str, str]:
        """Parse line ``index % len(data_ret)`` of ``data_ret``."""
        line, map_index = _line_at(data_ret, index)
        fields = self.strip_cls(line.rstrip('\r\n')).split(self.separator)
        if len(fields) <= max(self.keys_idx):
            raise AnnotationParseError(
                f'{_where(data_ret, map_index)}: expected at least '
                f'{max(self.keys_idx) + 1} fields separated by '
                f'{self.separator!r}, got {len(fields)}: {line.rstrip()!r}')
        if (len(fields) > len(self.keys) and self.separator == ' '
                and not self._warned_extra_fields):
            self._warned_extra_fields = True
            warnings.warn(
                f'{_where(data_ret, map_index)}: more fields than keys, '
                'extra fields ignored (warned once); use LineJsonParser for '
                'annotations containing blanks', stacklevel=2)
        return {key: fields[idx] for key, idx in zip(self.keys, self.keys_idx)}


@PARSERS.register_module()
class LineJsonParser:
    """Parse a line holding a json object and keep ``keys``.

    ``'{"filename": "img.jpg", "text": "HELLO"}'`` with
    ``keys=['filename', 'text']`` gives ``{'filename': 'img.jpg',
    'text': 'HELLO'}``.

    Args:
        keys: Keys of the json object to keep; each must be present.
    """

    def __init__(self, keys: Sequence[str] = []):
        if not isinstance(keys, (list, tuple)) or len(keys) == 0:
            raise InvalidValueError(f'LineJsonParser needs a non-empty list of keys, '
                                    f'got {keys!r}')
        if not all(isinstance(k, str) for k in keys):
            raise InvalidTypeError(f'keys must be strings, got {keys!r}')
        self.keys = list(keys)

    def get_item(self, data_ret: Sequence[str], index: int) -> dict[str, Any]:
        """Parse line ``index % len(data_ret)`` of ``data_ret``."""
        line, map_index = _line_at(data_ret, index)
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            raise AnnotationParseError(
                f'{_where(data_ret, map_index)}: not valid json ({err.msg} at '
                f'column {err.colno}): {line.strip()[:200]!r}') from None
        if not isinstance(obj, dict):
            raise AnnotationParseError(
                f'{_where(data_ret, map_index)}: expected a json object, got '
                f'{type(obj).__name__}')
        missing = [k for k in self.keys if k not in obj]
        if missing:
            raise AnnotationParseError(
                f'{_where(data_ret, map_index)}: missing key(s) {missing} '
                f'(has {sorted(obj)})')
        return {key: obj[key] for key in self.keys}
