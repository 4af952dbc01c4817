#!/usr/bin/env python
"""Convert HierText (hierarchical text: paragraphs, lines, words) to MMOCR's
COCO format (``instances_training.json``, ``instances_val.json``) and
line-json (``instances_{split}.txt``) at one ``--level``.

Layout of ROOT (MMOCR 0.x's): the images extracted from ``train.tgz`` and
``validation.tgz`` and the dataset's ``gt`` files (unzipped) in
``annotations/train.jsonl`` and ``annotations/val.jsonl`` (or
``validation.jsonl``, the released name): one json object whose
``annotations`` list has per image ``image_id``, ``image_width``,
``image_height`` and ``paragraphs`` -> ``lines`` -> ``words``, each with
``vertices`` ``[[x, y], ...]`` and ``legible`` (lines and words also
``text``). Each element of the chosen level becomes an instance; illegible
ones become ``iscrowd=1``. File names in the output are ``IMAGE_ID.jpg``
and sizes come from the json (use ``img_prefix`` = the split's image
folder)::

    python tools/data/textdet/hiertext_converter.py data/HierText --level word

An element without 3 or more ``[x, y]`` vertices, or an image record
without ``image_id``/``image_width``/``image_height``/``paragraphs``, is
skipped with a warning naming the file and record; a missing or broken
annotation file is one error line before anything is written.
"""
from __future__ import annotations

import argparse
import os.path as osp
import sys
import warnings

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils.det_convert import load_json_annotation, write_det_split
from mmocr.datasets.utils.hiertext import ANN_FILES, LEVELS, ann_file, level_elements
from mmocr.datasets.utils.points_json import points_annotation

IMAGE_KEYS = ('image_id', 'image_width', 'image_height', 'paragraphs')


def image_infos(path: str, level: str) -> list[dict]:
    """Image infos of one annotation file at ``level``.

    Raises:
        FileNotFoundError: no such file.
        AnnotationParseError: not json or without an ``annotations`` list.
    """
    data = load_json_annotation(path, {'annotations': list})
    infos = []
    for n, image in enumerate(data['annotations']):
        if not isinstance(image, dict) or not all(k in image
                                                  for k in IMAGE_KEYS):
            warnings.warn(f'{path}: annotations[{n}]: skipped image record '
                          f'without {"/".join(IMAGE_KEYS)}', stacklevel=2)
            continue
        anno_info = []
        for where, element in level_elements(image, level):
            record = (dict(element, points=element.get('vertices'))
                      if isinstance(element, dict) else element)
            ann = points_annotation(
                record, f'{path}: {image["image_id"]} {where}',
                lambda e: not e.get('legible', True))
            if ann is not None:
                anno_info.append(dict(ann, text=str(element.get('text', ''))))
        infos.append(dict(file_name=f'{image["image_id"]}.jpg',
                          height=image['image_height'],
                          width=image['image_width'],
                          segm_file=f'annotations/{osp.basename(path)}',
                          anno_info=anno_info))
    return infos


def convert(root: str, out_dir: str, level: str = 'word') -> dict[str, int]:
    """Convert both splits; returns the number of images per split."""
    infos = {s: image_infos(ann_file(root, s), level) for s in ANN_FILES}
    for split, split_infos in infos.items():
        write_det_split(split_infos, out_dir, split)
    return {split: len(split_infos) for split, split_infos in infos.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description='Convert HierText annotations to MMOCR format')
    parser.add_argument('root_path', help='HierText root (annotations/)')
    parser.add_argument('-o', '--out-dir', help='output directory '
                        '(default: root_path)')
    parser.add_argument('--level', default='word', choices=list(LEVELS),
                        help='annotation level [word]')
    args = parser.parse_args(argv)
    out_dir = args.out_dir or args.root_path
    for split, num in convert(args.root_path, out_dir, args.level).items():
        print(f'{split}: {num} images -> '
              f'{osp.join(out_dir, f"instances_{split}.json")}')
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'hiertext_converter.py'))
