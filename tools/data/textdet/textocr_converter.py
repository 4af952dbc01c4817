#!/usr/bin/env python
"""Convert TextOCR to MMOCR's COCO format (``instances_{split}.json``) and
line-json (``instances_{split}.txt``) for the ``training`` and ``val``
splits.

Layout of ROOT (MMOCR 0.x's): ``train/NAME.jpg`` (the TextVQA train/val
images) and the dataset's ``TextOCR_0.1_train.json`` and
``TextOCR_0.1_val.json`` (``imgs``, ``anns`` with each word's ``bbox``,
``points`` polygon and ``utf8_string``, and ``imgToAnns``). Every image is
kept, also those without words; words transcribed ``.`` (the dataset's
illegible words) are marked ``iscrowd=1``. File names in the output are the
json's, ``train/NAME.jpg`` (use ``img_prefix=ROOT``); image sizes come from
the json::

    python tools/data/textdet/textocr_converter.py data/textocr

A malformed image or word record is skipped with a warning naming the file
and the record's id.
"""
from __future__ import annotations

import os.path as osp
import sys
from typing import Sequence

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils.coco_text import (
    TEXTOCR_ANN_FILES,
    coco_text_image_infos,
    load_coco_text,
    textocr_is_ignored,
)
from mmocr.datasets.utils.det_convert import det_converter_main, write_det_split

ANN_FILES = TEXTOCR_ANN_FILES


def convert(root: str, out_dir: str,
            splits: Sequence[str] = tuple(ANN_FILES)) -> dict[str, int]:
    """Convert each split; returns the number of images per split. Every
    annotation file is read before anything is written."""
    data = {s: load_coco_text(osp.join(root, ANN_FILES[s])) for s in splits}
    counts = {}
    for split in splits:
        infos = coco_text_image_infos(
            osp.join(root, ANN_FILES[split]), data[split], lambda img: True,
            textocr_is_ignored, 'points', segm_file=ANN_FILES[split], desc=split)
        write_det_split(infos, out_dir, split)
        counts[split] = len(infos)
    return counts


def main(argv: list[str] | None = None) -> int:
    return det_converter_main(
        argv, 'Convert TextOCR annotations to MMOCR format', convert,
        tuple(ANN_FILES), with_nproc=False)


if __name__ == '__main__':
    sys.exit(run_tool(main, 'textocr_converter.py'))
