#!/usr/bin/env python
"""Convert LSVT (ICDAR 2019 Large-scale Street View Text, its fully
annotated training images) to MMOCR's COCO format
(``instances_training.json``, and ``instances_val.json`` with
``--val-ratio``) and line-json (``instances_{split}.txt``).

Layout of ROOT (MMOCR 0.x's): ``imgs/gt_N.jpg`` and
``annotations/train_full_labels.json`` (``{"gt_N": [{"transcription",
"points": [[x, y], ...], "illegibility"}, ...]}``). Words marked illegible
become ``iscrowd=1``. The test annotations are not public: ``--val-ratio
R`` holds out every ``floor(1/R)``-th image (in the json's order) as
validation, as 0.x did. File names in the output are ``gt_N.jpg`` (use
``img_prefix=ROOT/imgs``)::

    python tools/data/textdet/lsvt_converter.py data/lsvt --val-ratio 0.2

A word record without 3 or more ``[x, y]`` points is skipped with a warning
naming the file, image and record; a missing or unreadable image is skipped
with a warning.
"""
from __future__ import annotations

import sys

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils.det_convert import det_converter_main
from mmocr.datasets.utils.points_json import convert_points_json

ANN_FILE = 'annotations/train_full_labels.json'


def is_ignored(ann: dict) -> bool:
    """Illegible words are ignored."""
    return bool(ann.get('illegibility'))


def convert(root: str, out_dir: str, val_ratio: float = 0.,
            nproc: int = 1) -> dict[str, int]:
    """Convert LSVT; returns the number of images per split."""
    return convert_points_json(root, out_dir, ANN_FILE, is_ignored,
                               val_ratio, nproc)


def main(argv: list[str] | None = None) -> int:
    return det_converter_main(argv, 'Convert LSVT annotations to MMOCR '
                              'format', convert, with_val_ratio=True)


if __name__ == '__main__':
    sys.exit(run_tool(main, 'lsvt_converter.py'))
