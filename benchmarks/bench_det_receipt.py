"""Per-receipt CPU time of whole text detectors, split into the network and
the post-processing, on the SROIE validation receipts.

Each ``--models`` entry is ``CONFIG[:CHECKPOINT]``; without a checkpoint the
model runs with random weights (the network time is real, the
post-processing time is not: random maps have no text). Defaults: the
shipped DBNet, and every family's SROIE config with random weights::

    OMP_NUM_THREADS=2 .venv/bin/python benchmarks/bench_det_receipt.py
    .venv/bin/python benchmarks/bench_det_receipt.py --num-images 5 --models \\
        configs/textdet/panet/panet_r18w32_fpem_ffm_sroie.py:work_dirs/panet_r18w32_fpem_ffm_sroie/latest.pth

The images are those of ``data/sroie/val_list.txt`` (written by
``tools/data/textdet/sroie_converter.py``), else the first images of
``../shared/data/sroie``.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import torch

from mmocr.apis import init_detector, model_inference
from mmocr.inference.model_zoo import (
    get_model_entry,
    resolve_checkpoint,
    resolve_config,
)

REPO = Path(__file__).resolve().parents[1]
FAMILY_CONFIGS = ('configs/textdet/panet/panet_r18w32_fpem_ffm_sroie.py',)


def receipt_images(num: int) -> list[str]:
    val_list = REPO / 'data/sroie/val_list.txt'
    if val_list.is_file():
        names = val_list.read_text().split()
        imgs = [str(REPO / f'data/sroie/imgs/{n}.jpg') for n in names]
    else:
        shared = REPO.parent / 'shared/data/sroie'
        imgs = sorted(str(p) for p in shared.rglob('*.jpg'))
    if not imgs:
        raise SystemExit('no SROIE receipts found: run '
                         'tools/data/textdet/sroie_converter.py first')
    return imgs[:num]


def default_models() -> list[str]:
    entry = get_model_entry('DB_r18w32_sroie', 'textdet')
    configs = str(REPO / 'configs')
    shipped = (f'{resolve_config(entry, configs)}:'
               f'{resolve_checkpoint(entry, configs)}')
    return [shipped] + [str(REPO / c) for c in FAMILY_CONFIGS]


def time_model(spec: str, imgs: list[str]) -> dict[str, float]:
    """Seconds per image: total, post-processing, boxes per image."""
    config, _, ckpt = spec.partition(':')
    model = init_detector(config, ckpt or None, device='cpu')
    head = model.bbox_head
    post = [0.0]
    get_boundary = head.get_boundary

    def timed_get_boundary(*args, **kwargs):
        start = time.perf_counter()
        out = get_boundary(*args, **kwargs)
        post[0] += time.perf_counter() - start
        return out

    head.get_boundary = timed_get_boundary
    model_inference(model, imgs[0])  # warm-up
    post[0] = 0.0
    boxes = 0
    start = time.perf_counter()
    for img in imgs:
        boxes += len(model_inference(model, img)['boundary_result'])
    total = time.perf_counter() - start
    n = len(imgs)
    return dict(total=total / n, post=post[0] / n, boxes=boxes / n)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--models', nargs='+', default=None,
                        help='CONFIG[:CHECKPOINT] entries')
    parser.add_argument('--num-images', type=int, default=10)
    parser.add_argument('--threads', type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    imgs = receipt_images(args.num_images)
    print(f'{len(imgs)} SROIE receipts, {args.threads} threads')
    print(f'{"model":60s} {"s/img":>7s} {"network":>8s} {"post":>7s} '
          f'{"boxes":>6s}')
    for spec in args.models or default_models():
        t = time_model(spec, imgs)
        name = Path(spec.partition(':')[0]).name
        weights = 'trained' if spec.partition(':')[2] else 'random'
        print(f'{name + " (" + weights + ")":60s} {t["total"]:7.3f} '
              f'{t["total"] - t["post"]:8.3f} {t["post"]:7.3f} '
              f'{t["boxes"]:6.1f}')


if __name__ == '__main__':
    main()
