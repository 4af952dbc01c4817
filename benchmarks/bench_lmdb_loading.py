"""Recognition data loading: one image lmdb vs. loose image files.

Writes ``--num-images`` small synthetic word images (JPEG) and a label file
to a temporary folder, packs them into an image lmdb with
:func:`mmocr.utils.lmdb_util.recog2lmdb`, then reads every sample through
the same CRNN-style pipeline (grayscale, ``ResizeOCR`` to height 32,
``Normalize``, format/collect) from both sources with a ``DataLoader`` and
prints samples/s and their ratio. Both sources are checked to yield the
same tensors.

By default both runs read from the OS page cache (the files were just
written), so the figure measures per-sample overhead (file open vs. one lmdb
lookup). ``--cold`` evicts the files from the page cache before every pass
(``posix_fadvise(DONTNEED)``), so the data is read from the disk again: many
small files against one large one.

    OMP_NUM_THREADS=1 python benchmarks/bench_lmdb_loading.py \
        [--num-images 3000] [--workers 0] [--repeats 3] [--cold]
"""
from __future__ import annotations

import argparse
import os
import os.path as osp
import tempfile
import time

import cv2
import numpy as np
import torch

from mmocr.datasets import OCRDataset, collate
from mmocr.utils.lmdb_util import recog2lmdb

PIPELINE_TAIL = [
    dict(type='ResizeOCR', height=32, min_width=32, max_width=128),
    dict(type='Normalize', mean=[127], std=[127], to_rgb=False),
    dict(type='DefaultFormatBundle'),
    dict(type='Collect', keys=['img'], meta_keys=['filename', 'valid_ratio',
                                                   'text']),
]
JSON_PARSER = dict(type='LineJsonParser', keys=['filename', 'text'])


def make_images(folder: str, num: int, seed: int = 0) -> str:
    """Write ``num`` synthetic word crops and ``label.txt``; return its path.
    """
    rng = np.random.default_rng(seed)
    lines = []
    for i in range(num):
        width = int(rng.integers(40, 160))
        img = np.full((32, width, 3), int(rng.integers(180, 255)), np.uint8)
        word = ''.join(rng.choice(list('abcdefghijklmnopqrstuvwxyz'),
                                  int(rng.integers(3, 9))))
        cv2.putText(img, word, (2, 24), cv2.FONT_HERSHEY_SIMPLEX, 0.7,
                    (0, 0, 0), 2)
        name = f'{i:06d}.jpg'
        cv2.imwrite(osp.join(folder, 'imgs', name), img)
        lines.append(f'{name} {word}')
    label = osp.join(folder, 'label.txt')
    with open(label, 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')
    return label


def build(ann_file: str, img_prefix: str, from_lmdb: bool) -> OCRDataset:
    loader = dict(type='AnnFileLoader',
                  file_format='lmdb' if from_lmdb else 'txt',
                  parser=JSON_PARSER if from_lmdb else dict(
                      type='LineStrParser', keys=['filename', 'text']))
    load = 'LoadImageFromLMDB' if from_lmdb else 'LoadImageFromFile'
    return OCRDataset(ann_file=ann_file, img_prefix=img_prefix, loader=loader,
                      pipeline=[dict(type=load, color_type='grayscale')] +
                      PIPELINE_TAIL, test_mode=True)


def evict(paths: list[str]) -> None:
    """Drop ``paths`` from the OS page cache (best effort)."""
    for path in paths:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


def throughput(dataset: OCRDataset, workers: int, repeats: int,
               cold_files: list[str] | None = None) -> float:
    """Best samples/s over ``repeats`` full passes."""
    best = 0.
    for _ in range(repeats):
        if cold_files:
            evict(cold_files)
        loader = torch.utils.data.DataLoader(dataset, batch_size=64,
                                             num_workers=workers,
                                             collate_fn=collate)
        start = time.perf_counter()
        count = sum(len(batch['img_metas']) for batch in loader)
        best = max(best, count / (time.perf_counter() - start))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--num-images', type=int, default=3000)
    parser.add_argument('--workers', type=int, default=0)
    parser.add_argument('--repeats', type=int, default=3)
    parser.add_argument('--cold', action='store_true',
                        help='evict the data from the page cache before '
                        'each pass')
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(osp.join(tmp, 'imgs'))
        label = make_images(tmp, args.num_images)
        db = osp.join(tmp, 'imgs.lmdb')
        recog2lmdb(osp.join(tmp, 'imgs'), label, db)
        files = build(label, osp.join(tmp, 'imgs'), from_lmdb=False)
        lmdb_ds = build(db, db, from_lmdb=True)
        for i in (0, len(files) - 1):
            assert torch.equal(files[i]['img'].data, lmdb_ds[i]['img'].data)
            assert files[i]['img_metas'].data['text'] == \
                lmdb_ds[i]['img_metas'].data['text']
        img_dir = osp.join(tmp, 'imgs')
        img_files = [osp.join(img_dir, f) for f in sorted(os.listdir(img_dir))]
        cold = args.cold
        file_rate = throughput(files, args.workers, args.repeats,
                               img_files if cold else None)
        lmdb_rate = throughput(lmdb_ds, args.workers, args.repeats,
                               [osp.join(db, 'data.mdb')] if cold else None)
    print(f'{args.num_images} images, {args.workers} workers, best of '
          f'{args.repeats}, {"cold" if args.cold else "warm"} page cache')
    print(f'loose files: {file_rate:8.1f} samples/s')
    print(f'image lmdb:  {lmdb_rate:8.1f} samples/s')
    print(f'ratio lmdb / files: x{lmdb_rate / file_rate:.2f}')


if __name__ == '__main__':
    main()
