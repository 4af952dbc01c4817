#!/usr/bin/env python
"""Convert NAF (National Archives Forms) to MMOCR's COCO format
(``instances_{training,val,test}.json``) and line-json
(``instances_{split}.txt``).

Layout of ROOT (MMOCR 0.x's): ``imgs/NAME.jpg`` (``labeled_images``),
``annotations/train_valid_test_split.json`` (``{"train" | "valid" |
"test": {GROUP: [NAME.jpg, ...]}}``) and ``annotations/groups/GROUP/
NAME.json`` (``textBBs`` and ``fieldBBs``, each ``{"poly_points": [[x, y],
...], "type": ...}``). Printed texts and filled fields become instances
(``iscrowd=0``, points clipped to 0), blank fields are left out, as in 0.x.
File names in the output are ``NAME.jpg`` (use ``img_prefix=ROOT/imgs``)::

    python tools/data/textdet/naf_converter.py data/naf --nproc 4

A box without 3 or more ``[x, y]`` points is skipped with a warning naming
the file and box; an image listed in the split file but missing, or
without its json, is skipped with a warning; a json that does not parse
skips its image with a warning.
"""
from __future__ import annotations

import os.path as osp
import sys
from typing import Sequence

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils import AnnotationParseError
from mmocr.datasets.utils.det_convert import (
    check_folders,
    det_converter_main,
    load_json_annotation,
    write_det_pairs,
)
from mmocr.datasets.utils.naf import BOX_TYPES, SPLITS, naf_split_pairs
from mmocr.datasets.utils.points_json import points_annotation


def load_annos(gt_file: str, split: str) -> list[dict]:
    """The text and field instances of one NAF json.

    Raises:
        AnnotationParseError: not json or not a json object.
    """
    data = load_json_annotation(gt_file)
    if not isinstance(data, dict):
        raise AnnotationParseError(f'{gt_file}: expected a json object')
    anno_info = []
    for box_type in BOX_TYPES:
        boxes = data.get(box_type, [])
        for k, box in enumerate(boxes if isinstance(boxes, list) else []):
            if (isinstance(box, dict) and box_type == 'fieldBBs'
                    and box.get('type') == 'blank'):
                continue
            record = (dict(box, points=box.get('poly_points'))
                      if isinstance(box, dict) else box)
            ann = points_annotation(record, f'{gt_file}: {box_type}[{k}]',
                                    lambda _: False)
            if ann is not None:
                anno_info.append(ann)
    return anno_info


def convert(root: str, out_dir: str, splits: Sequence[str] = tuple(SPLITS),
            nproc: int = 1) -> dict[str, int]:
    """Convert each split; returns the number of images per split."""
    check_folders([osp.join(root, 'imgs')])
    split_file = osp.join(root, 'annotations', 'train_valid_test_split.json')
    split_info = load_json_annotation(split_file,
                                      {SPLITS[s]: dict for s in splits})
    return {split: write_det_pairs(naf_split_pairs(root, split_info[SPLITS[split]]),
                                   split, out_dir, load_annos, nproc)
            for split in splits}


def main(argv: list[str] | None = None) -> int:
    return det_converter_main(argv, 'Convert NAF annotations to MMOCR '
                              'format', convert, tuple(SPLITS))


if __name__ == '__main__':
    sys.exit(run_tool(main, 'naf_converter.py'))
