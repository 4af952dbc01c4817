"""Write the Chinese recognition dictionary (one character per line).

The characters are the 3500 of level 1 of the Table of General Standard
Chinese Characters (通用规范汉字表, 2013): the code points whose Unihan
``kTGH`` index is 1-3500, read from the Unihan database of Debian's
``unicode-data`` package (``apt-get install unicode-data``: files
``/usr/share/unicode/Unihan_*.txt.bz2``; an unpacked ``Unihan.zip`` works
too). They are ordered by Unihan's ``kFrequency`` class (1 most frequent,
those without one last), then by their index in the table, so a line's
position is its frequency rank: ``gen_recog.py --corpus chinese`` draws
characters with weights falling with it. The 95 printable ASCII characters
(space included) and the common full-width punctuation follow::

    python tools/data/synth/make_chinese_dict.py \
        mmocr/model_zoo/dicts/chinese_level1_ascii.txt
"""
from __future__ import annotations

import argparse
import bz2
import glob
import os.path as osp
import string
import sys

from mmocr.apis.utils import run_tool
from mmocr.utils.errors import InvalidValueError
from mmocr.utils.fileio import atomic_write_text

#: Full-width punctuation of Chinese text, in the dictionary's order.
CJK_PUNCTUATION = '，。、；：？！“”‘’（）《》【】—…·￥％'
ASCII = string.digits + string.ascii_letters + string.punctuation + ' '
LEVEL1_SIZE = 3500


def read_unihan(unihan_dir: str, fields: set[str]) -> dict[str, dict[str, str]]:
    """``{field: {char: value}}`` of ``fields`` in the ``Unihan_*.txt`` (or
    ``.txt.bz2``) files of ``unihan_dir``."""
    paths = sorted(glob.glob(osp.join(unihan_dir, 'Unihan_*.txt*')))
    if not paths:
        raise FileNotFoundError(
            f'no Unihan_*.txt(.bz2) files in {unihan_dir}: install Debian\'s '
            'unicode-data package or pass --unihan-dir')
    table: dict[str, dict[str, str]] = {f: {} for f in fields}
    for path in paths:
        opener = bz2.open if path.endswith('.bz2') else open
        with opener(path, 'rt', encoding='utf-8') as f:
            for line in f:
                parts = line.rstrip('\n').split('\t')
                if len(parts) == 3 and parts[1] in fields:
                    table[parts[1]][chr(int(parts[0][2:], 16))] = parts[2]
    return table


def chinese_dict(unihan_dir: str = '/usr/share/unicode') -> list[str]:
    """The dictionary's characters (see the module docstring)."""
    table = read_unihan(unihan_dir, {'kTGH', 'kFrequency'})
    level1 = {}
    for char, value in table['kTGH'].items():
        index = int(value.split()[0].split(':')[1])  # "2013:NNNN"
        if index <= LEVEL1_SIZE:
            level1[char] = index
    if len(level1) != LEVEL1_SIZE:
        raise InvalidValueError(f'{unihan_dir}: {len(level1)} kTGH characters of '
                                f'level 1, expected {LEVEL1_SIZE}')
    freq = table['kFrequency']
    if not freq:
        raise InvalidValueError(
            f'{unihan_dir}: no kFrequency field (later Unihan versions drop '
            "it); use Unicode 15.0's Unihan, Debian bookworm's unicode-data")
    hanzi = sorted(level1, key=lambda c: (int(freq.get(c, 6)), level1[c]))
    return hanzi + list(ASCII) + list(CJK_PUNCTUATION)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('out', help='dictionary file to write')
    parser.add_argument('--unihan-dir', default='/usr/share/unicode')
    args = parser.parse_args(argv)
    chars = chinese_dict(args.unihan_dir)
    atomic_write_text(args.out, ''.join(c + '\n' for c in chars))
    print(f'{len(chars)} characters written to {args.out}')


if __name__ == '__main__':
    sys.exit(run_tool(main, 'make_chinese_dict.py'))
