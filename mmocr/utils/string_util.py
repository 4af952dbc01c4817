"""String helpers (MMOCR 0.x ``mmocr.utils.string_util``)."""
from __future__ import annotations

import gzip
from pathlib import Path

from mmocr.utils.errors import InvalidTypeError, InvalidValueError

__all__ = ['StringStrip', 'read_dict_file', 'read_text_lines']

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


def read_text_lines(path: str | Path, encoding: str = 'utf-8') -> list[str]:
    """The lines of the text file ``path`` (in ``encoding``), without their
    line ends.

    A byte-order mark at the start is dropped; Windows (``\\r\\n``) and
    old Mac (``\\r``) line ends are line ends. A file ending with a line end
    gives a last, empty line. A ``.gz`` file is decompressed first (a
    shipped lexicon of 100,000 words takes a third of the space).

    Raises:
        InvalidValueError: the bytes are not text in ``encoding``, or a
            ``.gz`` file is not gzip data, naming ``path`` (and the line).
    """
    path = Path(path)
    data = path.read_bytes()
    if path.suffix == '.gz':
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as err:
            raise InvalidValueError(f'{path}: not gzip data ({err})') from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        line_num = data[:err.start].count(b'\n') + 1
        raise InvalidValueError(f'{path}:{line_num}: not {encoding.upper()} '
                                f'text ({err.reason})') from None
    text = text.removeprefix('\ufeff')
    return text.replace('\r\n', '\n').replace('\r', '\n').split('\n')


def read_dict_file(dict_file: str | Path) -> list[str]:
    """The characters of a dictionary file (MMOCR 0.x's format), in order.

    One character per line, UTF-8: a line holding a single space is the
    space character and empty lines are skipped. A UTF-8 byte-order mark at
    the start and Windows (``\\r\\n``) or old Mac (``\\r``) line ends are
    accepted and ignored. A line of several characters, a character listed
    twice, text that is not UTF-8 and a file without any character are
    errors naming the file and the line(s).
    """
    path = Path(dict_file)
    if not path.is_file():
        raise FileNotFoundError(f'dict_file not found: {path}')
    chars: list[str] = []
    first_line: dict[str, int] = {}
    for line_num, line in enumerate(read_text_lines(path), start=1):
        if len(line) > 1:
            raise InvalidValueError(
                f'{path}:{line_num}: expected one character per line, got '
                f'{len(line)} characters {line!r}')
        if not line:
            continue
        if line in first_line:
            raise InvalidValueError(
                f'{path}:{line_num}: character {line!r} is already on line '
                f'{first_line[line]} (duplicated in the dictionary)')
        first_line[line] = line_num
        chars.append(line)
    if not chars:
        raise InvalidValueError(f'{path}: empty dictionary (no character: an '
                                'empty file or only empty lines)')
    return chars
