#!/usr/bin/env python
"""Convert SROIE receipts (``ROOT/img/NAME.jpg`` + ``ROOT/box/NAME.csv``
lines ``x1,y1,x2,y2,x3,y3,x4,y4,transcript``) to MMOCR's detection formats.

Writes to OUT:

* ``instances_training.json`` / ``instances_val.json`` (COCO, for
  ``IcdarDataset``) and ``instances_training.txt`` / ``instances_val.txt``
  (line-json, for ``TextDetDataset``);
* ``train_list.txt`` / ``val_list.txt``: the sample names of each split;
* ``imgs``: a symlink to ``ROOT/img`` (file names are ``NAME.jpg``; use
  ``img_prefix=OUT/imgs``).

The split is deterministic: :func:`mmocr.datasets.utils.sroie.sroie_split`
(``--val-ratio``, ``--seed``; the same split as the recognition crops
converter), or the names listed in ``--val-list``. ``--folds K`` also deals
the training receipts into K folds (:func:`~mmocr.datasets.utils.splits.kfold_split`)
and writes ``instances_fold{f}.json`` (fold f) and
``instances_training_fold{f}.json`` (the other folds) for choices made by
cross-validation (``tools/analysis/choose_det_postprocess.py``); the val
receipts are in no fold. Boxes whose transcript is
empty or ``###`` are marked ``iscrowd=1``. Malformed csv lines and
unreadable images are skipped with a warning naming the file (and line)::

    python tools/data/textdet/sroie_converter.py ../shared/data/sroie \
        -o data/sroie --val-ratio 0.1 --seed 0
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
from mmocr.datasets.utils.splits import kfold_split
from mmocr.datasets.utils.sroie import (
    sroie_image,
    sroie_samples,
    sroie_split,
)
from mmocr.utils.data_convert_util import convert_annotations
from mmocr.utils.errors import ImageLoadError
from mmocr.utils.fileio import atomic_write_text
from mmocr.utils.img_util import imread
from mmocr.utils.parallel import parallel_map

SPLIT_FILES = {'training': 'train_list.txt', 'val': 'val_list.txt'}


def read_box_file(box_file: str) -> list[dict]:
    """The instances of one SROIE csv file; bad lines are warned about and
    skipped."""
    try:
        with open(box_file, encoding='utf-8-sig') as f:
            lines = f.read().splitlines()
    except UnicodeDecodeError:
        warnings.warn(f'{box_file}: not utf-8, read as latin-1', stacklevel=2)
        with open(box_file, encoding='latin-1') as f:
            lines = f.read().splitlines()
    instances = []
    for line_no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        parts = line.split(',', 8)
        try:
            if len(parts) < 9:
                raise ValueError('expected 8 coordinates and a transcript')
            coords = [int(round(float(v))) for v in parts[:8]]
        except ValueError as err:
            warnings.warn(f'{box_file}:{line_no}: skipped malformed line '
                          f'({err}): {line!r}', stacklevel=2)
            continue
        ann = make_det_annotation(coords, parts[8].strip() in ('', '###'))
        if ann['area'] <= 0:
            warnings.warn(f'{box_file}:{line_no}: skipped degenerate box '
                          f'{coords}', stacklevel=2)
            continue
        instances.append(ann)
    return instances


def load_sample(name: str, root: str) -> dict | None:
    """Image info of sample ``name`` with ``anno_info``, or ``None`` (with a
    warning) when its image cannot be read."""
    try:
        img_file = sroie_image(root, name)
        img = imread(img_file, 'color_ignore_orientation')
    except (FileNotFoundError, ImageLoadError) as err:
        warnings.warn(f'receipt {name}: {err}; skipped', stacklevel=2)
        return None
    return dict(file_name=osp.basename(img_file), height=int(img.shape[0]),
                width=int(img.shape[1]),
                anno_info=read_box_file(osp.join(root, 'box', name + '.csv')))


def read_name_list(path: str) -> list[str]:
    with open(path, encoding='utf-8') as f:
        return [osp.splitext(line.strip())[0] for line in f if line.strip()]


def split_names(root: str, val_ratio: float, seed: int,
                val_list: str | None) -> dict[str, list[str]]:
    if val_list is None:
        train, val = sroie_split(root, val_ratio, seed)
    else:
        names = sroie_samples(root)
        wanted = set(read_name_list(val_list))
        unknown = wanted - set(names)
        if unknown:
            raise ValueError(f'{val_list}: unknown SROIE samples '
                             f'{sorted(unknown)[:5]}')
        val = [n for n in names if n in wanted]
        train = [n for n in names if n not in wanted]
    return {'training': train, 'val': val}


def link_images(root: str, out_dir: str) -> None:
    """Make ``out_dir/imgs`` point to ``root/img`` (unless it is a real
    folder already)."""
    link = osp.join(out_dir, 'imgs')
    target = osp.abspath(osp.join(root, 'img'))
    if osp.islink(link):
        if os.readlink(link) == target:
            return
        os.remove(link)
    elif osp.exists(link):
        warnings.warn(f'{link} exists and is not a link; left as is',
                      stacklevel=2)
        return
    os.symlink(target, link)


def convert(root: str, out_dir: str, val_ratio: float = 0.1, seed: int = 0,
            val_list: str | None = None, nproc: int = 1,
            folds: int = 0) -> dict[str, int]:
    """Convert SROIE; returns the number of images per written split
    (``training``, ``val``, and ``fold{f}`` / ``training_fold{f}`` with
    ``folds``)."""
    splits = split_names(root, val_ratio, seed, val_list)
    os.makedirs(out_dir, exist_ok=True)
    link_images(root, out_dir)
    counts, loaded = {}, {}
    for split, names in splits.items():
        worker = partial(load_sample, root=root)
        infos = parallel_map(worker, names, nproc, desc=split)
        kept = [(n, i) for n, i in zip(names, infos) if i is not None]
        loaded.update(kept)
        atomic_write_text(osp.join(out_dir, SPLIT_FILES[split]),
                          ''.join(n + '\n' for n, _ in kept))
        write_split(out_dir, split, [i for _, i in kept])
        counts[split] = len(kept)
    if folds:
        train = [n for n in splits['training'] if n in loaded]
        for f, fold in enumerate(kfold_split(train, folds, seed)):
            held = set(fold)
            counts[f'fold{f}'] = write_split(
                out_dir, f'fold{f}', [loaded[n] for n in fold])
            counts[f'training_fold{f}'] = write_split(
                out_dir, f'training_fold{f}',
                [loaded[n] for n in train if n not in held])
    return counts


def write_split(out_dir: str, split: str, infos: list[dict]) -> int:
    """``instances_{split}.json`` (COCO) and ``.txt`` (line-json)."""
    convert_annotations(infos, osp.join(out_dir, f'instances_{split}.json'))
    atomic_write_text(osp.join(out_dir, f'instances_{split}.txt'),
                      ''.join(det_info_to_line(i) + '\n' for i in infos))
    return len(infos)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Convert SROIE receipts to MMOCR text detection format')
    parser.add_argument('root', help='SROIE root (img/, box/)')
    parser.add_argument('-o', '--out-dir', required=True)
    parser.add_argument('--val-ratio', type=float, default=0.1)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--val-list', help='file listing the validation '
                        'samples (one name per line); overrides --val-ratio')
    parser.add_argument('--folds', type=int, default=0,
                        help='also write K cross-validation folds of the '
                        'training receipts (0: none)')
    parser.add_argument('--nproc', type=int, default=1)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    counts = convert(args.root, args.out_dir, args.val_ratio, args.seed,
                     args.val_list, args.nproc, args.folds)
    for split, num in counts.items():
        print(f'{split}: {num} images -> '
              f'{osp.join(args.out_dir, f"instances_{split}.json")}')
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'sroie_converter.py'))
