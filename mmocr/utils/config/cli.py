"""``DictAction``: ``--cfg-options KEY=VALUE`` arguments parsed into a
dict."""
from __future__ import annotations

import argparse
from typing import Any

from mmocr.utils.errors import InvalidValueError


class _ValueParser:
    """Parses a ``--cfg-options`` value: ints, floats, ``true``/``false``,
    ``None``, ``[...]`` lists, ``(...)`` tuples (nested), quoted strings and
    bare strings; ``a,b`` outside brackets is a list."""

    _DELIMITERS = '[](),'

    def __init__(self, text: str):
        self.text = text
        self.tokens = self._tokenize(text)
        self.pos = 0

    def _tokenize(self, text: str) -> list[tuple[str, str]]:
        tokens: list[tuple[str, str]] = []
        i = 0
        while i < len(text):
            char = text[i]
            if char.isspace():
                i += 1
            elif char in self._DELIMITERS:
                tokens.append((char, char))
                i += 1
            elif char in '\'"':
                end = text.find(char, i + 1)
                if end < 0:
                    raise InvalidValueError(f'unterminated quote in {text!r}')
                tokens.append(('str', text[i + 1:end]))
                i = end + 1
            else:
                j = i
                while j < len(text) and text[j] not in self._DELIMITERS:
                    j += 1
                tokens.append(('bare', text[i:j].strip()))
                i = j
        return tokens

    def _peek(self) -> str | None:
        return self.tokens[self.pos][0] if self.pos < len(self.tokens) else None

    def parse(self) -> Any:
        if not self.tokens:
            return ''
        items, had_comma = self._sequence(close=None)
        if len(items) == 1 and not had_comma:
            return items[0]
        return items

    def _sequence(self, close: str | None) -> tuple[list, bool]:
        """Items up to ``close`` (left unconsumed) or the end of the text,
        and whether a comma separated them."""
        items: list = []
        had_comma = False
        while self._peek() not in (close, None):
            if self._peek() in (')', ']', ','):
                raise InvalidValueError(f'unexpected "{self._peek()}" in {self.text!r}')
            items.append(self._item())
            if self._peek() == ',':
                self.pos += 1
                had_comma = True
            elif self._peek() not in (close, None):
                raise InvalidValueError(f'expected "," in {self.text!r}')
        return items, had_comma

    def _item(self) -> Any:
        kind, value = self.tokens[self.pos]
        self.pos += 1
        if kind in ('[', '('):
            close = ']' if kind == '[' else ')'
            items, _ = self._sequence(close)
            if self._peek() != close:
                raise InvalidValueError(f'unbalanced brackets in {self.text!r}')
            self.pos += 1
            return items if kind == '[' else tuple(items)
        if kind == 'str':
            return value
        return DictAction._parse_int_float_bool(value)


class DictAction(argparse.Action):
    """argparse action turning ``KEY=VALUE`` arguments into a dict.

    Values are parsed as ints, floats, booleans (``true``/``false``), ``None``,
    lists ``[a,b]``, tuples ``(a,b)`` (nested), quoted strings or plain
    strings; ``KEY=a,b`` gives a list. Use with ``nargs='+'``::

        --cfg-options model.backbone.depth=50 workflow="[(train,1),(val,1)]"
    """

    @staticmethod
    def _parse_int_float_bool(val: str) -> Any:
        try:
            return int(val)
        except ValueError:
            pass
        try:
            return float(val)
        except ValueError:
            pass
        if val.lower() in ('true', 'false'):
            return val.lower() == 'true'
        if val == 'None':
            return None
        return val

    @staticmethod
    def _parse_iterable(val: str) -> Any:
        """Parse one option value (see the class docstring)."""
        return _ValueParser(val).parse()

    def __call__(self, parser: argparse.ArgumentParser,
                 namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        options = dict(getattr(namespace, self.dest, None) or {})
        if isinstance(values, str):
            values = [values]
        for item in values:
            key, sep, val = item.partition('=')
            if not sep or not key:
                parser.error(f'{option_string}: expected KEY=VALUE, got '
                             f'{item!r}')
            try:
                options[key] = self._parse_iterable(val)
            except ValueError as err:
                parser.error(f'{option_string} {item}: {err}')
        setattr(namespace, self.dest, options)
