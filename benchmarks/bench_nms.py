"""Box NMS of the two-stage detectors (``OCRMaskRCNN``'s RPN proposals):
the vectorised :func:`~mmocr.models.common.bbox.nms` (one IoU matrix, then
Cluster-NMS fixed-point iterations) against the textbook greedy loop (one
Python step per box in score order, each computing the IoUs of the current
box with the remaining ones), on RPN-like proposals: the ``nms_pre`` best
boxes of one level, jittered copies of a few hundred text boxes plus noise.

Checks that both keep the same boxes and prints the speed ratio::

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_nms.py
"""
from __future__ import annotations

import argparse
import time

import torch

from mmocr.models.common.bbox import bbox_overlaps, nms


def proposals(num: int, num_texts: int, seed: int = 0
              ) -> tuple[torch.Tensor, torch.Tensor]:
    """``num`` boxes ``(num, 4)`` and scores in a 1280x736 image."""
    gen = torch.Generator().manual_seed(seed)
    xy = torch.rand(num_texts, 2, generator=gen) * torch.tensor([1200., 700.])
    wh = torch.rand(num_texts, 2, generator=gen) * torch.tensor([150., 30.]) + 8
    texts = torch.cat([xy, xy + wh], 1)
    owner = torch.randint(num_texts, (num,), generator=gen)
    jitter = torch.randn(num, 4, generator=gen) * wh[owner].repeat(1, 2) * 0.15
    boxes = texts[owner] + jitter
    boxes[:, 2:] = torch.max(boxes[:, 2:], boxes[:, :2] + 1)
    return boxes, torch.rand(num, generator=gen)


def greedy_loop(boxes: torch.Tensor, scores: torch.Tensor, thr: float
                ) -> torch.Tensor:
    order = scores.argsort(descending=True, stable=True)
    keep = []
    while order.numel():
        first = order[0]
        keep.append(int(first))
        iou = bbox_overlaps(boxes[first:first + 1], boxes[order[1:]])[0]
        order = order[1:][iou <= thr]
    return torch.tensor(keep, dtype=torch.long)


def best_time(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--num-boxes', type=int, default=2000)
    parser.add_argument('--num-texts', type=int, default=300)
    parser.add_argument('--iou-thr', type=float, default=0.7)
    parser.add_argument('--repeats', type=int, default=3)
    args = parser.parse_args()
    boxes, scores = proposals(args.num_boxes, args.num_texts)
    ours = nms(boxes, scores, args.iou_thr)[1]
    ref = greedy_loop(boxes, scores, args.iou_thr)
    if not torch.equal(ours, ref):
        raise SystemExit('mismatch: the two NMS keep different boxes')
    t_ours = best_time(lambda: nms(boxes, scores, args.iou_thr), args.repeats)
    t_ref = best_time(lambda: greedy_loop(boxes, scores, args.iou_thr),
                      args.repeats)
    print(f'{args.num_boxes} boxes, IoU > {args.iou_thr}: both keep '
          f'{ours.numel()} boxes')
    print(f'vectorised nms {t_ours * 1e3:.1f} ms, greedy loop '
          f'{t_ref * 1e3:.1f} ms: x{t_ref / t_ours:.1f}')


if __name__ == '__main__':
    main()
