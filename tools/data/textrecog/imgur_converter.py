#!/usr/bin/env python
"""Crop the handwritten words of IMGUR5K into recognition samples, with
MMOCR's label files ``{train,val,test}_label.jsonl`` (``.txt`` with
``--format txt``).

Layout of ROOT (MMOCR 0.x's, as for the detection converter):
``imgs/NAME.jpg`` and ``annotations/imgur5k_annotations_{train,val,test}
.json``. Each word's oriented box ``[x_center, y_center, width, height,
angle]`` is cut along the bounding rectangle of its corners into
``ROOT/crops/{split}/NAME_K.png`` (``K``: the word's number in the image,
from 1) and listed as ``{split}/NAME_K.png`` (use
``img_prefix=ROOT/crops``)::

    python tools/data/textrecog/imgur_converter.py data/imgur --nproc 4

A word without a 5-number ``bounding_box`` is skipped with a warning naming
the file and word id; a missing (dead-link) or unreadable image is skipped
with a warning; a missing annotation file is one error line before
anything is written.
"""
from __future__ import annotations

import os.path as osp
import sys

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils.det_convert import check_folders
from mmocr.datasets.utils.imgur import read_imgur_words
from mmocr.datasets.utils.recog_convert import (
    print_label_counts,
    recog_converter_parser,
    write_crop_labels,
)

SPLITS = ('train', 'val', 'test')


def convert(root: str, out_dir: str, label_format: str = 'jsonl',
            nproc: int = 1) -> dict[str, int]:
    """Crop the three splits; returns the number of samples per split.
    All annotation files are read before anything is written."""
    img_dir = osp.join(root, 'imgs')
    check_folders([img_dir])
    words = {s: read_imgur_words(osp.join(
        root, 'annotations', f'imgur5k_annotations_{s}.json')) for s in SPLITS}
    return {split: write_crop_labels(
        [(osp.join(img_dir, f'{name}.jpg'),
          [(f'crops/{split}/{name}_{k}.png', quad, text)
           for k, (quad, text) in enumerate(image_words, 1)])
         for name, image_words in words[split]],
        out_dir, 'crops', f'{split}_label.{label_format}', label_format,
        nproc, desc=split) for split in SPLITS}


def main(argv: list[str] | None = None) -> int:
    args = recog_converter_parser('Crop IMGUR5K words into recognition '
                                  'samples', 'jsonl').parse_args(argv)
    out_dir = args.out_dir or args.root_path
    print_label_counts(convert(args.root_path, out_dir, args.format,
                               args.nproc), out_dir, args.format)
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'imgur_converter.py'))
