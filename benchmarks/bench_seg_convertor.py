"""SegOCR's reading of class maps: :meth:`SegConvertor.tensor2idx` (one
``bincount`` of component x class per image) against MMOCR 0.x's loop over
the connected components and, inside, over every class (a full-map mask
and a count per class), on synthetic 64x256 maps of DICT36 words.

Checks that both read the same characters with the same scores and prints
the speed ratio::

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_seg_convertor.py
"""
from __future__ import annotations

import argparse
import time

import cv2
import numpy as np
import torch
import torch.nn.functional as F

from mmocr.models.textrecog.convertors import SegConvertor


def synthetic_maps(num: int, height: int, width: int, chars: int,
                   num_classes: int, seed: int = 0) -> torch.Tensor:
    """One-hot logits ``(num, C, H, W)``: ``chars`` character blobs per
    image, each mostly one class with some pixels of another (and specks
    of noise below the area threshold)."""
    rng = np.random.default_rng(seed)
    maps = np.zeros((num, height, width), np.int64)
    cell = width // chars
    for b in range(num):
        for k in range(chars):
            x0 = k * cell + 2
            cls = rng.integers(1, num_classes)
            maps[b, 12:52, x0:x0 + cell - 4] = cls
            maps[b, 40:52, x0:x0 + 3] = rng.integers(1, num_classes)
        specks = rng.random((height, width)) < 0.002
        maps[b][specks] = rng.integers(1, num_classes, specks.sum())
    return F.one_hot(torch.from_numpy(maps), num_classes).permute(
        0, 3, 1, 2).float()


def loop_reference(convertor: SegConvertor, output: torch.Tensor):
    """MMOCR 0.x's ``SegConvertor.tensor2str`` reading (unknown characters
    dropped with their scores, as ours does)."""
    indexes, scores = [], []
    for seg_pred in output:
        seg_res = torch.argmax(seg_pred, dim=0).numpy().astype(np.int32)
        seg_thr = np.where(seg_res == 0, 0, 255).astype(np.uint8)
        _, labels, _, centroids = cv2.connectedComponentsWithStats(seg_thr)
        found = []
        for i in range(labels.max() + 1):
            values = seg_res[labels == i]
            best_num, best_cls, total = 0, -1, 0
            for c in range(convertor.num_classes()):
                c_num = np.sum(values == c)
                total += c_num
                if c_num > best_num:
                    best_num, best_cls = c_num, c
            if best_cls == 0:
                continue
            found.append((best_cls, centroids[i][0], best_num,
                          best_num / total))
        found.sort(key=lambda r: r[1])
        keep = [r for r in found if r[2] >= 20 and r[0] != convertor.unknown_idx]
        indexes.append([int(r[0]) for r in keep])
        scores.append([float(r[3]) for r in keep])
    return indexes, scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--num-images', type=int, default=32)
    parser.add_argument('--chars', type=int, default=10)
    parser.add_argument('--repeats', type=int, default=3)
    args = parser.parse_args()
    convertor = SegConvertor(dict_type='DICT36', with_unknown=True)
    output = synthetic_maps(args.num_images, 64, 256, args.chars,
                            convertor.num_classes())
    times = {}
    for name, fn in (('ours', convertor.tensor2idx),
                     ('0.x loop', lambda o: loop_reference(convertor, o))):
        best = float('inf')
        for _ in range(args.repeats):
            start = time.perf_counter()
            result = fn(output)
            best = min(best, time.perf_counter() - start)
        times[name] = (best, result)
    (t_ours, (idx, sc)), (t_ref, (ref_idx, ref_sc)) = times.values()
    assert idx == ref_idx, 'different characters'
    assert np.allclose(np.concatenate(sc), np.concatenate(ref_sc))
    chars = sum(map(len, idx))
    print(f'{args.num_images} maps 64x256, {chars} characters read: same '
          'characters and scores')
    print(f'SegConvertor.tensor2idx: {t_ours * 1e3 / args.num_images:.2f} '
          f'ms/image; 0.x loop: {t_ref * 1e3 / args.num_images:.2f} ms/image; '
          f'x{t_ref / t_ours:.1f}')


if __name__ == '__main__':
    main()
