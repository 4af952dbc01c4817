#!/usr/bin/env python
"""Convert FUNSD (form understanding in noisy scanned documents) word boxes
to MMOCR's COCO format (``instances_{split}.json``) and line-json
(``instances_{split}.txt``), for the training and test splits.

Layout of ROOT (MMOCR 0.x's): ``imgs/NAME.png`` (both splits' images) and
``annotations/{training,test}/NAME.json``, the dataset's json (``{"form":
[{"words": [{"box": [x1, y1, x2, y2], "text": ...}, ...], ...}, ...]}``).
Each word becomes a rectangle (corners floored, size ceiled, as in MMOCR
0.x); words with an empty text become ``iscrowd=1``. File names in the
output are ``NAME.png`` (use ``img_prefix=ROOT/imgs``)::

    python tools/data/textdet/funsd_converter.py data/funsd --nproc 4

A word without a ``[x1, y1, x2, y2]`` box is skipped with a warning naming
the file and word; a json file that does not parse, or whose image is
missing, is skipped with a warning.
"""
from __future__ import annotations

import math
import os
import os.path as osp
import sys
import warnings
from numbers import Number
from typing import Sequence

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils import AnnotationParseError, make_det_annotation
from mmocr.datasets.utils.det_convert import (
    check_folders,
    convert_det_gt_files,
    det_converter_main,
    load_json_annotation,
)

SPLITS = ('training', 'test')


def word_rect(box: list[float]) -> list[int]:
    """The rectangle ``[x1, y1, ..., x4, y4]`` of a word box
    ``[x1, y1, x2, y2]``: corner floored (and clipped to 0), size ceiled."""
    x1, y1, x2, y2 = box
    x = max(0, min(math.floor(x1), math.floor(x2)))
    y = max(0, min(math.floor(y1), math.floor(y2)))
    w, h = math.ceil(abs(x2 - x1)), math.ceil(abs(y2 - y1))
    return [x, y, x + w, y, x + w, y + h, x, y + h]


def _is_box(box) -> bool:
    return (isinstance(box, list) and len(box) == 4
            and all(isinstance(v, Number) and not isinstance(v, bool)
                    for v in box))


def load_annos(gt_file: str, split: str) -> list[dict]:
    """The word instances of one FUNSD json file.

    Raises:
        AnnotationParseError: not json or without a ``form`` list.
    """
    data = load_json_annotation(gt_file)
    if not isinstance(data, dict) or not isinstance(data.get('form'), list):
        raise AnnotationParseError(f'{gt_file}: expected a json object with '
                                   'a "form" list')
    anno_info = []
    for i, entity in enumerate(data['form']):
        words = entity.get('words', []) if isinstance(entity, dict) else None
        for j, word in enumerate(words if isinstance(words, list) else [None]):
            if not isinstance(word, dict) or not _is_box(word.get('box')):
                warnings.warn(f'{gt_file}: form[{i}].words[{j}]: skipped word '
                              f'without a [x1, y1, x2, y2] box: '
                              f'{str(word)[:100]}', stacklevel=2)
                continue
            anno_info.append(make_det_annotation(
                word_rect(word['box']), len(str(word.get('text', ''))) == 0))
    return anno_info


def convert(root: str, out_dir: str, splits: Sequence[str] = SPLITS,
            nproc: int = 1) -> dict[str, int]:
    """Convert each split; returns the number of images per split."""
    img_dir = osp.join(root, 'imgs')
    gt_dirs = {s: osp.join(root, 'annotations', s) for s in splits}
    check_folders([img_dir, *gt_dirs.values()])
    return {split: convert_det_gt_files(
        img_dir, gt_dir, sorted(f for f in os.listdir(gt_dir)
                                if f.endswith('.json')),
        split, out_dir, load_annos, nproc, img_ext='.png')
        for split, gt_dir in gt_dirs.items()}


def main(argv: list[str] | None = None) -> int:
    return det_converter_main(
        argv, 'Convert FUNSD word annotations to MMOCR format', convert,
        SPLITS)


if __name__ == '__main__':
    sys.exit(run_tool(main, 'funsd_converter.py'))
