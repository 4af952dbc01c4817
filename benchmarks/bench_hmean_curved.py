"""Benchmark ``eval_hmean_iou`` on curved text (many-point polygons) against
a per-pair shapely loop.

Each synthetic image holds ``--boxes`` curved text boundaries made by the
synthetic engine's geometry (``mmocr.datasets.synth.curves``: arcs, waves,
partial circles, bent and straight lines, no rendering), CTW1500-style 14
points each, not overlapping each other, one or two of them ignored;
predictions are FCENet-like 50-point polygons of the same bands with
jittered ends, sides and vertices (some badly placed), 10% misses, false
positives elsewhere and a few self-intersecting (bow-tie) predictions that
both sides repair. Both
implementations run on the same data in the same run; the script checks
that they give identical counts and prints both times and the ratio.

    python benchmarks/bench_hmean_curved.py                 # 1000 x 15 boxes
    python benchmarks/bench_hmean_curved.py --num-images 50       # quick
"""
from __future__ import annotations

import argparse
import time

import numpy as np
import shapely
from bench_hmean import compare  # ours against the per-pair shapely loop

from mmocr.datasets.synth.curves import (
    CURVE_KINDS,
    band_polygon,
    make_centerline,
)

GT_POINTS, PRED_POINTS = 7, 25  # per side: 14-point gts, 50-point preds


def curved_band(rng: np.random.Generator, size: float):
    """A random centre line placed in the image, its length and half
    height."""
    length = float(rng.uniform(60, 300))
    half = float(rng.uniform(6, 24))
    line = make_centerline(CURVE_KINDS[int(rng.integers(len(CURVE_KINDS)))],
                           length, half, rng, step=2.0)
    line.points += rng.uniform(0, size, 2) - line.points.mean(0)
    return line, length, half


def synthetic_image(rng: np.random.Generator, num_boxes: int,
                    size: float = 1000.0) -> tuple[list, list, list]:
    """(predictions, cared gts, ignored gts) of one image, flat polygons."""
    gts, preds, placed = [], [], []
    for _ in range(num_boxes):
        for _ in range(10):  # gts do not overlap, as in a real dataset
            line, length, half = curved_band(rng, size)
            gt = band_polygon(line, 0, length, -half, half, GT_POINTS)
            shape = shapely.Polygon(gt)
            if not any(shape.intersects(p) for p in placed):
                break
        placed.append(shape)
        gts.append(gt)
        if rng.random() < 0.1:  # a miss
            continue
        # 20% badly placed (most then fall below IoU 0.5)
        spread = 0.35 if rng.random() < 0.2 else 0.05
        s0, s1 = np.array([0, length]) + rng.normal(0, spread * length, 2)
        lo, hi = np.array([-half, half]) * rng.normal(1, spread, 2)
        pred = band_polygon(line, min(s0, s1 - 5), s1, lo, hi, PRED_POINTS)
        pred = pred + rng.normal(0, 1.0, pred.shape)
        if rng.random() < 0.02:  # a bow tie: swap two vertices
            pred[[3, 2 * PRED_POINTS - 4]] = pred[[2 * PRED_POINTS - 4, 3]]
        preds.append(pred)
    for _ in range(int(rng.integers(0, 4))):  # false positives
        line, length, half = curved_band(rng, size)
        preds.append(band_polygon(line, 0, length, -half, half, PRED_POINTS))
    num_ignored = int(rng.integers(1, 3))
    flat = [p.reshape(-1).astype(float).tolist() for p in gts]
    return ([p.reshape(-1).astype(float).tolist() for p in preds],
            flat[num_ignored:], flat[:num_ignored])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--num-images', type=int, default=1000)
    parser.add_argument('--boxes', type=int, default=15)
    parser.add_argument('--seed', type=int, default=0)
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    start = time.perf_counter()
    preds, gts, ignored = map(list, zip(*(synthetic_image(rng, args.boxes)
                                          for _ in range(args.num_images))))
    make_s = time.perf_counter() - start
    ours, ours_s, base_s = compare(preds, gts, ignored)
    num_pred = sum(map(len, preds))
    print(f'{args.num_images} images, {args.boxes} curved gts each '
          f'({2 * GT_POINTS} points), {num_pred} predictions '
          f'({2 * PRED_POINTS} points), made in {make_s:.1f} s')
    print(f'recall {ours["recall"]:.4f}, precision {ours["precision"]:.4f}, '
          f'hmean {ours["hmean"]:.4f} (identical)')
    print(f'eval_hmean_iou: {ours_s:.2f} s | per-pair loop: {base_s:.2f} s | '
          f'speed-up x{base_s / ours_s:.1f}')


if __name__ == '__main__':
    main()
