#!/usr/bin/env python
"""Convert FUNSD (form understanding in noisy scanned documents) word boxes
to MMOCR's COCO format (``instances_{split}.json``) and line-json
(``instances_{split}.txt``), for the training and test splits.

Layout of ROOT (MMOCR 0.x's): ``imgs/NAME.png`` (both splits' images) and
``annotations/{training,test}/NAME.json``, the dataset's json (``{"form":
[{"words": [{"box": [x1, y1, x2, y2], "text": ...}, ...], ...}, ...]}``).
Each word becomes a rectangle (corners floored, size ceiled, as in MMOCR
0.x); words with an empty text become ``iscrowd=1``. File names in the
output are ``NAME.png`` (use ``img_prefix=ROOT/imgs``)::

    python tools/data/textdet/funsd_converter.py data/funsd --nproc 4

A word without a ``[x1, y1, x2, y2]`` box is skipped with a warning naming
the file and word; a json file that does not parse, or whose image is
missing, is skipped with a warning.
"""
from __future__ import annotations

import os
import os.path as osp
import sys
from typing import Sequence

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils.det_convert import (
    check_folders,
    convert_det_gt_files,
    det_converter_main,
)
from mmocr.datasets.utils.funsd import load_funsd_words

SPLITS = ('training', 'test')


def convert(root: str, out_dir: str, splits: Sequence[str] = SPLITS,
            nproc: int = 1) -> dict[str, int]:
    """Convert each split; returns the number of images per split."""
    img_dir = osp.join(root, 'imgs')
    gt_dirs = {s: osp.join(root, 'annotations', s) for s in splits}
    check_folders([img_dir, *gt_dirs.values()])
    return {split: convert_det_gt_files(
        img_dir, gt_dir, sorted(f for f in os.listdir(gt_dir)
                                if f.endswith('.json')),
        split, out_dir, load_funsd_words, nproc, img_ext='.png')
        for split, gt_dir in gt_dirs.items()}


def main(argv: list[str] | None = None) -> int:
    return det_converter_main(
        argv, 'Convert FUNSD word annotations to MMOCR format', convert,
        SPLITS)


if __name__ == '__main__':
    sys.exit(run_tool(main, 'funsd_converter.py'))
