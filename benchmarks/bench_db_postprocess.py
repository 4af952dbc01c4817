"""Speed of DBPostprocessor on synthetic DBNet probability maps.

Usage::

    python benchmarks/bench_db_postprocess.py [--height 736] [--width 1280]
        [--regions 100] [--repeat 20] [--text-repr-type quad]

Each map holds ``--regions`` rotated text kernels with soft borders (as a
trained DBNet produces); the script prints the mean time per image in ms,
the number of boundaries found, and the speed-up over a baseline run in the
same process that scores each region with a full-image mask instead of a
mask over its bounding rectangle.
"""
from __future__ import annotations

import argparse
import time
from unittest import mock

import cv2
import numpy as np
import torch

from mmocr.models.textdet.postprocess import DBPostprocessor, db_postprocessor


def synthetic_maps(height: int, width: int, regions: int,
                   seed: int = 0) -> torch.Tensor:
    """``(3, H, W)`` maps with ``regions`` non-overlapping rotated kernels."""
    rng = np.random.default_rng(seed)
    prob = np.zeros((height, width), np.float32)
    cols = int(np.ceil(np.sqrt(regions * width / height)))
    rows = int(np.ceil(regions / cols))
    cell_w, cell_h = width / cols, height / rows
    for k in range(regions):
        r, c = divmod(k, cols)
        center = ((c + 0.5) * cell_w, (r + 0.5) * cell_h)
        size = (rng.uniform(0.4, 0.8) * cell_w, rng.uniform(0.2, 0.5) * cell_h)
        angle = rng.uniform(-15, 15)
        box = cv2.boxPoints((center, size, angle)).astype(np.int32)
        cv2.fillPoly(prob, [box], float(rng.uniform(0.6, 0.95)))
    prob = cv2.GaussianBlur(prob, (5, 5), 1.5)
    return torch.from_numpy(np.stack([prob, prob, prob]))


def full_image_box_score(bitmap: np.ndarray, box: np.ndarray) -> float:
    """Baseline region score: mean under a mask of the whole image."""
    mask = np.zeros(bitmap.shape[:2], np.uint8)
    cv2.fillPoly(mask, [np.round(box).astype(np.int32).reshape(-1, 1, 2)], 1)
    return float(cv2.mean(bitmap, mask)[0])


def time_per_image(post: DBPostprocessor, maps: torch.Tensor,
                   repeat: int) -> tuple[float, int]:
    """Mean ms per call and the number of boundaries found."""
    num = len(post(maps))  # warm-up
    start = time.perf_counter()
    for _ in range(repeat):
        post(maps)
    return (time.perf_counter() - start) / repeat * 1000, num


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--height', type=int, default=736)
    parser.add_argument('--width', type=int, default=1280)
    parser.add_argument('--regions', type=int, default=100)
    parser.add_argument('--repeat', type=int, default=20)
    parser.add_argument('--text-repr-type', default='quad',
                        choices=['quad', 'poly'])
    args = parser.parse_args()

    maps = synthetic_maps(args.height, args.width, args.regions)
    post = DBPostprocessor(text_repr_type=args.text_repr_type)
    ms, num = time_per_image(post, maps, args.repeat)
    with mock.patch.object(db_postprocessor, 'box_score_fast',
                           full_image_box_score):
        base_ms, base_num = time_per_image(post, maps, args.repeat)
    if base_num != num:
        raise RuntimeError(f'baseline found {base_num} boundaries, not {num}')
    print(f'DBPostprocessor ({args.text_repr_type}) on {args.height}x'
          f'{args.width} with {args.regions} regions: {ms:.2f} ms/image, '
          f'{num} boundaries; full-image-mask baseline {base_ms:.2f} '
          f'ms/image ({base_ms / ms:.1f}x slower)')


if __name__ == '__main__':
    main()
