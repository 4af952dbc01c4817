#!/usr/bin/env python
"""Convert a COCO-style detection json (``images``, ``annotations``) to
MMOCR's line-json detection file (one json per image: ``file_name``,
``height``, ``width`` and its ``annotations`` with ``iscrowd``,
``category_id``, ``bbox`` and ``segmentation``), for ``TextDetDataset``::

    python tools/data/textdet/coco_to_line_dict.py \\
        --in-path data/icdar2015/instances_training.json \\
        --out-path data/icdar2015/instances_training.txt

Images keep the json's order, those without annotations included. An image
record without ``id``/``file_name``/``height``/``width``, or an annotation
that lacks a field, has a malformed ``bbox``/``segmentation`` or names an
unknown image, is skipped with a warning naming the file and record; a
missing or broken json is one error line.
"""
from __future__ import annotations

import argparse
import sys
import warnings

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils import (
    AnnotationParseError,
    check_det_annotation,
    det_info_to_line,
)
from mmocr.datasets.utils.det_convert import load_json_annotation
from mmocr.utils.fileio import atomic_write_text

IMAGE_KEYS = ('id', 'file_name', 'height', 'width')
ANN_KEYS = ('image_id', 'iscrowd', 'category_id', 'bbox', 'segmentation')


def coco_to_lines(in_path: str) -> list[str]:
    """The line-json lines of the images of a COCO json.

    Raises:
        FileNotFoundError: no such file.
        AnnotationParseError: not json, or without an ``images`` list.
    """
    data = load_json_annotation(in_path, {'images': list})
    infos = {}
    for k, img in enumerate(data['images']):
        if not isinstance(img, dict) or not all(key in img
                                                for key in IMAGE_KEYS):
            warnings.warn(f'{in_path}: images[{k}]: skipped image record '
                          f'without {"/".join(IMAGE_KEYS)}: {str(img)[:100]}',
                          stacklevel=2)
            continue
        infos[img['id']] = dict(file_name=img['file_name'],
                                height=img['height'], width=img['width'],
                                anno_info=[])
    annotations = data.get('annotations', [])
    for k, ann in enumerate(annotations if isinstance(annotations, list)
                            else []):
        where = f'{in_path}: annotations[{k}]'
        try:
            if not isinstance(ann, dict) or not all(key in ann
                                                    for key in ANN_KEYS):
                raise AnnotationParseError(f'{where}: expected '
                                           f'{", ".join(ANN_KEYS)}')
            check_det_annotation(ann, where)
            if ann['image_id'] not in infos:
                raise AnnotationParseError(f'{where}: unknown image_id '
                                           f'{ann["image_id"]!r}')
        except AnnotationParseError as err:
            warnings.warn(f'{err}; skipped: {str(ann)[:100]}', stacklevel=2)
            continue
        infos[ann['image_id']]['anno_info'].append(ann)
    return [det_info_to_line(info) for info in infos.values()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description='Convert a COCO detection json to MMOCR line-json')
    parser.add_argument('--in-path', required=True,
                        help='input json path with coco format')
    parser.add_argument('--out-path', required=True,
                        help='output txt path with line-json format')
    args = parser.parse_args(argv)
    lines = coco_to_lines(args.in_path)
    atomic_write_text(args.out_path, ''.join(line + '\n' for line in lines))
    print(f'{len(lines)} images -> {args.out_path}')
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'coco_to_line_dict.py'))
