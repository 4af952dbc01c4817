#!/usr/bin/env python
"""Convert Lecture Video DB (IIIT-CVid frames) to MMOCR's COCO format
(``instances_{train,val,test}.json``) and line-json
(``instances_{split}.txt``).

Layout of ROOT (MMOCR 0.x's): ``imgs/{train,val,test}/VIDEO/FRAMES/NAME.png``
(the dataset's ``Frames`` folder), each frame with its Pascal-VOC
``NAME.xml`` beside it (``<object><name>word</name><bndbox>...``). Every
word is kept (``iscrowd=0``, as in 0.x) as its box's rectangle. File names
in the output are ``{split}/VIDEO/FRAMES/NAME.png`` (use
``img_prefix=ROOT/imgs``)::

    python tools/data/textdet/lv_converter.py data/lv --nproc 4

An object without integer box corners is skipped with a warning naming the
file and object; an XML file without its frame, one that does not parse,
or an unreadable frame is skipped with a warning; a missing split folder is
one error line before anything is written.
"""
from __future__ import annotations

import os
import os.path as osp
import sys
import warnings
from typing import Sequence

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils import AnnotationParseError, make_det_annotation
from mmocr.datasets.utils.det_convert import (
    check_folders,
    det_converter_main,
    write_image_infos,
)
from mmocr.datasets.utils.voc_xml import read_voc_objects

SPLITS = ('train', 'val', 'test')


def split_items(img_dir: str, split: str) -> list[tuple[str, list]]:
    """``(split/…/NAME.png, instances)`` of the frames below
    ``img_dir/split`` that have an XML file, sorted by path."""
    items = []
    for folder, dirs, files in os.walk(osp.join(img_dir, split)):
        dirs.sort()
        for name in sorted(f for f in files if f.endswith('.xml')):
            xml_file = osp.join(folder, name)
            frame = osp.splitext(xml_file)[0] + '.png'
            if not osp.isfile(frame):
                warnings.warn(f'{xml_file}: no frame {frame}; skipped',
                              stacklevel=2)
                continue
            try:
                objects = read_voc_objects(xml_file)
            except AnnotationParseError as err:
                warnings.warn(f'{err}; skipped', stacklevel=2)
                continue
            items.append((osp.relpath(frame, img_dir),
                          [dict(make_det_annotation(rect, 0), text=text)
                           for rect, text in objects]))
    return items


def convert(root: str, out_dir: str, splits: Sequence[str] = SPLITS,
            nproc: int = 1) -> dict[str, int]:
    """Convert each split; returns the number of images per split."""
    img_dir = osp.join(root, 'imgs')
    check_folders([osp.join(img_dir, s) for s in splits])
    return {split: write_image_infos(split_items(img_dir, split), img_dir,
                                     '', out_dir, split, nproc)
            for split in splits}


def main(argv: list[str] | None = None) -> int:
    return det_converter_main(argv, 'Convert Lecture Video DB annotations to '
                              'MMOCR format', convert, SPLITS)


if __name__ == '__main__':
    sys.exit(run_tool(main, 'lv_converter.py'))
