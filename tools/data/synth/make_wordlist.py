"""Write an English word list for ``gen_recog.py --corpus``.

The words come from the ``english-words`` package on PyPI (``pip install
english-words``; its ``gcide`` list, about 110k words); the list is not
shipped with the project. Each word is written in lower case, Capitalised or
UPPER case (deterministic for a seed) so that the recognizer sees all three,
as in scene text::

    python tools/data/synth/make_wordlist.py data/words.txt
"""
from __future__ import annotations

import argparse
import random
import sys

from mmocr.apis.utils import run_tool
from mmocr.utils.fileio import atomic_write_text


def make_wordlist(max_len: int = 18, seed: int = 0,
                  upper_ratio: float = 0.35,
                  capital_ratio: float = 0.25) -> list[str]:
    try:
        from english_words import get_english_words_set
    except ImportError as err:
        raise ImportError('make_wordlist needs the english-words package: '
                          'pip install english-words') from err
    words = sorted(w for w in get_english_words_set(['gcide'])
                   if w.isascii() and 0 < len(w) <= max_len and ' ' not in w)
    rng = random.Random(seed)
    out = []
    for word in words:
        draw = rng.random()
        if draw < upper_ratio:
            word = word.upper()
        elif draw < upper_ratio + capital_ratio:
            word = word.capitalize()
        out.append(word)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('out', help='output text file, one word per line')
    parser.add_argument('--max-len', type=int, default=18)
    parser.add_argument('--seed', type=int, default=0)
    args = parser.parse_args(argv)
    words = make_wordlist(args.max_len, args.seed)
    atomic_write_text(args.out, '\n'.join(words) + '\n')
    print(f'{len(words)} words written to {args.out}')
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'make_wordlist.py'))
