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

import sys

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils import convert_det_splits, make_det_annotation
from mmocr.datasets.utils.det_convert import det_converter_main
from mmocr.datasets.utils.totaltext import read_totaltext_words, totaltext_gt_name


def load_annos(gt_file: str, split: str) -> list[dict]:
    """The instances of one ground-truth file."""
    return [make_det_annotation(coords, text == '#')
            for coords, text in read_totaltext_words(gt_file)]


def convert(root: str, out_dir: str, splits: list[str],
            nproc: int = 1) -> dict[str, int]:
    """Convert each split; returns the number of images per split."""
    return convert_det_splits(root, out_dir, splits, totaltext_gt_name,
                              load_annos, nproc)


def main(argv: list[str] | None = None) -> int:
    return det_converter_main(
        argv, 'Convert Total-Text annotations to MMOCR format', convert)


if __name__ == '__main__':
    sys.exit(run_tool(main, 'totaltext_converter.py'))
