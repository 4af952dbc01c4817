#!/usr/bin/env python
"""Crop the words of LSVT (its fully annotated training images) into
recognition samples, with MMOCR's label files ``train_label.jsonl`` (and
``val_label.jsonl`` with ``--val-ratio``; ``.txt`` with ``--format txt``).

The input is laid out as for the detection converter (MMOCR 0.x's):
``imgs/gt_N.jpg`` and ``annotations/train_full_labels.json``. Each legible
word's bounding rectangle (points clipped to 0, clipped to the image) is
saved as ``OUT/crops/{train,val}/img_K_J.jpg`` (``K``: the image's position
in the json, ``J``: the word's in the image); the labels name it
``{train,val}/img_K_J.jpg`` (use ``img_prefix=OUT/crops``). Vertical
training words (height over twice the width) go to
``OUT/ignores/train/`` and are left out of the labels unless
``--preserve-vertical`` is given. ``--val-ratio R`` holds out every
``floor(1/R)``-th image as validation, as 0.x did::

    python tools/data/textrecog/lsvt_converter.py data/lsvt --val-ratio 0.2 \\
        --nproc 4

Illegible words (no usable transcript) are not cropped. A record without
points is skipped with a warning naming the file, image and record; a
missing or unreadable image is skipped with a warning.
"""
from __future__ import annotations

import os.path as osp
import sys

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils.det_convert import val_split_every
from mmocr.datasets.utils.points_json import load_points_json, points_json_instances
from mmocr.datasets.utils.recog_convert import (
    crop_words,
    labelled_crops,
    split_crop_converter_main,
    word_crop_name,
    write_recog_labels,
    xywh_quad,
)

ANN_FILE = 'annotations/train_full_labels.json'


def is_ignored(ann: dict) -> bool:
    """Illegible words carry no transcript to learn."""
    return bool(ann.get('illegibility')) or ann.get('transcription') == '###'


def convert(root: str, out_dir: str, val_ratio: float = 0.,
            label_format: str = 'jsonl', preserve_vertical: bool = False,
            nproc: int = 1) -> dict[str, int]:
    """Crop the splits; returns the number of samples per split."""
    ann_file = osp.join(root, ANN_FILE)
    items = points_json_instances(ann_file, load_points_json(ann_file),
                                  is_ignored)
    index = {name: k for k, name in enumerate(items)}
    train, val = val_split_every(list(items), val_ratio)
    counts = {}
    for split, names in (('train', train), ('val', val)):
        if split == 'val' and val_ratio <= 0:
            continue
        jobs = []
        for name in names:
            words = []
            for j, ann in enumerate(items[name]):
                if ann['iscrowd']:
                    continue
                place = word_crop_name(
                    f'{split}/img_{index[name]}_{j}.jpg', ann['bbox'], 'crops',
                    'ignores', preserve_vertical or split != 'train')
                words.append((place, xywh_quad(ann['bbox']), ann['text']))
            jobs.append((osp.join(root, 'imgs', f'{name}.jpg'), words))
        samples = crop_words(jobs, out_dir, nproc, desc=split)
        counts[split] = write_recog_labels(
            labelled_crops(samples, 'crops'),
            osp.join(out_dir, f'{split}_label.{label_format}'), label_format)
    return counts


def main(argv: list[str] | None = None) -> int:
    return split_crop_converter_main(
        argv, 'Crop LSVT words into recognition samples', convert)


if __name__ == '__main__':
    sys.exit(run_tool(main, 'lsvt_converter.py'))
