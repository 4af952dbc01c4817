#!/usr/bin/env python
"""Convert BID (Brazilian Identity Document dataset) to MMOCR's COCO format
(``instances_training.json``, and ``instances_val.json`` with
``--val-ratio``) and line-json (``instances_{split}.txt``).

Layout of ROOT (MMOCR 0.x's): ``imgs/NNNNNNNN_in.jpg`` and
``annotations/NNNNNNNN_gt_ocr.txt`` (latin-1), one text per line:
``x, y, w, h, transcript`` (a header line starting with ``x`` or ``[`` is
skipped). Every text is kept (``iscrowd=0``) as its box's rectangle. With
``--val-ratio R``, the first ``int(R * number of images)`` images (sorted by
name) are held out as validation, as in 0.x. File names in the output are
``NNNNNNNN_in.jpg`` (use ``img_prefix=ROOT/imgs``)::

    python tools/data/textdet/bid_converter.py data/BID --val-ratio 0.2 \\
        --nproc 4

A line without 4 integer box values and a transcript is skipped with a
warning naming the file and line; an image without ground truth, or
unreadable, is skipped with a warning.
"""
from __future__ import annotations

import sys

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils.det_convert import (
    convert_flat_images,
    det_converter_main,
    val_split_head,
)
from mmocr.datasets.utils.flat_txt import bid_gt_name, load_bid_annos


def convert(root: str, out_dir: str, val_ratio: float = 0.,
            nproc: int = 1) -> dict[str, int]:
    """Convert BID; returns the number of images per split."""
    return convert_flat_images(root, out_dir, bid_gt_name, load_bid_annos,
                               val_ratio, nproc, split=val_split_head)


def main(argv: list[str] | None = None) -> int:
    return det_converter_main(argv, 'Convert BID annotations to MMOCR '
                              'format', convert, with_val_ratio=True)


if __name__ == '__main__':
    sys.exit(run_tool(main, 'bid_converter.py'))
