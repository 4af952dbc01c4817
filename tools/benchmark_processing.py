#!/usr/bin/env python
"""Time the training data pipeline of a config: ``python
tools/benchmark_processing.py CONFIG [--num-batches N] [--warmup 5]
[--cfg-options K=V ...]``.

The training set (``data.train``) is loaded through the config's data
loader (``samples_per_gpu``, ``workers_per_gpu``) with a progress bar; the
first ``--warmup`` batches (worker start-up, cold caches) are not timed.
Prints the samples per second of the rest. Set ``data.workers_per_gpu=0``
to profile the transforms themselves in this process, e.g.::

    python -m cProfile -o prog.prof tools/benchmark_processing.py \\
        configs/textdet/dbnet/dbnet_r18_fpnc_toy.py \\
        --cfg-options data.workers_per_gpu=0
"""
from __future__ import annotations

import argparse
import sys
import time

from tqdm import tqdm

from mmocr.apis.utils import load_tool_config, loader_cfg, run_tool
from mmocr.datasets import build_dataloader, build_dataset
from mmocr.utils import DictAction
from mmocr.utils.errors import InvalidValueError


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Benchmark data loading')
    parser.add_argument('config', help='train config file path')
    parser.add_argument('--num-batches', type=int, default=None,
                        help='stop after this many batches (default: one '
                        'epoch)')
    parser.add_argument('--warmup', type=int, default=5,
                        help='batches not timed [5]')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='override settings, KEY=VALUE pairs')
    args = parser.parse_args(argv)
    if args.warmup < 0:
        raise InvalidValueError(f'--warmup must be >= 0, got {args.warmup}')
    if args.num_batches is not None and args.num_batches <= args.warmup:
        raise InvalidValueError(f'--num-batches must exceed --warmup '
                                f'({args.warmup}), got {args.num_batches}')
    return args


def batch_size(batch: dict) -> int:
    """The number of samples of a collated batch (its ``img``)."""
    img = batch['img']
    img = getattr(img, 'data', img)
    img = img[0] if isinstance(img, list) and len(img) == 1 else img
    return len(img)


def benchmark(data_loader, warmup: int, num_batches: int | None = None
              ) -> tuple[int, float]:
    """Iterate ``data_loader``; returns ``(samples, seconds)`` after the
    ``warmup`` batches."""
    total = len(data_loader) if num_batches is None else min(
        num_batches, len(data_loader))
    samples, start = 0, time.perf_counter()
    with tqdm(total=total, desc='batches') as bar:
        for i, batch in enumerate(data_loader):
            if i == total:
                break
            if i == warmup:
                samples, start = 0, time.perf_counter()
            samples += batch_size(batch)
            bar.update()
    return samples, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    cfg = load_tool_config(args.config, args.cfg_options)
    dataset = build_dataset(cfg.data.train, cfg_path='data.train')
    loader_args = loader_cfg(cfg.data, 'train_dataloader', seed=None,
                             dist=False)
    data_loader = build_dataloader(dataset, **loader_args)
    if len(data_loader) <= args.warmup:
        raise InvalidValueError(f'{len(data_loader)} batches of training '
                                f'data, not more than --warmup '
                                f'{args.warmup}')
    samples, seconds = benchmark(data_loader, args.warmup, args.num_batches)
    print(f'{samples} samples in {seconds:.3f} s after {args.warmup} warm-up '
          f'batches: {samples / max(seconds, 1e-9):.1f} samples/s')
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'benchmark_processing.py'))
