#!/usr/bin/env python
"""Crop the texts of DeText into recognition samples, with MMOCR's label
files ``train_label.jsonl`` and ``val_label.jsonl`` (``.txt`` with
``--format txt``).

The input is laid out as for the detection converter (MMOCR 0.x's):
``imgs/{training,val}/NAME.jpg`` and ``annotations/{training,val}/
gt_NAME.txt`` (``x1,y1,...,x4,y4,transcript``). Each text but ``###`` is
cut along its bounding rectangle (clipped to the image) into
``OUT/crops/{training,val}/NAME_K.png`` (``K`` from 1 per image) and listed
as ``{training,val}/NAME_K.png`` (use ``img_prefix=OUT/crops``). Vertical
texts (more than twice as high as wide) are cut into
``OUT/ignores/{split}/`` and left out of the labels unless
``--preserve-vertical`` is given::

    python tools/data/textrecog/detext_converter.py data/detext --nproc 4

A malformed line is skipped with a warning naming the file and line; an
image without ground truth, or unreadable, is skipped with a warning; a
missing split folder is one error line before anything is written.
"""
from __future__ import annotations

import os.path as osp
import sys
from functools import partial

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils import collect_det_files
from mmocr.datasets.utils.det_convert import (
    check_folders,
    icdar_gt_name,
    load_line_annos,
)
from mmocr.datasets.utils.flat_txt import parse_quad_line
from mmocr.datasets.utils.recog_convert import (
    split_crop_converter_main,
    write_split_word_crops,
)

#: Our split name -> its label file's stem.
SPLITS = {'training': 'train', 'val': 'val'}


def convert(root: str, out_dir: str, label_format: str = 'jsonl',
            preserve_vertical: bool = False,
            nproc: int = 1) -> dict[str, int]:
    """Crop both splits; returns the number of samples per label file."""
    folders = {s: (osp.join(root, 'imgs', s), osp.join(root, 'annotations', s))
               for s in SPLITS}
    check_folders([f for pair in folders.values() for f in pair])
    load_annos = partial(load_line_annos, parse=parse_quad_line)
    return {stem: write_split_word_crops(
        collect_det_files(*folders[split], split, icdar_gt_name), load_annos,
        split, stem, out_dir, 'crops', label_format, preserve_vertical,
        'ignores', nproc) for split, stem in SPLITS.items()}


def main(argv: list[str] | None = None) -> int:
    return split_crop_converter_main(
        argv, 'Crop DeText texts into recognition samples', convert,
        with_val_ratio=False)


if __name__ == '__main__':
    sys.exit(run_tool(main, 'detext_converter.py'))
