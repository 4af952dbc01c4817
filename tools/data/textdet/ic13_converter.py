#!/usr/bin/env python
"""Convert ICDAR 2013 (Focused Scene Text, Task 2.1 text localization)
ground truth to MMOCR's COCO format (``instances_{split}.json``) and
line-json (``instances_{split}.txt``), for the training and test splits.

Layout of ROOT (MMOCR 0.x's): ``imgs/{training,test}/NAME.jpg`` and
``annotations/{training,test}/gt_NAME.txt``, one word per line:
``left top right bottom "transcript"`` in the training set,
``left, top, right, bottom, "transcript"`` in the test set. Every word is
kept as text (``iscrowd=0``). File names in the output are
``{split}/NAME.jpg`` (use ``img_prefix=ROOT/imgs``)::

    python tools/data/textdet/ic13_converter.py data/icdar2013 --nproc 4

A line without 4 integer coordinates (or with an empty box) is skipped with
a warning naming the file and line; an unreadable image is skipped with a
warning.
"""
from __future__ import annotations

import sys
from typing import Sequence

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils import convert_det_splits
from mmocr.datasets.utils.det_convert import (
    det_converter_main,
    icdar_gt_name,
    load_ltrb_annos,
)

#: The field separator of each split's ground truth.
SEPARATORS = {'training': ' ', 'test': ','}


def load_annos(gt_file: str, split: str) -> list[dict]:
    """The instances of one ground-truth file of ``split``."""
    return load_ltrb_annos(gt_file, split, SEPARATORS[split])


def convert(root: str, out_dir: str, splits: Sequence[str] = tuple(SEPARATORS),
            nproc: int = 1) -> dict[str, int]:
    """Convert each split; returns the number of images per split."""
    for split in splits:
        if split not in SEPARATORS:
            raise ValueError(f'unknown split {split!r}: ICDAR 2013 has '
                             'training and test')
    return convert_det_splits(root, out_dir, list(splits), icdar_gt_name,
                              load_annos, nproc)


def main(argv: list[str] | None = None) -> int:
    return det_converter_main(
        argv, 'Convert ICDAR 2013 detection annotations to MMOCR format',
        convert, tuple(SEPARATORS))


if __name__ == '__main__':
    sys.exit(run_tool(main, 'ic13_converter.py'))
