#!/usr/bin/env python
"""Convert the word labels of Lecture Video DB to MMOCR's recognition label
files ``{train,val,test}_label.jsonl`` (``--format txt``: the dataset's own
files are already MMOCR's txt labels).

The input is the unzipped ``IIIT-CVid.zip`` (MMOCR 0.x's layout: ROOT holds
``Crops/`` and ``{train,val,test}_label.txt`` with lines
``Crops/val/11/1/1.png word``; the word may hold spaces). File names stay
as they are (use ``img_prefix=ROOT``)::

    python tools/data/textrecog/lv_converter.py data/lv

A line that is not ``NAME.png word`` is skipped with a warning naming the
file and line; a missing label file is one error line before anything is
written.
"""
from __future__ import annotations

import os.path as osp
import re
import sys
import warnings

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils.det_convert import gt_lines
from mmocr.datasets.utils.recog_convert import (
    print_label_counts,
    recog_converter_parser,
    write_recog_labels,
)

SPLITS = ('train', 'val', 'test')
_LINE = re.compile(r'^(\S+\.png) (.+)$')


def read_lv_labels(label_file: str) -> list[tuple[str, str]]:
    """``(file name, word)`` of each line of an LV label file."""
    if not osp.isfile(label_file):
        raise FileNotFoundError(f'label file not found: {label_file}')
    samples = []
    for line_no, line in gt_lines(label_file):
        match = _LINE.match(line)
        if match is None:
            warnings.warn(f'{label_file}:{line_no}: skipped line (expected '
                          f'"NAME.png word"): {line!r}', stacklevel=2)
            continue
        samples.append((match.group(1), match.group(2)))
    return samples


def convert(root: str, out_dir: str,
            label_format: str = 'jsonl') -> dict[str, int]:
    """Convert the three label files; returns the samples per split. A txt
    output that would replace its own input is not written."""
    labels = {s: read_lv_labels(osp.join(root, f'{s}_label.txt'))
              for s in SPLITS}
    counts = {}
    for split, samples in labels.items():
        out_file = osp.join(out_dir, f'{split}_label.{label_format}')
        if osp.abspath(out_file) == osp.abspath(osp.join(root,
                                                         f'{split}_label.txt')):
            counts[split] = len(samples)
            continue
        counts[split] = write_recog_labels(samples, out_file, label_format)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = recog_converter_parser('Convert Lecture Video DB word labels to '
                                    'MMOCR format', 'jsonl', with_nproc=False)
    args = parser.parse_args(argv)
    out_dir = args.out_dir or args.root_path
    print_label_counts(convert(args.root_path, out_dir, args.format), out_dir,
                       args.format)
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'lv_converter.py'))
