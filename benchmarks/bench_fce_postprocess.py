"""FCENet postprocessing: time per image of :class:`FCEPostprocessor` on the
three levels of a synthetic 736x1280 input with 40 texts, and its polygon
NMS (:func:`poly_nms`, one vectorised IoU row per kept polygon) against
MMOCR 0.x's pair-by-pair loop on the same per-pixel polygons (same kept
polygons checked)::

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_fce_postprocess.py
"""
from __future__ import annotations

import argparse
import time

import numpy as np
import torch

from mmocr.core.mask import PolygonMasks
from mmocr.datasets.pipelines import FCENetTargets
from mmocr.models.textdet.postprocess import (
    FCEPostprocessor,
    fourier2poly,
    poly_nms,
)
from mmocr.utils.polygon_utils import boundary_iou

K = 5


def synthetic_levels(height: int, width: int, grid: tuple[int, int]):
    """Targets of a ``grid`` of text boxes (FCENetTargets, one level per
    size) turned into logits and coefficient maps: ``[cls, reg]`` per
    level."""
    rows, cols = grid
    ch, cw = height // rows, width // cols
    polys = []
    for r in range(rows):
        for c in range(cols):
            x0, y0 = c * cw + cw // 8, r * ch + ch // 4
            x1, y1 = (c + 1) * cw - cw // 8, (r + 1) * ch - ch // 4
            polys.append([np.array([x0, y0, x1, y0, x1, y1, x0, y1], float)])
    return polygon_levels(polys, height, width)


def polygon_levels(polys: list[list[np.ndarray]], height: int, width: int):
    """``[cls, reg]`` per level of the texts ``polys`` (one ``[flat
    polygon]`` each) as :func:`synthetic_levels` makes them."""
    results = dict(img=np.zeros((height, width, 3), np.float32),
                   gt_masks=PolygonMasks(polys, height, width),
                   gt_masks_ignore=PolygonMasks([], height, width),
                   mask_fields=[])
    results = FCENetTargets(fourier_degree=K)(results)
    levels = []
    rng = np.random.default_rng(0)
    for key in ('p3_maps', 'p4_maps', 'p5_maps'):
        maps = torch.from_numpy(results[key])
        tr, tcl = 2 * maps[0] - 1, 2 * maps[1] - 1
        cls = torch.stack([-2 * tr, 2 * tr, -2 * tcl, 2 * tcl])
        reg = maps[3:] + torch.from_numpy(
            rng.normal(0, 0.05, maps[3:].shape).astype(np.float32))
        levels.append([cls, reg])
    return levels


def nms_reference(polygons: list[list[float]], threshold: float) -> list:
    """MMOCR 0.x's poly_nms: sort by score, keep the best, drop each later
    one whose IoU with it (one pair at a time) exceeds ``threshold``."""
    polygons = np.array(sorted(polygons, key=lambda x: x[-1]))
    keep, index = [], list(range(len(polygons)))
    while index:
        best = polygons[index[-1]]
        keep.append(best.tolist())
        index = index[:-1]
        ious = np.array([boundary_iou(best[:-1], polygons[i][:-1], 1)
                         for i in index])
        index = [i for i, iou in zip(index, ious) if not iou > threshold]
    return keep


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--repeat', type=int, default=3)
    args = parser.parse_args()
    levels = synthetic_levels(736, 1280, (8, 5))
    post = FCEPostprocessor(fourier_degree=K, num_reconstr_points=50,
                            alpha=1.0, beta=1.0)
    start = time.perf_counter()
    for _ in range(args.repeat):
        found = sum(len(post(level, scale))
                    for level, scale in zip(levels, (8, 16, 32)))
    per_image = (time.perf_counter() - start) / args.repeat
    print(f'FCEPostprocessor: {per_image * 1000:.1f} ms per 736x1280 image '
          f'(3 levels, {found} polygons before the cross-level NMS)')

    # One text's per-pixel polygons, as the postprocessor builds them.
    cls, reg = levels[0]
    region = (cls[1] > 0).numpy()
    ys, xs = np.nonzero(region)
    sel = (ys < ys.min() + 4) & (xs < xs.min() + 60)
    regn = reg.permute(1, 2, 0).numpy()[ys[sel], xs[sel]]
    coeff = regn[:, :2 * K + 1] + 1j * regn[:, 2 * K + 1:]
    coeff[:, K] += xs[sel] + 1j * ys[sel]
    polys = fourier2poly(coeff * 8, 50)
    scores = np.random.default_rng(1).uniform(0.5, 1, len(polys))
    rows = np.hstack([polys, scores[:, None]]).tolist()
    start = time.perf_counter()
    ours = poly_nms(rows, 0.1)
    t_ours = time.perf_counter() - start
    start = time.perf_counter()
    ref = nms_reference(rows, 0.1)
    t_ref = time.perf_counter() - start
    assert ours == ref, 'poly_nms differs from the reference'
    print(f'poly_nms on {len(rows)} polygons: {t_ours * 1000:.1f} ms, 0.x '
          f'pair loop {t_ref * 1000:.1f} ms ({t_ref / t_ours:.1f}x), same '
          f'{len(ours)} kept')


if __name__ == '__main__':
    main()
