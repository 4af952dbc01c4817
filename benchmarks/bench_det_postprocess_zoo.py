"""Time per image of every text detection family's post-processor, on the
maps of one synthetic image.

Usage::

    OMP_NUM_THREADS=1 python benchmarks/bench_det_postprocess_zoo.py
        [--height 736] [--width 1280] [--texts 50] [--repeat 5]
        [--families DBNet PANet ...] [--threads 1]

One set of ``--texts`` gently curved text bands (14-point CTW1500-like
polygons in a grid of cells) is turned into each family's maps at the scale
its head predicts them, through the family's own target generator, as a
trained model would output them (logits of +-6, a little noise on the
geometry):

* DBNet: ``DBNetTargets``' shrunk text (blurred probability), full size;
* PANet: ``PANetTargets``' text and kernel, one random embedding per text,
  1/4 size; PSENet: ``PSENetTargets``' 7 kernels, 1/4 size;
* EAST: ``EASTTargets`` RBOX maps of each band's minimum-area rectangle,
  1/4 size (``bench_east_nms.rbox_maps``);
* FCENet: ``FCENetTargets`` of the three levels
  (``bench_fce_postprocess.polygon_levels``);
* TextSnake: ``TextSnakeTargets`` (``bench_textsnake_postprocess
  .polygon_maps``);
* DRRG: ``DRRGTargets`` maps, the head's component proposals
  (``ProposalLocalGraphs``) and 8 nearest neighbour edges scored 0.95 within
  a text, 0.05 across (the GCN's part); only ``DRRGPostprocessor`` is
  timed;
* Mask R-CNN: each text's mask pasted in its box, as the mask head gives
  them; ``OCRMaskRCNN.get_boundary`` (mask pixels to a boundary) is timed.

After one warm-up call each, the post-processors run round robin (each once
per round, ``--repeat`` rounds, the best kept), so that a change of load
hits all alike. The script prints, per family, ms per image, the
boundaries found against the number of texts, and the ratio to DBNet's
post-processor measured in the same run (the machine may be shared:
compare ratios across runs).
"""
from __future__ import annotations

import argparse
import time
from types import SimpleNamespace
from typing import Callable

import cv2
import numpy as np
import torch
from bench_east_nms import rbox_maps
from bench_fce_postprocess import polygon_levels
from bench_textsnake_postprocess import curved_polygon, polygon_maps

from mmocr.core.mask import PolygonMasks
from mmocr.datasets.pipelines import (
    DBNetTargets,
    DRRGTargets,
    PANetTargets,
    PSENetTargets,
)
from mmocr.models.textdet.dense_heads import DRRGHead
from mmocr.models.textdet.detectors import OCRMaskRCNN
from mmocr.models.textdet.modules.utils import nearest_neighbours
from mmocr.models.textdet.postprocess import (
    DBPostprocessor,
    EASTPostprocessor,
    FCEPostprocessor,
    PANPostprocessor,
    PSEPostprocessor,
    TextSnakePostprocessor,
    poly_nms,
)

FAMILIES = ('DBNet', 'PANet', 'PSENet', 'EAST', 'FCENet', 'TextSnake',
            'DRRG', 'MaskRCNN')


