#!/usr/bin/env python
"""Convert MTWI 2018 (ICPR web images) to MMOCR's COCO format
(``instances_training.json``, and ``instances_val.json`` with
``--val-ratio``) and line-json (``instances_{split}.txt``).

Layout of ROOT (MMOCR 0.x's): ``imgs/NAME.jpg`` (``image_train``) and
``annotations/NAME.txt`` (``txt_train``), one text per line:
``x1,y1,x2,y2,x3,y3,x4,y4,transcript`` with real coordinates (floored).
Texts transcribed ``###`` become ``iscrowd=1``. Some images are GIFs named
``.jpg``: they are read as they are (MMOCR 0.x rewrote them inside the
dataset). The test annotations are not public: ``--val-ratio R`` (also
spelt ``--val_ratio`` as in 0.x) holds out every ``floor(1/R)``-th
ground-truth file (sorted by name) as validation. File names in the output
are ``NAME.jpg`` (use ``img_prefix=ROOT/imgs``)::

    python tools/data/textdet/mtwi_converter.py data/mtwi --val-ratio 0.2 \\
        --nproc 4

A line without 8 numeric coordinates and a transcript is skipped with a
warning naming the file and line; a ground-truth file whose image is
missing or unreadable is skipped with a warning.
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
from mmocr.datasets.utils.flat_txt import parse_mtwi_line

#: The instances of one ground-truth file: ``load_annos(gt_file, split)``.
load_annos = partial(load_line_annos, parse=parse_mtwi_line)


def convert(root: str, out_dir: str, val_ratio: float = 0.,
            nproc: int = 1) -> dict[str, int]:
    """Convert MTWI; returns the number of images per split."""
    return convert_flat_det(root, out_dir, load_annos, val_ratio, nproc)


def main(argv: list[str] | None = None) -> int:
    return det_converter_main(argv, 'Convert MTWI annotations to MMOCR '
                              'format', convert, with_val_ratio=True)


if __name__ == '__main__':
    sys.exit(run_tool(main, 'mtwi_converter.py'))
