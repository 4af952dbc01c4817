#!/usr/bin/env python
"""Crop the texts of MTWI 2018 into recognition samples, with MMOCR's label
files ``train_label.jsonl`` (and ``val_label.jsonl`` with ``--val-ratio``;
``.txt`` with ``--format txt``).

The input is laid out as for the detection converter (MMOCR 0.x's):
``imgs/NAME.jpg`` and ``annotations/NAME.txt`` (``x1,y1,...,x4,y4,text``,
real coordinates floored). Each text but ``###`` is cut along its bounding
rectangle (clipped to the image) into
``OUT/dst_imgs/{training,val}/NAME_K.png`` (``K`` from 1 per image) and
listed as ``{training,val}/NAME_K.png`` (use ``img_prefix=OUT/dst_imgs``).
Vertical texts (more than twice as high as wide) are not cut unless
``--preserve-vertical`` is given. ``--val-ratio R`` holds out every
``floor(1/R)``-th ground-truth file (sorted) as validation, as 0.x did
(0.x's spellings ``--val_ratio`` and ``--preserve_vertical`` work too)::

    python tools/data/textrecog/mtwi_converter.py data/mtwi --val-ratio 0.2 \\
        --nproc 4

A malformed line is skipped with a warning naming the file and line; a
missing or unreadable image is skipped with a warning.
"""
from __future__ import annotations

import sys
from functools import partial

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils.det_convert import load_line_annos
from mmocr.datasets.utils.flat_txt import parse_mtwi_line
from mmocr.datasets.utils.recog_convert import (
    convert_flat_word_crops,
    split_crop_converter_main,
)


def convert(root: str, out_dir: str, val_ratio: float = 0.,
            label_format: str = 'jsonl', preserve_vertical: bool = False,
            nproc: int = 1) -> dict[str, int]:
    """Crop MTWI; returns the number of samples per label file."""
    return convert_flat_word_crops(
        root, out_dir, partial(load_line_annos, parse=parse_mtwi_line), 'dst_imgs',
        val_ratio, label_format, preserve_vertical, None, nproc)


def main(argv: list[str] | None = None) -> int:
    return split_crop_converter_main(
        argv, 'Crop MTWI texts into recognition samples', convert)


if __name__ == '__main__':
    sys.exit(run_tool(main, 'mtwi_converter.py'))
