#!/usr/bin/env python
"""Crop the words of FUNSD into recognition samples, with MMOCR's label
files ``train_label.jsonl`` and ``test_label.jsonl`` (``.txt`` with
``--format txt``).

The input is laid out as for the detection converter (MMOCR 0.x's):
``imgs/NAME.png`` and ``annotations/{training,test}/NAME.json``. Each word
with a text is cut along its box (corner floored, size ceiled), padded as
MMOCR 0.x did (0.4 / 0.2 of its shorter side along / across it) and clipped
to the image, into ``OUT/dst_imgs/{training,test}/NAME_K.png`` (``K`` from
1 per image) and listed as ``{training,test}/NAME_K.png`` (use
``img_prefix=OUT/dst_imgs``). Vertical words (more than twice as high as
wide) are not cut unless ``--preserve-vertical`` (0.x:
``--preserve_vertical``) is given::

    python tools/data/textrecog/funsd_converter.py data/funsd --nproc 4

A word without a box is skipped with a warning naming the file and word; a
json that does not parse, or whose image is missing, is skipped with a
warning; a missing folder is one error line before anything is written.
"""
from __future__ import annotations

import os
import os.path as osp
import sys

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils.det_convert import check_folders
from mmocr.datasets.utils.funsd import load_funsd_words
from mmocr.datasets.utils.recog_convert import (
    split_crop_converter_main,
    write_split_word_crops,
)

#: Our split name -> its label file's stem.
SPLITS = {'training': 'train', 'test': 'test'}
#: MMOCR 0.x's crop padding ratios (long edge, short edge).
PAD = (0.4, 0.2)


def convert(root: str, out_dir: str, label_format: str = 'jsonl',
            preserve_vertical: bool = False,
            nproc: int = 1) -> dict[str, int]:
    """Crop both splits; returns the number of samples per label file."""
    img_dir = osp.join(root, 'imgs')
    gt_dirs = {s: osp.join(root, 'annotations', s) for s in SPLITS}
    check_folders([img_dir, *gt_dirs.values()])
    counts = {}
    for split, stem in SPLITS.items():
        pairs = [(osp.join(img_dir, f'{osp.splitext(n)[0]}.png'),
                  osp.join(gt_dirs[split], n))
                 for n in sorted(os.listdir(gt_dirs[split]))
                 if n.endswith('.json')]
        counts[stem] = write_split_word_crops(
            pairs, load_funsd_words, split, stem, out_dir, 'dst_imgs',
            label_format, preserve_vertical, None, nproc, PAD)
    return counts


def main(argv: list[str] | None = None) -> int:
    return split_crop_converter_main(
        argv, 'Crop FUNSD words into recognition samples', convert,
        with_val_ratio=False)


if __name__ == '__main__':
    sys.exit(run_tool(main, 'funsd_converter.py'))
