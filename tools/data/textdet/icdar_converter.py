#!/usr/bin/env python
"""Convert ICDAR 2015 / 2017 text detection ground truth to MMOCR's COCO
format (``instances_{split}.json``) and line-json (``instances_{split}.txt``).

Layout of ROOT: ``imgs/{split}/NAME.jpg`` and
``annotations/{split}/gt_NAME.txt``, one instance per line:
``x1,y1,...,x4,y4,transcript`` (ICDAR 2015) or
``x1,y1,...,x4,y4,language,transcript`` (ICDAR 2017). Transcripts containing
``###`` are marked ``iscrowd=1`` (ignored in training and evaluation). File
names in the output are ``{split}/NAME.jpg`` (use ``img_prefix=ROOT/imgs``)::

    python tools/data/textdet/icdar_converter.py data/icdar2015 \
        -o data/icdar2015 -d icdar2015 --split-list training test

Malformed lines are skipped with a warning naming the file and line; an
unreadable image is skipped with a warning.
"""
from __future__ import annotations

import argparse
import os.path as osp
import sys
import warnings
from functools import partial

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils import convert_det_splits, make_det_annotation
from mmocr.datasets.utils.det_convert import gt_lines, icdar_gt_name


def parse_gt_line(line: str, dataset: str) -> tuple[list[int], str]:
    """``(8 coordinates, transcript)`` of one ground-truth line.

    Raises:
        ValueError: the line does not have 8 integer coordinates (and a
            transcript).
    """
    parts = line.split(',')
    min_parts = 10 if dataset == 'icdar2017' else 9
    if len(parts) < min_parts:
        raise ValueError(f'expected at least {min_parts} comma-separated '
                         f'fields, got {len(parts)}')
    coords = [int(round(float(v))) for v in parts[:8]]
    text = ','.join(parts[9:] if dataset == 'icdar2017' else parts[8:])
    return coords, text


def load_txt_info(gt_file: str, split: str, dataset: str) -> list[dict]:
    """The instances of one ground-truth file."""
    anno_info = []
    for line_no, line in gt_lines(gt_file):
        try:
            coords, text = parse_gt_line(line, dataset)
        except ValueError as err:
            warnings.warn(f'{gt_file}:{line_no}: skipped malformed line '
                          f'({err}): {line!r}', stacklevel=2)
            continue
        anno_info.append(make_det_annotation(coords, '###' in text))
    return anno_info


def convert(root: str, out_dir: str, dataset: str, splits: list[str],
            nproc: int = 1) -> dict[str, int]:
    """Convert each split; returns the number of images per split."""
    return convert_det_splits(root, out_dir, splits, icdar_gt_name,
                              partial(load_txt_info, dataset=dataset), nproc)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Convert ICDAR 2015/2017 detection annotations to '
        'MMOCR format')
    parser.add_argument('icdar_path', help='dataset root (imgs/, '
                        'annotations/)')
    parser.add_argument('-o', '--out-dir', help='output directory '
                        '(default: icdar_path)')
    parser.add_argument('-d', '--dataset', required=True,
                        choices=['icdar2015', 'icdar2017'])
    parser.add_argument('--split-list', nargs='+', required=True,
                        help='splits to convert, e.g. training test')
    parser.add_argument('--nproc', default=1, type=int,
                        help='number of processes')
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    out_dir = args.out_dir or args.icdar_path
    counts = convert(args.icdar_path, out_dir, args.dataset, args.split_list,
                     args.nproc)
    for split, num in counts.items():
        print(f'{split}: {num} images -> '
              f'{osp.join(out_dir, f"instances_{split}.json")}')
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'icdar_converter.py'))
