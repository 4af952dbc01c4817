#!/usr/bin/env python
"""Convert VinText (Vietnamese scene text) to MMOCR's COCO format
(``instances_{training,test,unseen_test}.json``) and line-json
(``instances_{split}.txt``).

Layout of ROOT (MMOCR 0.x's): ``imgs/{training,test,unseen_test}/imNNNN.jpg``
and one folder of ground truth for all splits, ``annotations/gt_N.txt``
(``N`` the image's number without leading zeros), one text per line:
``x1,y1,...,x4,y4,transcript``. Texts transcribed ``###`` become
``iscrowd=1``. File names in the output are ``{split}/imNNNN.jpg`` (use
``img_prefix=ROOT/imgs``)::

    python tools/data/textdet/vintext_converter.py data/vintext --nproc 4

A line without 8 integer coordinates and a transcript is skipped with a
warning naming the file and line; an image without ground truth, or
unreadable, is skipped with a warning; a missing folder is one error line.
"""
from __future__ import annotations

import sys
from functools import partial
from typing import Sequence

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils import convert_det_splits
from mmocr.datasets.utils.det_convert import det_converter_main, load_line_annos
from mmocr.datasets.utils.flat_txt import parse_quad_line, vintext_gt_name

SPLITS = ('training', 'test', 'unseen_test')

#: The instances of one ground-truth file: ``load_annos(gt_file, split)``.
load_annos = partial(load_line_annos, parse=parse_quad_line)


def convert(root: str, out_dir: str, splits: Sequence[str] = SPLITS,
            nproc: int = 1) -> dict[str, int]:
    """Convert each split; returns the number of images per split."""
    return convert_det_splits(root, out_dir, list(splits), vintext_gt_name,
                              load_annos, nproc, flat_gt=True)


def main(argv: list[str] | None = None) -> int:
    return det_converter_main(argv, 'Convert VinText annotations to MMOCR '
                              'format', convert, SPLITS)


if __name__ == '__main__':
    sys.exit(run_tool(main, 'vintext_converter.py'))
