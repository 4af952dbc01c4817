#!/usr/bin/env python
"""Convert IMGUR5K (handwritten words) to MMOCR's COCO format
(``instances_{train,val,test}.json``) and line-json
(``instances_{split}.txt``).

Layout of ROOT (MMOCR 0.x's): ``imgs/NAME.jpg`` (fetched by the dataset's
``download_imgur5k.py``) and ``annotations/imgur5k_annotations_{train,val,
test}.json``. Each word's oriented box ``[x_center, y_center, width,
height, angle]`` becomes its rotated rectangle's 4 corners (``iscrowd=0``,
as in 0.x). File names in the output are ``NAME.jpg`` (use
``img_prefix=ROOT/imgs``)::

    python tools/data/textdet/imgur_converter.py data/imgur --nproc 4

A word without a 5-number ``bounding_box`` is skipped with a warning naming
the file and word id; an image that is missing (many imgur links are dead)
or unreadable is skipped with a warning; a missing annotation file is one
error line before anything is written.
"""
from __future__ import annotations

import os.path as osp
import sys
from typing import Sequence

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils import make_det_annotation
from mmocr.datasets.utils.det_convert import (
    check_folders,
    det_converter_main,
    write_image_infos,
)
from mmocr.datasets.utils.imgur import read_imgur_words

SPLITS = ('train', 'val', 'test')


def ann_rel(split: str) -> str:
    """The annotation file of ``split`` in ROOT."""
    return f'annotations/imgur5k_annotations_{split}.json'


def convert(root: str, out_dir: str, splits: Sequence[str] = SPLITS,
            nproc: int = 1) -> dict[str, int]:
    """Convert each split; returns the number of images per split."""
    img_dir = osp.join(root, 'imgs')
    check_folders([img_dir])
    words = {s: read_imgur_words(osp.join(root, ann_rel(s))) for s in splits}
    return {split: write_image_infos(
        [(f'{name}.jpg', [dict(make_det_annotation(quad, 0), text=text)
                          for quad, text in image_words])
         for name, image_words in words[split]],
        img_dir, ann_rel(split), out_dir, split, nproc) for split in splits}


def main(argv: list[str] | None = None) -> int:
    return det_converter_main(argv, 'Convert IMGUR5K annotations to MMOCR '
                              'format', convert, SPLITS)


if __name__ == '__main__':
    sys.exit(run_tool(main, 'imgur_converter.py'))
