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
import os
import os.path as osp
import sys
import warnings
from functools import partial

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils import det_info_to_line, make_det_annotation
from mmocr.utils.data_convert_util import convert_annotations
from mmocr.utils.errors import ImageLoadError
from mmocr.utils.fileio import atomic_write_text
from mmocr.utils.img_util import imread
from mmocr.utils.parallel import parallel_map

_IMG_EXTS = ('.jpg', '.jpeg', '.png', '.gif', '.bmp')


def collect_files(img_dir: str, gt_dir: str) -> list[tuple[str, str]]:
    """``(image, gt file)`` pairs, sorted by image name; images without a
    gt file are skipped with a warning."""
    for folder in (img_dir, gt_dir):
        if not osp.isdir(folder):
            raise FileNotFoundError(f'folder not found: {folder}')
    pairs = []
    for name in sorted(os.listdir(img_dir)):
        stem, ext = osp.splitext(name)
        if ext.lower() not in _IMG_EXTS:
            continue
        gt_file = osp.join(gt_dir, f'gt_{stem}.txt')
        if not osp.isfile(gt_file):
            warnings.warn(f'no ground truth {gt_file} for image '
                          f'{osp.join(img_dir, name)}; skipped', stacklevel=2)
            continue
        pairs.append((osp.join(img_dir, name), gt_file))
    return pairs


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


def load_txt_info(gt_file: str, dataset: str) -> list[dict]:
    """The instances of one ground-truth file."""
    anno_info = []
    with open(gt_file, encoding='utf-8-sig', errors='replace') as f:
        for line_no, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                coords, text = parse_gt_line(line, dataset)
            except ValueError as err:
                warnings.warn(f'{gt_file}:{line_no}: skipped malformed line '
                              f'({err}): {line!r}', stacklevel=2)
                continue
            anno_info.append(make_det_annotation(coords, '###' in text))
    return anno_info


def load_img_info(files: tuple[str, str], dataset: str,
                  split: str) -> dict | None:
    """Image info with ``anno_info``, or ``None`` if the image is bad."""
    img_file, gt_file = files
    try:
        img = imread(img_file, 'unchanged')
    except ImageLoadError as err:
        warnings.warn(f'{err}; skipped', stacklevel=2)
        return None
    return dict(file_name=f'{split}/{osp.basename(img_file)}',
                height=int(img.shape[0]), width=int(img.shape[1]),
                segm_file=f'{split}/{osp.basename(gt_file)}',
                anno_info=load_txt_info(gt_file, dataset))


def collect_annotations(files: list[tuple[str, str]], dataset: str, split: str,
                        nproc: int = 1) -> list[dict]:
    """Image infos of ``files`` (in order), with a progress bar."""
    worker = partial(load_img_info, dataset=dataset, split=split)
    infos = parallel_map(worker, files, nproc, desc=split)
    return [info for info in infos if info is not None]


def convert(root: str, out_dir: str, dataset: str, splits: list[str],
            nproc: int = 1) -> dict[str, int]:
    """Convert each split; returns the number of images per split."""
    os.makedirs(out_dir, exist_ok=True)
    counts = {}
    for split in splits:
        files = collect_files(osp.join(root, 'imgs', split),
                              osp.join(root, 'annotations', split))
        infos = collect_annotations(files, dataset, split, nproc)
        convert_annotations(infos, osp.join(out_dir, f'instances_{split}.json'))
        atomic_write_text(osp.join(out_dir, f'instances_{split}.txt'),
                          ''.join(det_info_to_line(i) + '\n' for i in infos))
        counts[split] = len(infos)
    return counts


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
