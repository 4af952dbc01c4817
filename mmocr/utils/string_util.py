"""String helpers (MMOCR 0.x ``mmocr.utils.string_util``)."""
from __future__ import annotations

from mmocr.utils.errors import InvalidTypeError, InvalidValueError

__all__ = ['StringStrip']

_STRIP_POS = ('both', 'left', 'right')


class StringStrip:
    """Remove leading and/or trailing characters of a string.

    ``StringStrip()('  a b  ')`` gives ``'a b'``; ``LineStrParser`` applies
    one to every annotation line before splitting it.

    Args:
        strip: Whether to strip at all (``False`` returns the input as is).
        strip_pos: ``'both'``, ``'left'`` or ``'right'``.
        strip_str: The set of characters to remove; ``None`` removes
            whitespace.
    """

    def __init__(self, strip: bool = True, strip_pos: str = 'both',
                 strip_str: str | None = None):
        if not isinstance(strip, bool):
            raise InvalidTypeError(f'strip must be a bool, got {strip!r}')
        if strip_pos not in _STRIP_POS:
            raise InvalidValueError(f'strip_pos must be one of {_STRIP_POS}, '
                                    f'got {strip_pos!r}')
        if strip_str is not None and not isinstance(strip_str, str):
            raise InvalidTypeError(f'strip_str must be a str or None, got '
                                   f'{strip_str!r}')
        self.strip = strip
        self.strip_pos = strip_pos
        self.strip_str = strip_str

    def __call__(self, in_str: str) -> str:
        """``in_str`` stripped as configured."""
        if not self.strip:
            return in_str
        method = {'both': str.strip, 'left': str.lstrip,
                  'right': str.rstrip}[self.strip_pos]
        return method(in_str, self.strip_str)

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(strip={self.strip}, strip_pos='
                f'{self.strip_pos!r}, strip_str={self.strip_str!r})')