def text_polygons(height: int, width: int, num_texts: int,
                  rng: np.random.Generator) -> list[np.ndarray]:
    """``num_texts`` flat 14-point bands, one per cell of a grid of cells
    about 3.5 times wider than high, bent up or down by up to 15% of the
    cell height."""
    cols = max(1, int(round(np.sqrt(num_texts * width / (3.5 * height)))))
    rows = -(-num_texts // cols)
    ch, cw = height / rows, width / cols
    polys = []
    for i in range(num_texts):
        r, c = divmod(i, cols)
        text_h = ch * rng.uniform(0.35, 0.45)
        polys.append(curved_polygon(
            c * cw + cw * 0.08, r * ch + ch * 0.5, cw * rng.uniform(0.7, 0.84),
            text_h, ch * rng.uniform(-0.15, 0.15)))
    return polys


def _masks(polys: list[np.ndarray], height: int, width: int, scale: float
           ) -> dict:
    h, w = int(round(height * scale)), int(round(width * scale))
    return dict(img=np.zeros((h, w, 3), np.uint8), img_shape=(h, w, 3),
                gt_masks=PolygonMasks([[p * scale] for p in polys], h, w),
                gt_masks_ignore=PolygonMasks([], h, w), mask_fields=[])


def _logits(mask: np.ndarray) -> np.ndarray:
    return (12 * mask.astype(np.float32) - 6).astype(np.float32)


def db_maps(polys, height, width, rng):
    shrink = DBNetTargets()(_masks(polys, height, width, 1.0))[
        'gt_shrink'].masks[0].astype(np.float32)
    prob = cv2.GaussianBlur(shrink * 0.9, (5, 5), 1.5)
    return torch.from_numpy(np.stack([prob, prob, prob]))


def pan_maps(polys, height, width, rng):
    kernels = PANetTargets()(_masks(polys, height, width, 0.25))[
        'gt_kernels'].masks
    _, instances = cv2.connectedComponents(kernels[0].astype(np.uint8), 4)
    emb = rng.uniform(-5, 5, (instances.max() + 1, 4)).astype(np.float32)
    emb = emb[instances].transpose(2, 0, 1) * (instances > 0)
    emb += rng.normal(0, 0.05, emb.shape).astype(np.float32)
    return torch.from_numpy(np.concatenate(
        [_logits(kernels[0])[None], _logits(kernels[1])[None], emb]))


def pse_maps(polys, height, width, rng):
    kernels = PSENetTargets()(_masks(polys, height, width, 0.25))[
        'gt_kernels'].masks
    return torch.from_numpy(_logits(np.stack(kernels)))


def east_maps(polys, height, width, rng):
    quads = [[cv2.boxPoints(cv2.minAreaRect(
        p.reshape(-1, 2).astype(np.float32))).reshape(-1)] for p in polys]
    score, geo = rbox_maps(quads, height, width, 0.25, rng)
    return torch.from_numpy(np.concatenate(
        [score[None].astype(np.float32), geo.astype(np.float32)]))


def drrg_inputs(polys, height, width, rng):
    """``(postprocessor, (edges, scores, text_comps))``."""
    results = DRRGTargets()(_masks(polys, height, width, 1.0))
    g = {k: results[k].masks[0].astype(np.float32)
         for k in results['mask_fields']}
    head = DRRGHead(in_channels=32)
    _, comps = head.graph_test.propose_comps_and_attribs(
        g['gt_text_mask'], g['gt_center_region_mask'],
        g['gt_top_height_map'], g['gt_bot_height_map'], g['gt_sin_map'],
        g['gt_cos_map'])
    centers = comps[:, :8].reshape(-1, 4, 2).mean(1)
    _, instances = cv2.connectedComponents(
        g['gt_text_mask'].astype(np.uint8), 8)
    cx = np.clip(centers[:, 0].astype(int), 0, width - 1)
    cy = np.clip(centers[:, 1].astype(int), 0, height - 1)
    labels = instances[cy, cx]
    knn = nearest_neighbours(centers, 9)[:, 1:]
    edges = np.stack([np.repeat(np.arange(len(comps)), knn.shape[1]),
                      knn.reshape(-1)], 1)
    scores = np.where(labels[edges[:, 0]] == labels[edges[:, 1]], 0.95, 0.05)
    return head.postprocessor, (edges, scores, comps)


def mask_rcnn_inputs(polys, height, width, rng):
    """``(dets (K, 5), [(mask crop, x0, y0)])`` as the mask head pastes
    them."""
    dets, masks = [], []
    for p in polys:
        pts = np.round(p.reshape(-1, 2)).astype(np.int32)
        x0, y0 = pts.min(0)
        x1, y1 = pts.max(0)
        crop = np.zeros((y1 - y0 + 1, x1 - x0 + 1), np.uint8)
        cv2.fillPoly(crop, [pts - [x0, y0]], 1)
        masks.append((crop.astype(bool), int(x0), int(y0)))
        dets.append([x0, y0, x1, y1, rng.uniform(0.8, 1.0)])
    return torch.tensor(dets, dtype=torch.float32), masks


def build_cases(families, polys, height, width, seed=0
                ) -> dict[str, tuple[str, Callable[[], list]]]:
    """``{family: (map size text, call returning the boundaries)}``."""
    rng = np.random.default_rng(seed)
    quarter = f'{round(height / 4)}x{round(width / 4)}'
    full = f'{height}x{width}'
    cases = {}
    for fam in families:
        if fam == 'DBNet':
            maps, post = db_maps(polys, height, width, rng), DBPostprocessor()
            cases[fam] = full, lambda m=maps, p=post: p(m)
        elif fam == 'PANet':
            maps, post = pan_maps(polys, height, width, rng), PANPostprocessor()
            cases[fam] = quarter, lambda m=maps, p=post: p(m)
        elif fam == 'PSENet':
            maps, post = pse_maps(polys, height, width, rng), PSEPostprocessor()
            cases[fam] = quarter, lambda m=maps, p=post: p(m)
        elif fam == 'EAST':
            maps, post = east_maps(polys, height, width, rng), EASTPostprocessor()
            cases[fam] = quarter, lambda m=maps, p=post: p(m)
        elif fam == 'FCENet':
            levels = polygon_levels([[p] for p in polys], height, width)
            post = FCEPostprocessor(fourier_degree=5, num_reconstr_points=50,
                                    alpha=1.0, beta=1.0)
            cases[fam] = '3 levels', lambda lv=levels, p=post: poly_nms(
                [b for lev, s in zip(lv, (8, 16, 32)) for b in p(lev, s)],
                p.nms_thr)
        elif fam == 'TextSnake':
            maps = polygon_maps([[p] for p in polys], height, width, rng)
            post = TextSnakePostprocessor()
            cases[fam] = full, lambda m=maps, p=post: p(m)
        elif fam == 'DRRG':
            post, args = drrg_inputs(polys, height, width, rng)
            cases[fam] = (f'{len(args[2])} comps',
                          lambda a=args, p=post: p(*a))
        elif fam == 'MaskRCNN':
            dets, masks = mask_rcnn_inputs(polys, height, width, rng)
            owner = SimpleNamespace(text_repr_type='poly')
            cases[fam] = (f'{len(masks)} masks',
                          lambda o=owner, d=dets, m=masks:
                          OCRMaskRCNN.get_boundary(o, d, m)['boundary_result'])
        else:
            raise SystemExit(f'unknown family {fam!r}; choose from {FAMILIES}')
    return cases


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--height', type=int, default=736)
    parser.add_argument('--width', type=int, default=1280)
    parser.add_argument('--texts', type=int, default=50)
    parser.add_argument('--repeat', type=int, default=5)
    parser.add_argument('--threads', type=int, default=1)
    parser.add_argument('--families', nargs='+', default=list(FAMILIES))
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    cv2.setNumThreads(args.threads)
    polys = text_polygons(args.height, args.width, args.texts,
                          np.random.default_rng(0))
    families = ['DBNet'] + [f for f in args.families if f != 'DBNet']
    cases = build_cases(families, polys, args.height, args.width)
    # One warm-up call each (its boundaries are counted), then round robin:
    # every post-processor once per round, so that a change of the
    # machine's load hits all alike; each keeps its best round.
    rows = [dict(family=fam, maps=size, fn=fn, found=len(fn()),
                 ms=float('inf')) for fam, (size, fn) in cases.items()]
    for _ in range(args.repeat):
        for row in rows:
            start = time.perf_counter()
            row['fn']()
            row['ms'] = min(row['ms'], (time.perf_counter() - start) * 1000)
    base = rows[0]['ms']
    print(f'{args.height}x{args.width} image, {args.texts} texts, '
          f'{args.threads} thread(s), best of {args.repeat} rounds')
    print('| family | post-processor input | ms / image | boundaries / texts '
          '| x DBNet |')
    print('| --- | --- | --- | --- | --- |')
    for row in rows:
        row['ratio'] = row['ms'] / base
        print(f"| {row['family']} | {row['maps']} | {row['ms']:.1f} | "
              f"{row['found']} / {args.texts} | {row['ratio']:.2f} |")
    return rows


if __name__ == '__main__':
    main()
