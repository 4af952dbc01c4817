#!/usr/bin/env python
"""Crop the text lines of SROIE receipts into recognition samples.

Each box of ``ROOT/box/NAME.csv`` is perspective-rectified out of
``ROOT/img/NAME.jpg`` (deskewing rotated quadrilaterals) and saved as
``OUT/{split}/NAME_{k:03d}.jpg``; labels go to ``OUT/{split}_label.jsonl``
(``{"filename": "train/NAME_000.jpg", "text": ...}``; SROIE texts contain
blanks, so json lines are the default) or ``.txt``. The train/val split is
:func:`mmocr.datasets.utils.sroie.sroie_split`, the same as the detection
converter's. A receipt whose image is missing or unreadable or whose box
file is malformed is skipped and reported on stderr; the others are still
converted::

    python tools/data/textrecog/sroie_crops_converter.py ../shared/data/sroie \
        -o data/sroie_crops --val-ratio 0.1 --seed 0
"""
from __future__ import annotations

import argparse
import os
import os.path as osp
import sys
from functools import partial

import cv2

from mmocr.apis.utils import run_tool
from mmocr.datasets.pipelines.crop import warp_img
from mmocr.datasets.utils.sroie import read_sroie_boxes, sroie_image, sroie_split
from mmocr.utils.fileio import atomic_write_text
from mmocr.utils.img_util import imread
from mmocr.utils.lmdb_util import format_label_lines
from mmocr.utils.parallel import parallel_map


def crop_sample(name: str, root: str, out_dir: str, split: str,
                min_size: int = 2) -> tuple[list[tuple[str, str]], list[str]]:
    """Crop every box of sample ``name``.

    Returns:
        ``([(relative crop path, text)], problems)``; a box whose text is
        blank or whose crop is smaller than ``min_size`` pixels is skipped
        with a message, and so is the whole receipt when its image is
        missing or unreadable or its box file is malformed.

    Raises:
        OSError: a crop cannot be written.
    """
    box_file = osp.join(root, 'box', name + '.csv')
    try:
        img_path = sroie_image(root, name)
        img = imread(img_path)  # ImageLoadError is an OSError
        boxes = read_sroie_boxes(box_file)
    except (OSError, ValueError) as err:
        return [], [f'receipt {name}: {err}']
    samples, problems = [], []
    for k, (quad, text) in enumerate(boxes):
        where = f'{box_file} box {k + 1}'
        if not text.strip():
            problems.append(f'{where}: empty text')
            continue
        crop = warp_img(img, quad)
        if min(crop.shape[:2]) < min_size:
            problems.append(f'{where}: crop {crop.shape[:2]} smaller than '
                            f'{min_size} px')
            continue
        rel_path = f'{split}/{name}_{k:03d}.jpg'
        if not cv2.imwrite(osp.join(out_dir, rel_path), crop):
            raise OSError(f'cannot write {osp.join(out_dir, rel_path)}')
        samples.append((rel_path, text))
    return samples, problems


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Crop SROIE text boxes into recognition samples')
    parser.add_argument('root', help='SROIE root (img/, box/)')
    parser.add_argument('-o', '--out-dir', default='data/sroie_crops',
                        help='Output folder')
    parser.add_argument('--val-ratio', type=float, default=0.1,
                        help='Share of receipts for validation')
    parser.add_argument('--seed', type=int, default=0,
                        help='Seed of the train/val split')
    parser.add_argument('-f', '--format', default='jsonl',
                        choices=['jsonl', 'txt'],
                        help='Label format (txt cannot hold texts with '
                        'blanks for LineStrParser)')
    parser.add_argument('--min-size', type=int, default=2,
                        help='Skip crops thinner than this many pixels')
    parser.add_argument('--nproc', type=int, default=1,
                        help='Worker processes')
    return parser.parse_args(argv)


def write_split(args: argparse.Namespace, split: str,
                names: list[str]) -> None:
    """Crop the receipts ``names`` into ``OUT/split`` and write their label
    file; skipped receipts and boxes are reported on stderr."""
    os.makedirs(osp.join(args.out_dir, split), exist_ok=True)
    job = partial(crop_sample, root=args.root, out_dir=args.out_dir,
                  split=split, min_size=args.min_size)
    results = parallel_map(job, names, args.nproc, chunksize=8)
    samples = [s for result, _ in results for s in result]
    problems = [p for _, result in results for p in result]
    for problem in problems:
        print(f'skipped {problem}', file=sys.stderr)
    out_file = osp.join(args.out_dir, f'{split}_label.{args.format}')
    atomic_write_text(out_file, format_label_lines(samples, args.format))
    print(f'{split}: {len(names)} receipts, {len(samples)} crops -> '
          f'{out_file}')


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    train, val = sroie_split(args.root, args.val_ratio, args.seed)
    if not train and not val:
        raise FileNotFoundError(f'no SROIE samples in {args.root}')
    for split, names in (('train', train), ('val', val)):
        if names:  # only output problems (unwritable folder) stop the run
            write_split(args, split, names)
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'sroie_crops_converter.py'))
