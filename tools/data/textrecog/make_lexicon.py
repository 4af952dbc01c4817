#!/usr/bin/env python
"""Write the lexicon of recognition label files for ``CTCLexicon``.

Collects the words (runs of letters, upper-cased) of the transcripts of
training label files, in the toolbox's formats: ``.jsonl`` lines with
``filename`` and ``text`` keys, or ``.txt`` lines ``filename text``. Only
training labels: a lexicon holding validation words would flatter the
validation figures::

    python tools/data/textrecog/make_lexicon.py \\
        data/sroie_crops/train_label.jsonl data/iiit5k/train_label.txt \\
        -o mmocr/model_zoo/lexicons/sroie_iiit5k_train.txt

Prints the number of words; writes one word per line, sorted.
"""
from __future__ import annotations

import argparse
import collections
import os.path as osp
import sys

if __package__ in (None, ''):  # python tools/data/textrecog/... from anywhere
    sys.path.insert(0, osp.dirname(osp.dirname(osp.dirname(osp.dirname(
        osp.abspath(__file__))))))

from mmocr.apis.utils import run_tool  # noqa: E402
from mmocr.models.textrecog.convertors.lexicon import WORD_PATTERN  # noqa: E402
from mmocr.utils.fileio import atomic_write_text  # noqa: E402
from mmocr.utils.lmdb_util import parse_label_line  # noqa: E402


def label_texts(path: str) -> list[str]:
    """The transcripts of a ``.jsonl`` or ``.txt`` recognition label file
    (lines as :func:`~mmocr.utils.lmdb_util.parse_label_line` reads them).

    Raises:
        ValueError: another file type, or a line that does not parse
            (named by file and line).
    """
    if not path.endswith(('.jsonl', '.txt')):
        raise ValueError(f'{path}: expected a .jsonl or .txt label file')
    label_format = 'jsonl' if path.endswith('.jsonl') else 'txt'
    with open(path, encoding='utf-8') as f:
        parsed = [parse_label_line(line, label_format, f'{path}:{line_no}')
                  for line_no, line in enumerate(f, 1)]
    return [sample[1] for sample in parsed if sample is not None]


def make_lexicon(label_files: list[str], min_count: int = 1,
                 min_len: int = 2) -> list[str]:
    """Sorted upper-case words seen at least ``min_count`` times."""
    counts = collections.Counter(
        word.upper() for path in label_files for text in label_texts(path)
        for word in WORD_PATTERN.findall(text))
    return sorted(w for w, c in counts.items()
                  if c >= min_count and len(w) >= min_len)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('label_files', nargs='+',
                        help='training label files (.jsonl or .txt)')
    parser.add_argument('-o', '--out', required=True,
                        help='output text file, one word per line')
    parser.add_argument('--min-count', type=int, default=1,
                        help='keep words seen at least this often')
    parser.add_argument('--min-len', type=int, default=2,
                        help='keep words at least this long')
    args = parser.parse_args(argv)
    words = make_lexicon(args.label_files, args.min_count, args.min_len)
    if not words:
        raise ValueError(f'no word of {args.min_len}+ letters in '
                         f'{", ".join(args.label_files)}')
    atomic_write_text(args.out, '\n'.join(words) + '\n')
    print(f'{len(words)} words written to {args.out}')
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'make_lexicon.py'))
