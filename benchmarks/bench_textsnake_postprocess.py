"""TextSnake postprocessing: time per image of
:class:`TextSnakePostprocessor` (each center region in its own crop,
table-driven Zhang-Suen thinning, all skeleton points walked together,
close disk pairs found at once) against a naive reference in MMOCR 0.x's
shape (a full-image mask per region for the skeleton, the walk and the
disks, thinning pixel by pixel in Python, disks merged one at a time), on
the maps of a synthetic image with curved texts (``TextSnakeTargets``
turned into logits); the same boundaries are checked::

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_textsnake_postprocess.py
"""
from __future__ import annotations

import argparse
import time

import cv2
import numpy as np

from mmocr.core.mask import PolygonMasks
from mmocr.datasets.pipelines import TextSnakeTargets
from mmocr.models.textdet.postprocess import (
    TextSnakePostprocessor,
    centralize,
    fill_hole,
)


def curved_polygon(x0: float, y0: float, length: float, height: float,
                   bend: float, num: int = 7) -> np.ndarray:
    """A CTW1500-like ``2 * num``-point band along a sine arc."""
    xs = np.linspace(x0, x0 + length, num)
    mid = y0 + bend * np.sin(np.linspace(0, np.pi, num))
    top = np.stack([xs, mid - height / 2], 1)
    bot = np.stack([xs, mid + height / 2], 1)[::-1]
    return np.concatenate([top, bot]).reshape(-1)


def synthetic_maps(height: int, width: int, num_texts: int,
                   seed: int = 0) -> np.ndarray:
    """``(5, H, W)`` TextSnake maps of ``num_texts`` curved texts in rows:
    +-6 logits for text and center, the targets' sin, cos and radius (with
    a little noise)."""
    rng = np.random.default_rng(seed)
    cols = 2
    rows = (num_texts + cols - 1) // cols
    ch, cw = height / rows, width / cols
    polys = []
    for i in range(num_texts):
        r, c = divmod(i, cols)
        text_h = ch * rng.uniform(0.3, 0.45)
        polys.append([curved_polygon(c * cw + cw * 0.08, r * ch + ch * 0.3,
                                     cw * 0.8, text_h,
                                     ch * rng.uniform(-0.15, 0.15))])
    return polygon_maps(polys, height, width, rng)


def polygon_maps(polys: list[list[np.ndarray]], height: int, width: int,
                 rng: np.random.Generator) -> np.ndarray:
    """``(5, H, W)`` maps of the texts ``polys`` (one ``[flat polygon]``
    each) as :func:`synthetic_maps` makes them."""
    results = dict(img_shape=(height, width, 3),
                   gt_masks=PolygonMasks(polys, height, width), mask_fields=[])
    results = TextSnakeTargets()(results)
    g = {k: results[k].masks[0].astype(np.float32)
         for k in results['mask_fields']}
    noise = rng.normal(0, 0.02, (3, height, width)).astype(np.float32)
    return np.stack([12 * g['gt_text_mask'] - 6,
                     12 * g['gt_center_region_mask'] - 6,
                     g['gt_sin_map'] + noise[0], g['gt_cos_map'] + noise[1],
                     g['gt_radius_map'] * (1 + noise[2])])


def skeletonize_reference(mask: np.ndarray) -> np.ndarray:
    """Zhang-Suen thinning pixel by pixel in Python."""
    img = np.pad((mask > 0).astype(np.uint8), 1)
    changed = True
    while changed:
        changed = False
        for step in (0, 1):
            delete = []
            for y, x in zip(*np.nonzero(img)):
                p = [img[y - 1, x], img[y - 1, x + 1], img[y, x + 1],
                     img[y + 1, x + 1], img[y + 1, x], img[y + 1, x - 1],
                     img[y, x - 1], img[y - 1, x - 1]]
                count = sum(p)
                trans = sum(p[i] == 0 and p[(i + 1) % 8] == 1
                            for i in range(8))
                if not (2 <= count <= 6 and trans == 1):
                    continue
                if step == 0 and p[0] * p[2] * p[4] == 0 \
                        and p[2] * p[4] * p[6] == 0:
                    delete.append((y, x))
                if step == 1 and p[0] * p[2] * p[6] == 0 \
                        and p[0] * p[4] * p[6] == 0:
                    delete.append((y, x))
            for y, x in delete:
                img[y, x] = 0
            changed |= bool(delete)
    return img[1:-1, 1:-1].astype(bool)


