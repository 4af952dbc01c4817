#!/usr/bin/env python
"""Convert ICDAR 2011 (Born-Digital Images, Task 1.1 text localization)
ground truth to MMOCR's COCO format (``instances_{split}.json``) and
line-json (``instances_{split}.txt``), for the training and test splits.

Layout of ROOT (MMOCR 0.x's): ``imgs/{training,test}/NAME.png`` (some
images are GIFs: they are read as they are, not rewritten) and
``annotations/{training,test}/gt_NAME.txt``, one word per line:
``left, top, right, bottom, "transcript"``. Every word is kept as text
(``iscrowd=0``). File names in the output are ``{split}/NAME.png`` (use
``img_prefix=ROOT/imgs``)::

    python tools/data/textdet/ic11_converter.py data/icdar2011 --nproc 4

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

SPLITS = ('training', 'test')


def convert(root: str, out_dir: str, splits: Sequence[str] = SPLITS,
            nproc: int = 1) -> dict[str, int]:
    """Convert each split; returns the number of images per split."""
    return convert_det_splits(root, out_dir, list(splits), icdar_gt_name,
                              load_ltrb_annos, nproc)


def main(argv: list[str] | None = None) -> int:
    return det_converter_main(
        argv, 'Convert ICDAR 2011 detection annotations to MMOCR format',
        convert, SPLITS)


if __name__ == '__main__':
    sys.exit(run_tool(main, 'ic11_converter.py'))
