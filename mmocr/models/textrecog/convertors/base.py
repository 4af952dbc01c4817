"""Character dictionaries and the base label convertor.

A convertor maps strings to class indexes for the losses and decodes a
decoder's output back to strings. The dictionary is one of the built-in
``dict_type`` strings, a ``dict_file`` or a ``dict_list``; ``dict_file`` wins
over ``dict_list``, which wins over ``dict_type``.

A ``dict_file`` (MMOCR 0.x's format, read by
:func:`mmocr.utils.string_util.read_dict_file`, as the synthetic engine's
``--charset`` files are) holds one character per line, UTF-8: a
line holding a single space is the space character and empty lines are
skipped, as in 0.x. A UTF-8 byte-order mark at the start of the file and
Windows (``\r\n``) or old Mac (``\r``) line ends are accepted and ignored.
A line of several characters, a character listed twice and a file without
any character are errors naming the file and the line(s).

Built-in dictionaries (MMOCR 0.x):

* ``DICT36``: ``0-9a-z`` (36 characters);
* ``DICT90``: ``0-9a-zA-Z`` and the 28 symbols ``!"#$%&'()*+,-./:;<=>?@[\\]_`~``
  (90 characters, no space, no ``^{|}``);
* ``DICT91``: ``DICT90`` followed by the space character (91 characters), for
  text lines such as receipts.
"""
from __future__ import annotations

import logging
from collections import Counter
from typing import Sequence

import torch

from mmocr.registry import CONVERTORS
from mmocr.utils.errors import InvalidTypeError, InvalidValueError
from mmocr.utils.string_util import read_dict_file

__all__ = ['BaseConvertor', 'DICT36', 'DICT90', 'DICT91']

DICT36 = '0123456789abcdefghijklmnopqrstuvwxyz'
DICT90 = (DICT36 + 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
          '!"#$%&\'()*+,-./:;<=>?@[\\]_`~')
DICT91 = DICT90 + ' '

_BUILTIN_DICTS = {'DICT36': DICT36, 'DICT90': DICT90, 'DICT91': DICT91}

logger = logging.getLogger('mmocr')


@CONVERTORS.register_module()
class BaseConvertor:
    """Dictionary handling shared by all label convertors.

    Args:
        dict_type: ``'DICT36'``, ``'DICT90'`` or ``'DICT91'``.
        dict_file: Path of a dictionary file, one character per line.
        dict_list: The characters, in index order.

    Subclasses add special tokens (blank, unknown, start/end, padding) in
    :meth:`update_dict` and implement :meth:`str2tensor` / :meth:`tensor2idx`.
    Characters missing from the dictionary map to ``unknown_idx`` when the
    convertor has one; otherwise they are skipped, counted in
    :attr:`unknown_counts` and logged (first occurrence, then every
    :attr:`unknown_log_interval` occurrences).
    """

    start_idx = end_idx = padding_idx = 0
    unknown_idx: int | None = None
    lower = False
    unknown_log_interval = 1000

    def __init__(self, dict_type: str = 'DICT90', dict_file: str | None = None,
                 dict_list: Sequence[str] | None = None):
        if dict_file is not None:
            self.idx2char = read_dict_file(dict_file)
            source = f'dict_file {dict_file}'
        elif dict_list is not None:
            self.idx2char = [str(c) for c in dict_list]
            source = 'dict_list'
        else:
            if dict_type not in _BUILTIN_DICTS:
                raise InvalidValueError(
                    f'unknown dict_type {dict_type!r}; expected one '
                    f'of {sorted(_BUILTIN_DICTS)} or a dict_file')
            self.idx2char = list(_BUILTIN_DICTS[dict_type])
            source = dict_type
        if not self.idx2char:
            raise InvalidValueError(f'empty dictionary ({source})')
        duplicated = [c for c, n in Counter(self.idx2char).items() if n > 1]
        if duplicated:
            raise InvalidValueError(f'duplicated characters {duplicated} in {source}')
        self.unknown_counts: Counter = Counter()
        self._build_char2idx()

    def _build_char2idx(self) -> None:
        self.char2idx = {char: idx for idx, char in enumerate(self.idx2char)}

    def num_classes(self) -> int:
        """Number of output classes, special tokens included."""
        return len(self.idx2char)

    @property
    def num_unknown(self) -> int:
        """Total number of out-of-dictionary characters met by ``str2idx``."""
        return sum(self.unknown_counts.values())

    def _record_unknown(self, char: str) -> None:
        self.unknown_counts[char] += 1
        total = self.num_unknown
        if total == 1 or total % self.unknown_log_interval == 0:
            action = ('mapped to <UKN>' if self.unknown_idx is not None else
                      'skipped')
            top = ', '.join(f'{c!r}: {n}'
                            for c, n in self.unknown_counts.most_common(5))
            logger.warning(
                '%s: %d character(s) not in the dictionary so far were %s '
                '(most frequent: %s). Use a dict_file covering them%s.',
                type(self).__name__, total, action, top,
                '' if self.unknown_idx is not None else
                ' or set with_unknown=True')

    def str2idx(self, strings: Sequence[str]) -> list[list[int]]:
        """Convert strings to lists of class indexes.

        ``['hello', 'world']`` -> ``[[i_h, i_e, ...], [i_w, ...]]``. With
        ``lower=True`` strings are lower-cased first.
        """
        if isinstance(strings, str) or not all(
                isinstance(s, str) for s in strings):
            raise InvalidTypeError(f'strings must be a list of str, got {strings!r}')
        indexes = []
        for string in strings:
            if self.lower:
                string = string.lower()
            index = []
            for char in string:
                char_idx = self.char2idx.get(char)
                if char_idx is None:
                    self._record_unknown(char)
                    char_idx = self.unknown_idx
                if char_idx is not None:
                    index.append(char_idx)
            indexes.append(index)
        return indexes

    def idx2str(self, indexes: Sequence[Sequence[int]]) -> list[str]:
        """Convert lists of class indexes back to strings."""
        strings = []
        for index in indexes:
            try:
                strings.append(''.join(self.idx2char[int(i)] for i in index))
            except IndexError as err:
                raise IndexError(f'index out of range for a dictionary of '
                                 f'{self.num_classes()} classes: {index}') from err
        return strings

    def str2tensor(self, strings: Sequence[str]) -> dict:
        raise NotImplementedError(
            f'{type(self).__name__} does not implement str2tensor')

    def tensor2idx(self, output: torch.Tensor, img_metas=None):
        raise NotImplementedError(
            f'{type(self).__name__} does not implement tensor2idx')
