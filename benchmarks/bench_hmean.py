"""Benchmark ``eval_hmean_iou`` against a plain per-pair shapely loop.

Synthetic images hold ``--boxes`` ground truths each (rotated rectangles and
some general quads, a few of them ignored) and as many predictions (jittered
ground truths, some misses and false positives). Both implementations run on
the same data; the script checks that they give identical counts and prints
both times and the speed ratio.

    python benchmarks/bench_hmean.py                      # 1000 x 100 boxes
    python benchmarks/bench_hmean.py --num-images 20 --boxes 50   # quick
"""
from __future__ import annotations

import argparse
import time

import numpy as np
from shapely.geometry import Polygon

from mmocr.core.evaluation import eval_hmean_iou
from mmocr.core.evaluation.utils import compute_hmean


def rotated_rect(rng: np.random.Generator, size: float) -> np.ndarray:
    cx, cy = rng.uniform(0, size, 2)
    w, h = rng.uniform(20, 80), rng.uniform(10, 30)
    angle = rng.uniform(-np.pi / 6, np.pi / 6)
    c, s = np.cos(angle), np.sin(angle)
    corners = np.array([[-w, -h], [w, -h], [w, h], [-w, h]]) / 2
    return corners @ np.array([[c, s], [-s, c]]) + [cx, cy]


def synthetic_image(rng: np.random.Generator, num_boxes: int,
                    size: float = 1000.0) -> tuple[list, list, list]:
    """(predictions, cared gts, ignored gts) of one image, flat quads."""
    gts = []
    for k in range(num_boxes):
        pts = rotated_rect(rng, size)
        if k % 10 == 0:  # a general (non-rectangular) quad
            pts = pts + rng.normal(0, 4, pts.shape)
        gts.append(pts)
    preds = []
    for pts in gts:
        if rng.random() < 0.9:  # 10% misses
            preds.append(pts + rng.normal(0, 3, pts.shape))
    while len(preds) < num_boxes:  # false positives
        preds.append(rotated_rect(rng, size))
    num_ignored = max(1, num_boxes // 30)
    flat = [p.reshape(-1).tolist() for p in gts]
    return ([p.reshape(-1).tolist() for p in preds], flat[num_ignored:],
            flat[:num_ignored])


def baseline_hmean_iou(pred_boxes: list, gt_boxes: list, gt_ignored: list,
                       iou_thr: float = 0.5,
                       precision_thr: float = 0.5) -> dict:
    """ICDAR 2015 IoU protocol with one shapely call per (gt, pred) pair."""

    def to_poly(points):
        poly = Polygon(np.asarray(points, dtype=float).reshape(-1, 2))
        return poly if poly.is_valid else poly.buffer(0)

    total_gts = total_dets = total_match = 0
    for preds, gts, ignored in zip(pred_boxes, gt_boxes, gt_ignored):
        gt_polys = [to_poly(p) for p in gts + ignored]
        pred_polys = [to_poly(p) for p in preds]
        pred_ignored = set()
        for j, pred in enumerate(pred_polys):
            for ign in gt_polys[len(gts):]:
                area = pred.area
                if area > 0 and pred.intersection(ign).area / area > precision_thr:
                    pred_ignored.add(j)
                    break
        iou = np.zeros((len(gt_polys), len(pred_polys)))
        for i, gt in enumerate(gt_polys):
            for j, pred in enumerate(pred_polys):
                union = pred.union(gt).area
                iou[i, j] = pred.intersection(gt).area / union if union else 0
        gt_hit = np.zeros(len(gt_polys), bool)
        pred_hit = np.zeros(len(pred_polys), bool)
        for i in range(len(gts)):
            for j in range(len(pred_polys)):
                if gt_hit[i] or pred_hit[j] or j in pred_ignored:
                    continue
                if iou[i, j] > iou_thr:
                    gt_hit[i] = pred_hit[j] = True
                    total_match += 1
        total_gts += len(gts)
        total_dets += len(preds) - len(pred_ignored)
    recall, precision, hmean = compute_hmean(total_match, total_match,
                                             total_gts, total_dets)
    return dict(num_gts=total_gts, num_dets=total_dets, num_match=total_match,
                recall=recall, precision=precision, hmean=hmean)


def compare(preds: list, gts: list, ignored: list
            ) -> tuple[dict, float, float]:
    """``(eval_hmean_iou's result, its seconds, the baseline's seconds)``;
    exits when the two results differ."""
    start = time.perf_counter()
    ours, _ = eval_hmean_iou(preds, gts, ignored)
    ours_s = time.perf_counter() - start
    start = time.perf_counter()
    base = baseline_hmean_iou(preds, gts, ignored)
    base_s = time.perf_counter() - start
    if ours != base:
        raise SystemExit(f'MISMATCH\n  eval_hmean_iou: {ours}\n  baseline: '
                         f'{base}')
    return ours, ours_s, base_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--num-images', type=int, default=1000)
    parser.add_argument('--boxes', type=int, default=100)
    parser.add_argument('--seed', type=int, default=0)
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    preds, gts, ignored = map(list, zip(*(synthetic_image(rng, args.boxes)
                                          for _ in range(args.num_images))))
    ours, ours_s, base_s = compare(preds, gts, ignored)
    print(f'{args.num_images} images x {args.boxes} boxes: '
          f'recall {ours["recall"]:.4f}, precision {ours["precision"]:.4f}, '
          f'hmean {ours["hmean"]:.4f} (identical)')
    print(f'eval_hmean_iou: {ours_s:.2f} s | per-pair loop: {base_s:.2f} s | '
          f'speed-up x{base_s / ours_s:.1f}')


if __name__ == '__main__':
    main()
