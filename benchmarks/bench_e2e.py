"""End-to-end OCR seconds per image on the CPU: detection + recognition of
SROIE receipts through ``MMOCR.readtext``, with and without batch mode, and
the split between detection, crop/rectify and recognition.

Uses the project's default models (``DB_r18w32_sroie`` + ``CRNN_slim``) when
their checkpoints are available (shipped, in ``$MMOCR_HOME/checkpoints`` or
given with ``--det-ckpt``/``--recog-ckpt``). Otherwise the same configs run
with random weights; the detector still runs, but the crops are those of
the ground-truth lines so that recognition gets a realistic number and
shape of crops (timings only: the texts are meaningless)::

    OMP_NUM_THREADS=2 .venv/bin/python benchmarks/bench_e2e.py
    .venv/bin/python benchmarks/bench_e2e.py --num-images 4 --recog-batch-size 16
"""
from __future__ import annotations

import argparse
import os
import os.path as osp
import tempfile
import time
import warnings
from pathlib import Path

import torch

from mmocr.apis import init_detector
from mmocr.inference import MMOCR
from mmocr.inference.model_zoo import (
    DEFAULT_DET,
    DEFAULT_RECOG,
    ModelZooError,
    get_model_entry,
    resolve_checkpoint,
    resolve_config,
)
from mmocr.runner.checkpoint import save_checkpoint

REPO = Path(__file__).resolve().parents[1]


def gt_boundaries(box_dir: Path, name: str) -> list[list[float]]:
    """The annotated lines of an image (SROIE ``box/<stem>.csv`` or
    ``.txt``: ``x1,y1,...,x4,y4,text``) as boundaries with score 1."""
    stem = osp.splitext(name)[0]
    boundaries = []
    for path in (box_dir / f'{stem}.csv', box_dir / f'{stem}.txt'):
        if not path.is_file():
            continue
        with open(path, encoding='utf-8', errors='replace') as f:
            for line in f:
                parts = line.strip().split(',')
                if len(parts) >= 9:
                    boundaries.append([float(v) for v in parts[:8]] + [1.0])
        break
    return boundaries


def recognize_gt_lines(ocr: MMOCR, gt: dict[str, list]) -> None:
    """Make ``ocr`` crop the ground-truth lines instead of the detected
    boxes (the detector still runs and is timed): random detection weights
    give a meaningless number and shape of crops."""
    real_end2end, real_crops = ocr._end2end, ocr._crops
    current: list[str] = []

    def end2end(arrays, names, opts):
        current[:] = names
        return real_end2end(arrays, names, opts)

    def crops(arrays, det_results):
        return real_crops(arrays, [{'boundary_result': gt[n]}
                                   for n in current])

    ocr._end2end, ocr._crops = end2end, crops


def model_files(task: str, name: str, ckpt: str, config_dir: str,
                work_dir: str, max_boxes: int) -> tuple[str, str, bool]:
    """``(config, checkpoint, trained)``; random weights when no trained
    checkpoint is available (a detector's postprocessor then decodes at
    most ``max_boxes`` regions, as many as a receipt has lines, instead of
    the thousands of blobs of a random probability map)."""
    entry = get_model_entry(name, task)
    config = resolve_config(entry, config_dir)
    if ckpt:
        return config, ckpt, True
    try:
        return config, resolve_checkpoint(entry, config_dir), True
    except ModelZooError:
        pass
    options = ({'model.bbox_head.postprocessor.max_candidates': max_boxes}
               if task == 'textdet' else None)
    torch.manual_seed(0)
    with warnings.catch_warnings():  # max_candidates is a new key
        warnings.simplefilter('ignore', UserWarning)
        model = init_detector(config, device='cpu', cfg_options=options)
    path = osp.join(work_dir, f'{task}.pth')
    save_checkpoint(model, path)
    if options:
        config = osp.join(work_dir, f'{task}.py')
        model.cfg.dump(config)
    return config, path, False


def run(ocr: MMOCR, images: list[str], repeats: int, **kwargs) -> dict:
    ocr.readtext(images[:1], **kwargs)  # warm-up
    totals = dict(total=0.0, det=0.0, crop=0.0, recog=0.0, boxes=0)
    for _ in range(repeats):
        start = time.perf_counter()
        results = ocr.readtext(images, details=True, **kwargs)
        totals['total'] += time.perf_counter() - start
        for key in ('det', 'crop', 'recog'):
            totals[key] += ocr.timings.get(key, 0.0)
        totals['boxes'] += sum(len(r.get('result', [])) for r in results)
    n = len(images) * repeats
    return {k: v / n for k, v in totals.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--data', default=str(REPO.parent / 'shared' /
                                              'data' / 'sroie'))
    parser.add_argument('--num-images', type=int, default=8)
    parser.add_argument('--repeats', type=int, default=1)
    parser.add_argument('--det', default=DEFAULT_DET)
    parser.add_argument('--recog', default=DEFAULT_RECOG)
    parser.add_argument('--det-ckpt', default='')
    parser.add_argument('--recog-ckpt', default='')
    parser.add_argument('--det-batch-size', type=int, default=4)
    parser.add_argument('--recog-batch-size', type=int, default=0)
    parser.add_argument('--config-dir', default=str(REPO / 'configs'))
    args = parser.parse_args()

    img_dir = Path(args.data) / 'img'
    if not img_dir.is_dir():
        raise SystemExit(f'no SROIE images at {img_dir} (pass --data)')
    names = sorted(os.listdir(img_dir))[:args.num_images]
    images = [str(img_dir / n) for n in names]
    gt = {osp.splitext(n)[0]: gt_boundaries(Path(args.data) / 'box', n)
          for n in names}
    with tempfile.TemporaryDirectory() as work_dir:
        det_cfg, det_ckpt, det_trained = model_files(
            'textdet', args.det, args.det_ckpt, args.config_dir, work_dir,
            max(len(b) for b in gt.values()))
        recog_cfg, recog_ckpt, recog_trained = model_files(
            'textrecog', args.recog, args.recog_ckpt, args.config_dir,
            work_dir, 0)
        ocr = MMOCR(det=args.det, det_config=det_cfg, det_ckpt=det_ckpt,
                    recog=args.recog, recog_config=recog_cfg,
                    recog_ckpt=recog_ckpt, device='cpu')
        weights = 'trained'
        if not (det_trained and recog_trained):
            weights = 'random (crops of the ground-truth lines)'
            recognize_gt_lines(ocr, gt)
        print(f'{len(images)} SROIE images, {args.det} + {args.recog}, '
              f'{weights} weights, torch threads: {torch.get_num_threads()}')
        print(f'{"mode":<34}{"s/img":>8}{"det":>8}{"crop":>8}{"recog":>8}'
              f'{"boxes/img":>11}')
        for label, kwargs in (
                ('one image at a time', dict(
                    recog_batch_size=args.recog_batch_size)),
                (f'batch mode (det {args.det_batch_size}/batch)', dict(
                    batch_mode=True, det_batch_size=args.det_batch_size,
                    recog_batch_size=args.recog_batch_size))):
            t = run(ocr, images, args.repeats, **kwargs)
            print(f'{label:<34}{t["total"]:>8.3f}{t["det"]:>8.3f}'
                  f'{t["crop"]:>8.4f}{t["recog"]:>8.3f}{t["boxes"]:>11.1f}')


if __name__ == '__main__':
    main()
