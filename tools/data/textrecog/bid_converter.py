#!/usr/bin/env python
"""Crop the texts of BID (Brazilian identity documents) into recognition
samples, with MMOCR's label files ``training_label.jsonl`` (and
``val_label.jsonl`` with ``--val-ratio``; 0.x's names; ``.txt`` with
``--format txt``).

The input is laid out as for the detection converter (MMOCR 0.x's):
``imgs/NNNNNNNN_in.jpg`` and ``annotations/NNNNNNNN_gt_ocr.txt``. Each text
is cut along its box (clipped to the image) into
``OUT/crops/{training,val}/NNNNNNNN_in_K.png`` (``K`` from 1 per image) and
listed as ``{training,val}/NNNNNNNN_in_K.png`` (use
``img_prefix=OUT/crops``). Vertical texts (more than twice as high as wide)
are cut into ``OUT/ignores/{training,val}/`` and left out of the labels
unless ``--preserve-vertical`` is given. As in 0.x, ``--val-ratio R`` holds
out the first ``int(R * number of images)`` images (sorted) as
validation::

    python tools/data/textrecog/bid_converter.py data/BID --val-ratio 0.2 \\
        --nproc 4

A malformed line is skipped with a warning naming the file and line; an
image without ground truth, or unreadable, is skipped with a warning.
"""
from __future__ import annotations

import sys

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils.det_convert import val_split_head
from mmocr.datasets.utils.flat_txt import bid_gt_name, load_bid_annos
from mmocr.datasets.utils.recog_convert import (
    convert_flat_image_word_crops,
    split_crop_converter_main,
)


def convert(root: str, out_dir: str, val_ratio: float = 0.,
            label_format: str = 'jsonl', preserve_vertical: bool = False,
            nproc: int = 1) -> dict[str, int]:
    """Crop BID; returns the number of samples per label file."""
    return convert_flat_image_word_crops(
        root, out_dir, bid_gt_name, load_bid_annos, 'crops', val_ratio,
        label_format, preserve_vertical, nproc, split=val_split_head,
        label_stems=('training', 'val'), vertical_dir='ignores')


def main(argv: list[str] | None = None) -> int:
    return split_crop_converter_main(
        argv, 'Crop BID texts into recognition samples', convert)


if __name__ == '__main__':
    sys.exit(run_tool(main, 'bid_converter.py'))
