#!/usr/bin/env python
"""Convert ReCTS (ICDAR 2019 reading Chinese text on signboards) to MMOCR's
COCO format (``instances_training.json`` and ``instances_val.json``) and
line-json (``instances_{split}.txt``).

Layout of ROOT (MMOCR 0.x's): ``imgs/NAME.jpg`` and the dataset's
``annotations/NAME.json`` (``gt_unicode``: ``{"chars": [...], "lines":
[{"ignore": 0 | 1, "transcription": ..., "points": [x1, y1, ..., x4, y4]},
...]}``). Each text line becomes an instance (points clipped to 0), with
``iscrowd`` its ``ignore`` flag; the characters are not used. The test
annotations are not public: ``--val-ratio R`` (default 0.2, as in 0.x)
holds out every ``floor(1/R)``-th ground-truth file (sorted by name) as
validation. File names in the output are ``NAME.jpg`` (use
``img_prefix=ROOT/imgs``)::

    python tools/data/textdet/rects_converter.py data/rects --nproc 4

A line record without 4 or more ``x, y`` points is skipped with a warning
naming the file and record; a json that does not parse, or whose image is
missing, is skipped with a warning.
"""
from __future__ import annotations

import sys

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils.det_convert import (
    convert_flat_det,
    det_converter_main,
)
from mmocr.datasets.utils.points_json import load_rects_annos


def convert(root: str, out_dir: str, val_ratio: float = 0.2,
            nproc: int = 1) -> dict[str, int]:
    """Convert ReCTS; returns the number of images per split."""
    return convert_flat_det(root, out_dir, load_rects_annos, val_ratio, nproc,
                            gt_ext='.json')


def main(argv: list[str] | None = None) -> int:
    return det_converter_main(argv, 'Convert ReCTS annotations to MMOCR '
                              'format', convert, with_val_ratio=True,
                              val_ratio_default=0.2)


if __name__ == '__main__':
    sys.exit(run_tool(main, 'rects_converter.py'))
