#!/usr/bin/env python
"""Crop the words (or lines) of HierText into recognition samples, with
MMOCR's label files ``train_label.jsonl`` and ``val_label.jsonl``
(``.txt`` with ``--format txt``).

Layout of ROOT (MMOCR 0.x's): the images in ``imgs/train/IMAGE_ID.jpg``
and ``imgs/val/IMAGE_ID.jpg`` and the dataset's ``gt`` files in
``annotations/train.jsonl`` and ``annotations/val.jsonl`` (or
``validation.jsonl``). Each legible element of ``--level`` (``word`` or
``line``) is cut along the bounding rectangle of its ``vertices`` into
``ROOT/crops/{split}/img_I_P_L[_W].jpg`` (``I``: the image's number,
``P``/``L``/``W``: the paragraph's, line's and word's in it) and listed as
``{split}/img_...jpg`` (use ``img_prefix=ROOT/crops``). Vertical training
texts (more than twice as high as wide) go to ``ROOT/ignores/train/``
unlabelled unless ``--preserve-vertical``::

    python tools/data/textrecog/hiertext_converter.py data/HierText --level word

An element without 3 or more ``[x, y]`` vertices, or an image record
without ``image_id``/``paragraphs``, is skipped with a warning naming the
file and record; a missing or broken annotation file is one error line
before anything is written.
"""
from __future__ import annotations

import os.path as osp
import re
import sys
import warnings

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils.det_convert import load_json_annotation
from mmocr.datasets.utils.hiertext import ann_file, level_elements
from mmocr.datasets.utils.points_json import points_annotation
from mmocr.datasets.utils.recog_convert import (
    points_bounds,
    print_label_counts,
    recog_converter_parser,
    word_crop_name,
    write_crop_labels,
)

#: Our split name (annotation files) -> MMOCR 0.x's (crop folders, labels).
SPLITS = {'training': 'train', 'val': 'val'}


def crop_jobs(path: str, root: str, split: str, level: str,
              preserve_vertical: bool) -> list:
    """The crop jobs of one annotation file (``split``: 0.x's name).

    Raises:
        FileNotFoundError: no such file.
        AnnotationParseError: not json or without an ``annotations`` list.
    """
    data = load_json_annotation(path, {'annotations': list})
    jobs = []
    for i, image in enumerate(data['annotations']):
        if not isinstance(image, dict) or not all(
                k in image for k in ('image_id', 'paragraphs')):
            warnings.warn(f'{path}: annotations[{i}]: skipped image record '
                          'without image_id/paragraphs', stacklevel=2)
            continue
        crops = []
        for where, element in level_elements(image, level):
            if not isinstance(element, dict) or not element.get('legible'):
                continue
            ann = points_annotation(
                dict(element, points=element.get('vertices')),
                f'{path}: {image["image_id"]} {where}', lambda _: False)
            if ann is None:
                continue
            quad, bbox = points_bounds(ann['segmentation'][0])
            idx = '_'.join(re.findall(r'\[(\d+)\]', where))
            name = word_crop_name(f'{split}/img_{i}_{idx}.jpg', bbox,
                                  'crops', 'ignores',
                                  preserve_vertical or split != 'train')
            crops.append((name, quad, str(element.get('text', ''))))
        jobs.append((osp.join(root, 'imgs', split,
                              f'{image["image_id"]}.jpg'), crops))
    return jobs


def convert(root: str, out_dir: str, level: str = 'word',
            label_format: str = 'jsonl', preserve_vertical: bool = False,
            nproc: int = 1) -> dict[str, int]:
    """Crop both splits; returns the number of samples per split. Both
    annotation files are read before anything is written."""
    jobs = {theirs: crop_jobs(ann_file(root, ours), root, theirs, level,
                              preserve_vertical)
            for ours, theirs in SPLITS.items()}
    return {split: write_crop_labels(
        split_jobs, out_dir, 'crops', f'{split}_label.{label_format}',
        label_format, nproc, desc=split) for split, split_jobs in jobs.items()}


def main(argv: list[str] | None = None) -> int:
    parser = recog_converter_parser('Crop HierText words or lines into '
                                    'recognition samples', 'jsonl')
    parser.add_argument('--level', default='word', choices=['word', 'line'],
                        help='crop words or lines [word]')
    parser.add_argument('--preserve-vertical', '--preserve_vertical',
                        dest='preserve_vertical', action='store_true',
                        help='label the vertical training texts too')
    args = parser.parse_args(argv)
    out_dir = args.out_dir or args.root_path
    print_label_counts(convert(args.root_path, out_dir, args.level,
                               args.format, args.preserve_vertical,
                               args.nproc), out_dir, args.format)
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'hiertext_converter.py'))
