#!/usr/bin/env python
"""Crop the texts of Total-Text into recognition samples, with MMOCR's
label files ``train_label.txt`` (split ``training``) and ``test_label.txt``.

The input is laid out as for the detection converter (MMOCR 0.x's):
``imgs/{training,test}/NAME.jpg`` and the dataset's txt ground truth
``annotations/{training,test}/poly_gt_NAME.txt``. Each text's polygon
bounding rectangle, padded as MMOCR 0.x did (0.4 / 0.2 of its shorter side
along / across it; :func:`mmocr.utils.crop.crop_img`) and clipped to the
image, is saved as ``OUT/dst_imgs/{split}/NAME_K.png`` (``K`` from 1 in the
file's order); the labels name it ``{split}/NAME_K.png`` (use
``img_prefix=OUT/dst_imgs``). Texts transcribed ``#`` (the dataset's "do
not care") are not cropped::

    python tools/data/textrecog/totaltext_converter.py data/totaltext \\
        --split-list training test --nproc 4

A record that does not parse is skipped with a warning naming file and
record; an image without ground truth, or unreadable, is skipped with a
warning; a missing split folder is one error line.
"""
from __future__ import annotations

import argparse
import os.path as osp
import sys

from shapely.geometry import Polygon

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils import collect_det_files
from mmocr.datasets.utils.det_convert import check_folders
from mmocr.datasets.utils.recog_convert import (
    crop_words,
    print_label_counts,
    write_recog_labels,
)
from mmocr.datasets.utils.totaltext import read_totaltext_words, totaltext_gt_name

#: MMOCR 0.x's crop padding ratios (long edge, short edge).
PAD = (0.4, 0.2)


def label_stem(split: str) -> str:
    """The label file of split ``training`` is ``train_label.txt``."""
    return 'train' if split == 'training' else split


def crop_jobs(root: str, split: str) -> list[tuple]:
    """Crop jobs (see :func:`mmocr.datasets.utils.crop_words`) of one
    split: each text but ``#`` as its polygon's bounding rectangle."""
    jobs = []
    for img_file, gt_file in collect_det_files(
            osp.join(root, 'imgs', split), osp.join(root, 'annotations', split),
            split, totaltext_gt_name):
        stem = osp.splitext(osp.basename(img_file))[0]
        words = [(coords, text) for coords, text in read_totaltext_words(gt_file)
                 if text != '#']
        rects = [Polygon(list(zip(c[0::2], c[1::2]))).bounds for c, _ in words]
        jobs.append((img_file, [
            (f'{split}/{stem}_{k}.png', [x1, y1, x2, y1, x2, y2, x1, y2], text)
            for k, ((x1, y1, x2, y2), (_, text)) in enumerate(
                zip(rects, words), 1)]))
    return jobs


def convert(root: str, out_dir: str, splits: list[str],
            nproc: int = 1) -> dict[str, int]:
    """Crop each split; returns the number of samples per label file stem.
    Every split's folders are checked before anything is written."""
    check_folders([osp.join(root, sub, s) for s in splits
                   for sub in ('imgs', 'annotations')])
    counts = {}
    for split in splits:
        samples = crop_words(crop_jobs(root, split),
                             osp.join(out_dir, 'dst_imgs'), nproc, desc=split,
                             pad=PAD)
        stem = label_stem(split)
        counts[stem] = write_recog_labels(
            samples, osp.join(out_dir, f'{stem}_label.txt'), 'txt')
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description='Crop Total-Text texts into recognition samples')
    parser.add_argument('root_path', help='Total-Text root (imgs/, '
                        'annotations/)')
    parser.add_argument('-o', '--out-dir', help='output directory for '
                        'dst_imgs/ and the labels (default: root_path)')
    parser.add_argument('--split-list', nargs='+', required=True,
                        help='splits to convert, e.g. training test')
    parser.add_argument('--nproc', default=1, type=int,
                        help='number of processes')
    args = parser.parse_args(argv)
    out_dir = args.out_dir or args.root_path
    print_label_counts(convert(args.root_path, out_dir, args.split_list,
                               args.nproc), out_dir, 'txt')
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'totaltext_converter.py'))
