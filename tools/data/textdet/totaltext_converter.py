#!/usr/bin/env python
"""Convert Total-Text detection ground truth to MMOCR's COCO format
(``instances_{split}.json``) and line-json (``instances_{split}.txt``).

Layout of ROOT (MMOCR 0.x's): ``imgs/{training,test}/NAME.jpg`` and
``annotations/{training,test}/poly_gt_NAME.txt``, the dataset's txt ground
truth: one record per text, possibly wrapped over several lines::

    x: [[115 503 494 115]], y: [[322 346 426 404]], ornt: [u'm'],
    transcriptions: [u'nauGHTY']

Texts transcribed ``#`` are the dataset's "do not care" regions and become
``iscrowd: 1`` (ignored by training and evaluation). File names in the
output are ``{split}/NAME.jpg`` (use ``img_prefix=ROOT/imgs``)::

    python tools/data/textdet/totaltext_converter.py data/totaltext \\
        -o data/totaltext --split-list training test

A record that does not parse, has x and y of different lengths or fewer
than 3 points is skipped with a warning naming file and record.
"""
from __future__ import annotations

import re
import sys
import warnings

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils import (
    convert_det_splits,
    det_converter_main,
    make_det_annotation,
)

_RECORD = re.compile(
    r"x:\s*\[\[([-\d\s.]*)\]\],\s*y:\s*\[\[([-\d\s.]*)\]\],\s*"
    r"ornt:\s*\[u?'(.*?)'\],\s*transcriptions:\s*\[u?['\"](.*)['\"]\]\s*$")


def gt_name(stem: str, split: str) -> str:
    """Total-Text's ground truth of image ``NAME.jpg``: ``poly_gt_NAME.txt``."""
    return f'poly_gt_{stem}.txt'


def parse_record(record: str) -> tuple[list[float], str]:
    """``(flat polygon, transcript)`` of one ``x: ..., y: ..., ornt: ...,
    transcriptions: ...`` record.

    Raises:
        ValueError: the record does not parse or is not a polygon.
    """
    match = _RECORD.match(record.strip())
    if match is None:
        raise ValueError('not an "x: [[...]], y: [[...]], ornt: [...], '
                         'transcriptions: [...]" record')
    xs = [float(v) for v in match.group(1).split()]
    ys = [float(v) for v in match.group(2).split()]
    if len(xs) != len(ys) or len(xs) < 3:
        raise ValueError(f'{len(xs)} x and {len(ys)} y values: a polygon '
                         'needs as many of each, at least 3')
    return [v for pt in zip(xs, ys) for v in pt], match.group(4)


def read_records(gt_file: str) -> list[str]:
    """The records of a txt file, continuation lines joined."""
    records: list[str] = []
    with open(gt_file, encoding='utf-8-sig', errors='replace') as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            if line.startswith('x:') or not records:
                records.append(line)
            else:
                records[-1] += ' ' + line
    return records


def load_annos(gt_file: str, split: str) -> list[dict]:
    """The instances of one ground-truth file."""
    anno_info = []
    for idx, record in enumerate(read_records(gt_file)):
        try:
            coords, text = parse_record(record)
        except ValueError as err:
            warnings.warn(f'{gt_file}: record {idx}: {err}; skipped: '
                          f'{record[:80]!r}', stacklevel=2)
            continue
        anno_info.append(make_det_annotation(coords, text == '#'))
    return anno_info


def convert(root: str, out_dir: str, splits: list[str],
            nproc: int = 1) -> dict[str, int]:
    """Convert each split; returns the number of images per split."""
    return convert_det_splits(root, out_dir, splits, gt_name, load_annos,
                              nproc)


def main(argv: list[str] | None = None) -> int:
    return det_converter_main(
        argv, 'Convert Total-Text annotations to MMOCR format', convert)


if __name__ == '__main__':
    sys.exit(run_tool(main, 'totaltext_converter.py'))
