#!/usr/bin/env python
"""Convert RCTW-17 (Reading Chinese Text in the Wild) to MMOCR's COCO
format (``instances_training.json``, and ``instances_val.json`` with
``--val-ratio``) and line-json (``instances_{split}.txt``).

Layout of ROOT (MMOCR 0.x's): ``imgs/NAME.jpg`` (``train_images.zip.*``) and
``annotations/NAME.txt`` (``train_gts.zip``), one text per line:
``x1,y1,x2,y2,x3,y3,x4,y4,difficult,"transcript"``. Texts marked difficult
(``difficult != 0``) or transcribed ``###`` become ``iscrowd=1``. The test
annotations are not public: ``--val-ratio R`` holds out every
``floor(1/R)``-th ground-truth file (sorted by name) as validation. File
names in the output are ``NAME.jpg`` (use ``img_prefix=ROOT/imgs``)::

    python tools/data/textdet/rctw_converter.py data/rctw --val-ratio 0.2 \\
        --nproc 4

A line without 8 integer coordinates, the difficult flag and a transcript
is skipped with a warning naming the file and line; a ground-truth file
whose image is missing or unreadable is skipped with a warning.
"""
from __future__ import annotations

import sys
from functools import partial

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils.det_convert import (
    convert_flat_det,
    det_converter_main,
    load_line_annos,
)
from mmocr.datasets.utils.flat_txt import parse_rctw_line

#: The instances of one ground-truth file: ``load_annos(gt_file, split)``.
load_annos = partial(load_line_annos, parse=parse_rctw_line)


def convert(root: str, out_dir: str, val_ratio: float = 0.,
            nproc: int = 1) -> dict[str, int]:
    """Convert RCTW; returns the number of images per split."""
    return convert_flat_det(root, out_dir, load_annos, val_ratio, nproc)


def main(argv: list[str] | None = None) -> int:
    return det_converter_main(argv, 'Convert RCTW annotations to MMOCR '
                              'format', convert, with_val_ratio=True)


if __name__ == '__main__':
    sys.exit(run_tool(main, 'rctw_converter.py'))
