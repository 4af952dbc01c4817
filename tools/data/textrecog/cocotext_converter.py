#!/usr/bin/env python
"""Crop the words of COCO-Text v2 into recognition samples, with MMOCR's
label files ``{train,val}_label.jsonl`` (or ``.txt`` with ``--format txt``).

Layout of ROOT (MMOCR 0.x's): ``imgs/COCO_train2014_*.jpg`` and
``annotations/cocotext.v2.json``. Each legible English word of the images
of ``set`` train / val is cut along its ``bbox`` (corner floored, size
ceiled, clipped to the image) into ``OUT/crops/{train,val}/img_K_J.jpg``
(``K``: the image's number, train images first; ``J``: the word's number in
it); the labels name it ``{train,val}/img_K_J.jpg`` (use
``img_prefix=OUT/crops``)::

    python tools/data/textrecog/cocotext_converter.py data/coco_textv2 \\
        --nproc 4

A malformed image or word record is skipped with a warning naming the file
and the record's id; an unreadable image, or a box outside its image, is
skipped with a warning.
"""
from __future__ import annotations

import os.path as osp
import sys

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils.coco_text import (
    COCOTEXT_ANN_FILE,
    COCOTEXT_SETS,
    coco_text_image_infos,
    cocotext_is_ignored,
    load_coco_text,
)
from mmocr.datasets.utils.recog_convert import (
    coco_text_crop_jobs,
    crop_words,
    print_label_counts,
    recog_converter_parser,
    write_recog_labels,
)


def convert(root: str, out_dir: str, label_format: str = 'jsonl',
            nproc: int = 1) -> dict[str, int]:
    """Crop both splits; returns the number of samples per split."""
    ann_file = osp.join(root, COCOTEXT_ANN_FILE)
    data = load_coco_text(ann_file)
    counts, start = {}, 0
    for set_name in COCOTEXT_SETS.values():
        infos = coco_text_image_infos(
            ann_file, data, lambda img, s=set_name: img.get('set') == s,
            cocotext_is_ignored, 'mask', skip_empty=True,
            keep_keys=('utf8_string', ))
        jobs = coco_text_crop_jobs(infos, osp.join(root, 'imgs'),
                                   f'{set_name}/', start)
        start += len(infos)
        samples = crop_words(jobs, osp.join(out_dir, 'crops'), nproc,
                             desc=set_name)
        counts[set_name] = write_recog_labels(
            samples, osp.join(out_dir, f'{set_name}_label.{label_format}'),
            label_format)
    return counts


def main(argv: list[str] | None = None) -> int:
    args = recog_converter_parser('Crop COCO-Text v2 words into recognition '
                             'samples', 'jsonl').parse_args(argv)
    out_dir = args.out_dir or args.root_path
    print_label_counts(convert(args.root_path, out_dir, args.format,
                              args.nproc),
                       out_dir, args.format)
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'cocotext_converter.py'))
