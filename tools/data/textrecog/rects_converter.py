#!/usr/bin/env python
"""Crop the text lines of ReCTS into recognition samples, with MMOCR's
label files ``train_label.jsonl`` (and ``val_label.jsonl`` with
``--val-ratio``; ``.txt`` with ``--format txt``).

The input is laid out as for the detection converter (MMOCR 0.x's):
``imgs/NAME.jpg`` and ``annotations/NAME.json``. Each text line not marked
``ignore`` is cut along its bounding rectangle (clipped to the image) into
``OUT/crops/{training,val}/NAME_K.png`` (``K`` from 1 per image) and listed
as ``{training,val}/NAME_K.png`` (use ``img_prefix=OUT/crops``). Vertical
lines (more than twice as high as wide) are cut into
``OUT/ignores/{split}/`` and left out of the labels unless
``--preserve-vertical`` is given. ``--val-ratio R`` (default 0, as in 0.x's
recognition converter) holds out every ``floor(1/R)``-th ground-truth file
(sorted) as validation::

    python tools/data/textrecog/rects_converter.py data/rects --val-ratio 0.2

A line record without points is skipped with a warning naming the file and
record; a json that does not parse, or whose image is missing, is skipped
with a warning.
"""
from __future__ import annotations

import sys

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils.points_json import load_rects_annos
from mmocr.datasets.utils.recog_convert import (
    convert_flat_word_crops,
    split_crop_converter_main,
)


def convert(root: str, out_dir: str, val_ratio: float = 0.,
            label_format: str = 'jsonl', preserve_vertical: bool = False,
            nproc: int = 1) -> dict[str, int]:
    """Crop ReCTS; returns the number of samples per label file."""
    return convert_flat_word_crops(
        root, out_dir, load_rects_annos, 'crops', val_ratio, label_format,
        preserve_vertical, 'ignores', nproc, gt_ext='.json')


def main(argv: list[str] | None = None) -> int:
    return split_crop_converter_main(
        argv, 'Crop ReCTS text lines into recognition samples', convert)


if __name__ == '__main__':
    sys.exit(run_tool(main, 'rects_converter.py'))
