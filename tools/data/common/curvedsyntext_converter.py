#!/usr/bin/env python
"""Convert CurvedSynText150k (ABCNet's synthetic curved text) to one COCO
file, ``OUT/instances_training.json`` (use ``IcdarDataset`` with
``img_prefix=ROOT``).

Layout of ROOT (MMOCR 0.x's): ``syntext_word_eng/`` with ``train1.json``
and ``emcs_imgs/`` with ``train2.json``, the dataset's COCO files, whose
words hold ``bezier_pts`` (16 numbers: the control points of two cubic
Bezier curves, one per long side) and ``rec`` (the text as indices into
ABCNet's 95 printable ASCII characters; 95 is an unknown character, 96
ends the text). As in 0.x, each word's polygon is ``--num-sample`` points
sampled on each curve, sorted clockwise from the top-left
(:func:`mmocr.utils.bezier_to_polygon`, :func:`mmocr.utils.sort_points`);
its text is decoded into ``text`` (an unknown character becomes ``口``);
file names get their folder; the images and words of ``train2.json`` are
numbered on after ``train1.json``'s::

    python tools/data/common/curvedsyntext_converter.py \\
        data/CurvedSynText150k --nproc 4

A word without 16 ``bezier_pts`` numbers or with a bad ``rec`` is skipped
with a warning naming the file and the word; a missing or broken json is
one error line before anything is written.
"""
from __future__ import annotations

import argparse
import json
import os
import os.path as osp
import sys
import warnings
from functools import partial
from numbers import Number

import numpy as np

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils.det_convert import load_json_annotation
from mmocr.utils import bezier_to_polygon, sort_points
from mmocr.utils.fileio import atomic_write_text
from mmocr.utils.parallel import parallel_map

#: ABCNet's character set: the 95 printable ASCII characters, in order.
DICT95 = ''.join(chr(c) for c in range(32, 127))
UNK, EOS = len(DICT95), len(DICT95) + 1
UNK_CHAR = '口'
#: Annotation file -> the folder of its images, in numbering order.
PARTS = (('train1.json', 'syntext_word_eng'), ('train2.json', 'emcs_imgs'))


def decode_rec(rec: list[int]) -> str:
    """The text of a ``rec`` index list (up to the first end index)."""
    chars = []
    for d in rec:
        if d == EOS:
            break
        chars.append(UNK_CHAR if d == UNK else DICT95[d])
    return ''.join(chars)


def _valid(ann) -> bool:
    bezier = ann.get('bezier_pts') if isinstance(ann, dict) else None
    rec = ann.get('rec') if isinstance(ann, dict) else None
    return (isinstance(bezier, list) and len(bezier) == 16
            and all(isinstance(v, Number) for v in bezier)
            and isinstance(rec, list)
            and all(isinstance(d, int) and 0 <= d <= EOS for d in rec)
            and isinstance(ann.get('image_id'), int)
            and isinstance(ann.get('id'), int))


def convert_word(ann: dict, num_sample: int, img_offset: int,
                 ann_offset: int) -> dict:
    """A word record with ``text``, ``segmentation`` and the ids moved by
    the offsets (``rec`` dropped)."""
    polygon = sort_points(bezier_to_polygon(ann['bezier_pts'], num_sample))
    word = {k: v for k, v in ann.items() if k != 'rec'}
    word.update(text=decode_rec(ann['rec']),
                segmentation=[np.round(polygon, 4).reshape(-1).tolist()],
                image_id=ann['image_id'] + img_offset,
                id=ann['id'] + ann_offset)
    return word


def convert(root: str, out_dir: str, num_sample: int = 4,
            nproc: int = 1) -> dict[str, int]:
    """Write ``out_dir/instances_training.json``; returns the numbers of
    images and words. Both jsons are read before anything is written."""
    data = [(name, folder, load_json_annotation(
        osp.join(root, name), {'images': list, 'annotations': list}))
        for name, folder in PARTS]
    images, words, img_offset, ann_offset = [], [], 0, 0
    for name, folder, part in data:
        good = []
        for k, ann in enumerate(part['annotations']):
            if _valid(ann):
                good.append(ann)
            else:
                warnings.warn(f'{osp.join(root, name)}: annotations[{k}]: '
                              'skipped word without 16 bezier_pts numbers, '
                              f'a valid rec and ids: {str(ann)[:100]}',
                              stacklevel=2)
        words += parallel_map(partial(convert_word, num_sample=num_sample,
                                      img_offset=img_offset,
                                      ann_offset=ann_offset),
                              good, nproc, desc=name)
        part_images = [dict(img, file_name=f'{folder}/{img["file_name"]}',
                            id=img['id'] + img_offset)
                       for img in part['images']]
        images += part_images
        if part_images:
            img_offset = max(img['id'] for img in images) + 1
        if words:
            ann_offset = max(w['id'] for w in words) + 1
    os.makedirs(out_dir, exist_ok=True)
    atomic_write_text(osp.join(out_dir, 'instances_training.json'),
                      json.dumps(dict(images=images, annotations=words,
                                      categories=[dict(id=1, name='text')]),
                                 ensure_ascii=False))
    return dict(images=len(images), words=len(words))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description='Convert CurvedSynText150k to COCO format')
    parser.add_argument('root_path', help='CurvedSynText150k root')
    parser.add_argument('-o', '--out-dir', help='output directory (default: '
                        'root_path)')
    parser.add_argument('-n', '--num-sample', type=int, default=4,
                        help='points sampled on each Bezier curve [4]')
    parser.add_argument('--nproc', default=1, type=int,
                        help='number of processes')
    args = parser.parse_args(argv)
    out_dir = args.out_dir or args.root_path
    counts = convert(args.root_path, out_dir, args.num_sample, args.nproc)
    print(f'{counts["images"]} images, {counts["words"]} words -> '
          f'{osp.join(out_dir, "instances_training.json")}')
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'curvedsyntext_converter.py'))
