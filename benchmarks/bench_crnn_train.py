"""CRNN training throughput (samples/s) on this machine's CPU.

Builds CRNN from ``configs/_base_/recog_models/crnn.py`` (VGG + BiLSTM + CTC,
DICT36) and times full training steps (forward, CTC loss, backward, Adadelta
update) on synthetic batches of 32x100 grayscale word images with random
lower-case labels of 3-10 characters::

    OMP_NUM_THREADS=2 .venv/bin/python benchmarks/bench_crnn_train.py
    .venv/bin/python benchmarks/bench_crnn_train.py --batch-size 32 --iters 10
"""
from __future__ import annotations

import argparse
import random
import string
import time
from pathlib import Path

import torch

from mmocr.models import build_detector
from mmocr.utils.config import Config

REPO = Path(__file__).resolve().parents[1]


def make_batch(batch_size: int, rng: random.Random):
    img = torch.rand(batch_size, 1, 32, 100, generator=torch.Generator()
                     .manual_seed(rng.randrange(2**31))) * 2 - 1
    metas = [dict(text=''.join(rng.choices(string.ascii_lowercase,
                                           k=rng.randint(3, 10))),
                  resize_shape=(32, 100, 1), valid_ratio=1.0)
             for _ in range(batch_size)]
    return dict(img=img, img_metas=metas)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--batch-size', type=int, default=32)
    parser.add_argument('--iters', type=int, default=10,
                        help='timed training steps')
    parser.add_argument('--warmup', type=int, default=2,
                        help='untimed steps first')
    parser.add_argument('--threads', type=int, default=None,
                        help='torch.set_num_threads (default: torch default)')
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    rng = random.Random(0)

    cfg = Config.fromfile(str(REPO / 'configs/_base_/recog_models/crnn.py'))
    model = build_detector(cfg.model)
    model.train()
    optimizer = torch.optim.Adadelta(model.parameters(), lr=1.0)
    batches = [make_batch(args.batch_size, rng) for _ in range(4)]

    def step(batch):
        out = model.train_step(batch, optimizer)
        optimizer.zero_grad()
        out['loss'].backward()
        optimizer.step()
        return out['loss'].item()

    for i in range(args.warmup):
        step(batches[i % len(batches)])
    start = time.perf_counter()
    for i in range(args.iters):
        loss = step(batches[i % len(batches)])
    elapsed = time.perf_counter() - start
    samples = args.iters * args.batch_size
    print(f'CRNN train, batch {args.batch_size} x 1x32x100, '
          f'{torch.get_num_threads()} thread(s): {args.iters} steps in '
          f'{elapsed:.2f} s -> {samples / elapsed:.1f} samples/s '
          f'({elapsed / args.iters * 1000:.0f} ms/step, last loss {loss:.3f})')


if __name__ == '__main__':
    main()
