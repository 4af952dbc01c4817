#!/usr/bin/env python
"""Convert COCO-Text v2 to MMOCR's COCO format (``instances_{split}.json``)
and line-json (``instances_{split}.txt``) for the ``training`` (the file's
``set: train``) and ``val`` images.

Layout of ROOT (MMOCR 0.x's): ``imgs/COCO_train2014_*.jpg`` (COCO's
train2014 images) and ``annotations/cocotext.v2.json`` (``imgs``, ``anns``
with each word's ``bbox``, ``mask`` polygon, ``language`` and
``legibility``, and ``imgToAnns``). Images without any word are left out;
illegible or non-English words are marked ``iscrowd=1``. File names in the
output are the json's (use ``img_prefix=ROOT/imgs``); image sizes come from
the json::

    python tools/data/textdet/cocotext_converter.py data/coco_textv2

A malformed image or word record is skipped with a warning naming the file
and the record's id.
"""
from __future__ import annotations

import os.path as osp
import sys
from typing import Sequence

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils.coco_text import (
    COCOTEXT_ANN_FILE,
    COCOTEXT_SETS,
    coco_text_image_infos,
    cocotext_is_ignored,
    load_coco_text,
)
from mmocr.datasets.utils.det_convert import det_converter_main, write_det_split

ANN_FILE, SETS = COCOTEXT_ANN_FILE, COCOTEXT_SETS


def convert(root: str, out_dir: str,
            splits: Sequence[str] = tuple(SETS)) -> dict[str, int]:
    """Convert each split; returns the number of images per split."""
    ann_file = osp.join(root, ANN_FILE)
    data = load_coco_text(ann_file)
    counts = {}
    for split in splits:
        infos = coco_text_image_infos(
            ann_file, data, lambda img, s=SETS[split]: img.get('set') == s,
            cocotext_is_ignored, 'mask', skip_empty=True, segm_file=ANN_FILE,
            desc=split)
        write_det_split(infos, out_dir, split)
        counts[split] = len(infos)
    return counts


def main(argv: list[str] | None = None) -> int:
    return det_converter_main(
        argv, 'Convert COCO-Text v2 annotations to MMOCR format', convert,
        tuple(SETS), with_nproc=False)


if __name__ == '__main__':
    sys.exit(run_tool(main, 'cocotext_converter.py'))
