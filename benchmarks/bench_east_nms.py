"""EAST locality-aware NMS: the vectorised
:func:`~mmocr.models.textdet.postprocess.lanms.locality_aware_nms` against a
plain per-pixel Python reference (the sequential merge of the paper, one
shapely IoU per pixel, then a textbook greedy NMS) on the maps of a
synthetic 736x1280 image (a 184x320 map at 1/4) with 100 rotated text
rectangles.

The maps are ``EASTTargets``' RBOX targets with noise on the geometry and
the scores, so the merges and suppressions are not trivial. Checks that both
give the same boxes and prints the speed ratio::

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_east_nms.py
"""
from __future__ import annotations

import argparse
import time

import numpy as np
import shapely
from shapely.geometry import Polygon

from mmocr.core.mask import PolygonMasks
from mmocr.datasets.pipelines import EASTTargets
from mmocr.models.textdet.postprocess.east_postprocessor import restore_rbox
from mmocr.models.textdet.postprocess.lanms import locality_aware_nms, quad_iou


def synthetic_pixels(height: int, width: int, grid: tuple[int, int],
                     ratio: float, score_thr: float, seed: int = 0):
    """``(quads (n, 8), scores (n,), rows (n,))`` of the pixels above
    ``score_thr`` of noisy RBOX maps of a ``grid`` of rotated rectangles."""
    rng = np.random.default_rng(seed)
    rows, cols = grid
    ch, cw = height / rows, width / cols
    polys = []
    for r in range(rows):
        for c in range(cols):
            cx, cy = (c + 0.5) * cw, (r + 0.5) * ch
            w, h = cw * rng.uniform(0.6, 0.9), ch * rng.uniform(0.4, 0.7)
            a = rng.uniform(-0.3, 0.3)
            u, v = np.array([np.cos(a), np.sin(a)]), np.array(
                [-np.sin(a), np.cos(a)])
            corners = [np.array([cx, cy]) + sx * w / 2 * u + sy * h / 2 * v
                       for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1))]
            polys.append([np.concatenate(corners)])
    score, noisy = rbox_maps(polys, height, width, ratio, rng)
    ys, xs = np.nonzero(score > 0.5)
    scores = rng.uniform(score_thr, 1.0, len(ys))
    return restore_rbox(xs, ys, noisy[:, ys, xs], ratio), scores, ys


def rbox_maps(polys: list[list[np.ndarray]], height: int, width: int,
              ratio: float, rng: np.random.Generator
              ) -> tuple[np.ndarray, np.ndarray]:
    """``(score (h, w), geo (5, h, w))`` EASTTargets maps of the quads
    ``polys`` at ``ratio`` of the image, geometry with noise inside the
    texts (2 px on the distances, 0.03 rad on the angle)."""
    results = EASTTargets(downsample_ratio=ratio)(dict(
        img=np.zeros((height, width, 3), np.uint8),
        gt_masks=PolygonMasks(polys, height, width)))
    score = results['gt_score'].masks[0]
    geo = results['gt_geo'].masks.astype(np.float64)
    ys, xs = np.nonzero(score > 0.5)
    geo[:4, ys, xs] += rng.normal(0, 2.0, (4, len(ys)))
    geo[4, ys, xs] += rng.normal(0, 0.03, len(ys))
    return score, geo


def _iou(a: np.ndarray, b: np.ndarray) -> float:
    pa, pb = Polygon(a.reshape(4, 2)), Polygon(b.reshape(4, 2))
    pa = pa if pa.is_valid else pa.buffer(0)
    pb = pb if pb.is_valid else pb.buffer(0)
    inter = pa.intersection(pb).area
    union = pa.area + pb.area - inter
    return inter / union if union > 0 else 0.0


def reference_lanms(quads, scores, rows, thr):
    """The paper's locality-aware NMS, one pixel at a time."""
    groups = []  # [weighted sum, weight, count]
    prev_row = None
    for quad, score, row in zip(quads, scores, rows):
        if groups and row == prev_row and _iou(
                groups[-1][0] / groups[-1][1], quad) > thr:
            groups[-1][0] = groups[-1][0] + score * quad
            groups[-1][1] += score
            groups[-1][2] += 1
        else:
            groups.append([score * quad, score, 1])
        prev_row = row
    merged = np.array([g[0] / g[1] for g in groups])
    sums = np.array([g[1] for g in groups])
    counts = np.array([g[2] for g in groups])
    order = list(np.argsort(-sums, kind='stable'))
    keep = []
    while order:
        i = order.pop(0)
        keep.append(i)
        order = [j for j in order if _iou(merged[i], merged[j]) <= thr]
    return merged[keep], sums[keep] / counts[keep]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--height', type=int, default=736)
    parser.add_argument('--width', type=int, default=1280)
    parser.add_argument('--grid', type=int, nargs=2, default=(10, 10))
    parser.add_argument('--nms-thr', type=float, default=0.2)
    parser.add_argument('--repeat', type=int, default=3)
    args = parser.parse_args()
    quads, scores, rows = synthetic_pixels(args.height, args.width,
                                           tuple(args.grid), 0.25, 0.9)
    print(f'{len(quads)} pixels above the threshold, '
          f'{args.grid[0] * args.grid[1]} texts; shapely {shapely.__version__}')

    def timed(fn):
        best, out = np.inf, None
        for _ in range(args.repeat):
            start = time.perf_counter()
            out = fn(quads, scores, rows, args.nms_thr)
            best = min(best, time.perf_counter() - start)
        return best, out

    t_fast, (boxes, box_scores) = timed(locality_aware_nms)
    t_ref, (ref_boxes, ref_scores) = timed(reference_lanms)
    same = (boxes.shape == ref_boxes.shape
            and np.allclose(boxes, ref_boxes, atol=1e-6)
            and np.allclose(box_scores, ref_scores, atol=1e-9))
    print(f'boxes: {len(boxes)} (reference {len(ref_boxes)}), identical: '
          f'{same}')
    print(f'vectorised {t_fast * 1e3:.1f} ms, reference {t_ref * 1e3:.1f} '
          f'ms: x{t_ref / t_fast:.1f}')
    if not same:
        raise SystemExit('the vectorised LANMS differs from the reference')

    rng = np.random.default_rng(1)
    pairs = rng.integers(0, len(quads), (2, 200_000))
    shift = np.tile(rng.normal(0, 3, (200_000, 2)), 4)  # stays convex
    qa, qb = quads[pairs[0]], quads[pairs[1]] + shift

    def shapely_iou(a, b):
        pa = shapely.polygons(a.reshape(-1, 4, 2))
        pb = shapely.polygons(b.reshape(-1, 4, 2))
        inter = shapely.area(shapely.intersection(pa, pb))
        union = shapely.area(pa) + shapely.area(pb) - inter
        return np.where(union > 0, inter / np.where(union > 0, union, 1), 0)

    t_np = min(_timed_once(quad_iou, qa, qb) for _ in range(args.repeat))
    t_geos = min(_timed_once(shapely_iou, qa, qb) for _ in range(args.repeat))
    same_iou = np.allclose(quad_iou(qa, qb), shapely_iou(qa, qb), atol=1e-9)
    print(f'quad IoU on 200k pairs: numpy {t_np * 1e3:.1f} ms, shapely '
          f'{t_geos * 1e3:.1f} ms: x{t_geos / t_np:.1f}, same values: '
          f'{same_iou}')
    if not same_iou:
        raise SystemExit('the numpy quad IoU differs from shapely')


def _timed_once(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


if __name__ == '__main__':
    main()