def merge_disks_reference(disks: np.ndarray, thr: float) -> np.ndarray:
    """MMOCR 0.x's disk merging: the best remaining disk against all the
    remaining ones, one disk at a time."""
    order = disks[:, 3].argsort()[::-1]
    merged = []
    while order.size:
        best, rest = order[0], order[1:]
        dist = np.linalg.norm(disks[rest, :2] - disks[best, :2], axis=1)
        close = dist <= (disks[best, 2] + disks[rest, 2]) * thr
        merged.append(disks[np.concatenate([[best], rest[close]])].mean(0))
        order = rest[~close]
    return np.stack(merged) if merged else np.zeros((0, 4))


def postprocess_reference(maps: np.ndarray, pp: TextSnakePostprocessor
                          ) -> list[list[float]]:
    """MMOCR 0.x's decoding: full-image masks per region, per-pixel
    thinning, disks merged one at a time, one circle per disk on a
    full-image canvas."""
    text = pp.sigmoid(maps[0])
    center_score = pp.sigmoid(maps[1]) * text
    scale = 1.0 / np.sqrt(maps[2]**2 + maps[3]**2 + 1e-8)
    sin, cos, radius = maps[2] * scale, maps[3] * scale, maps[4]
    center_mask = fill_hole(
        center_score > pp.min_center_region_confidence).astype(np.uint8)
    contours, _ = cv2.findContours(center_mask, cv2.RETR_TREE,
                                   cv2.CHAIN_APPROX_SIMPLE)
    boundaries = []
    for contour in contours:
        if cv2.contourArea(contour) < pp.min_center_area:
            continue
        region = np.zeros(center_mask.shape, np.uint8)
        cv2.drawContours(region, [contour], -1, 1, -1)
        yx = np.argwhere(skeletonize_reference(region))
        y, x = yx[:, 0], yx[:, 1]
        line = centralize(yx, cos[y, x], -sin[y, x], radius[y, x], region)
        y, x = line[:, 0], line[:, 1]
        disks = merge_disks_reference(np.stack(
            [x, y, radius[y, x] * pp.radius_shrink_ratio, center_score[y, x]],
            1), pp.disk_overlap_thr)
        canvas = np.zeros(center_mask.shape, np.uint8)
        for dx, dy, r, _ in disks:
            if r > 1:
                cv2.circle(canvas, (int(dx), int(dy)), int(r), 1, -1)
        found, _ = cv2.findContours(canvas, cv2.RETR_TREE,
                                    cv2.CHAIN_APPROX_SIMPLE)
        score = float(np.sum(canvas * text) / (np.sum(canvas) + 1e-8))
        if found and cv2.contourArea(found[0]) > 0 and found[0].size > 8:
            boundaries.append(found[0].reshape(-1).tolist() + [score])
    return boundaries


def same_boundaries(a: list[list[float]], b: list[list[float]]) -> bool:
    """Same points, scores within 1e-5."""
    return len(a) == len(b) and all(
        x[:-1] == y[:-1] and abs(x[-1] - y[-1]) < 1e-5 for x, y in zip(a, b))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--height', type=int, default=736)
    parser.add_argument('--width', type=int, default=1280)
    parser.add_argument('--texts', type=int, default=20)
    parser.add_argument('--repeats', type=int, default=3)
    args = parser.parse_args()
    maps = synthetic_maps(args.height, args.width, args.texts)
    pp = TextSnakePostprocessor()

    def timed(fn) -> tuple[float, list]:
        best, out = float('inf'), None
        for _ in range(args.repeats):
            start = time.perf_counter()
            out = fn()
            best = min(best, time.perf_counter() - start)
        return best, out

    fast_t, fast = timed(lambda: pp(maps))
    ref_t, ref = timed(lambda: postprocess_reference(maps, pp))
    if not same_boundaries(fast, ref):
        raise SystemExit('boundaries differ from the reference')
    print(f'{args.height}x{args.width} map, {args.texts} curved texts: '
          f'{len(fast)} boundaries (same as the reference)')
    print(f'TextSnakePostprocessor {fast_t * 1e3:.1f} ms/image, reference '
          f'{ref_t * 1e3:.1f} ms/image: x{ref_t / fast_t:.1f}')


if __name__ == '__main__':
    main()
