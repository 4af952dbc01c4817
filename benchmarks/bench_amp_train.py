"""Training step time in float32 against bfloat16 autocast (``bf16 =
dict()`` in a config), per recognizer, in one run on this machine.

Each config's model is built and trained on random 32x128 RGB batches with
random DICT91 labels of 3-10 characters (forward under
``torch.autocast(device, dtype)`` as the runner runs it, backward, AdamW
step); float32 and bfloat16 steps alternate so that both see the same
machine load::

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_amp_train.py
    .venv/bin/python benchmarks/bench_amp_train.py --iters 5 \\
        configs/textrecog/crnn/crnn_compact_sroie_iiit5k_synth.py

The ratio is float32 time / bfloat16 time (> 1: bfloat16 is faster). CPUs
with AVX512-BF16 or AMX run bfloat16 natively; on others it is emulated
and slower (the flags are printed).
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
CONFIGS = [f'configs/textrecog/{name}_sroie_iiit5k_synth.py' for name in (
    'crnn/crnn_compact', 'nrtr/nrtr_compact', 'sar/sar_compact',
    'svtr/svtr_tiny')]
CHARS = string.ascii_letters + string.digits


def cpu_bf16_flags() -> list[str]:
    try:
        flags = Path('/proc/cpuinfo').read_text().split()
    except OSError:
        return []
    return sorted({f for f in flags if f in ('avx512_bf16', 'amx_bf16')})


def make_batch(batch_size: int, rng: random.Random, device: torch.device
               ) -> dict:
    """``img (N, 3, 32, 128)`` in [-1, 1] and metas with random texts."""
    gen = torch.Generator().manual_seed(rng.randrange(2**31))
    img = torch.rand(batch_size, 3, 32, 128, generator=gen) * 2 - 1
    metas = [dict(text=''.join(rng.choices(CHARS, k=rng.randint(3, 10))),
                  resize_shape=(32, 128, 3), img_shape=(32, 128, 3),
                  valid_ratio=1.0) for _ in range(batch_size)]
    return dict(img=img.to(device), img_metas=metas)


def time_steps(model: torch.nn.Module, optimizer: torch.optim.Optimizer,
               batch: dict, dtype: torch.dtype | None, iters: int,
               device: torch.device) -> float:
    """Seconds per training step (after one untimed step)."""
    def step():
        with torch.autocast(device.type, dtype=dtype or torch.float32,
                            enabled=dtype is not None):
            loss = model.train_step(batch, None)['loss']
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    step()
    if device.type == 'cuda':
        torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(iters):
        step()
    if device.type == 'cuda':
        torch.cuda.synchronize()
    return (time.perf_counter() - start) / iters


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('configs', nargs='*', default=CONFIGS)
    parser.add_argument('--batch-size', type=int, default=32)
    parser.add_argument('--iters', type=int, default=3,
                        help='timed steps per precision and round')
    parser.add_argument('--rounds', type=int, default=2,
                        help='alternations of float32 and bfloat16')
    parser.add_argument('--device', default='cpu')
    args = parser.parse_args(argv)
    device = torch.device(args.device)
    print(f'torch {torch.__version__}, {torch.get_num_threads()} threads, '
          f'device {device}, CPU bfloat16 flags: '
          f'{", ".join(cpu_bf16_flags()) or "none (emulated)"}')
    print('| config | float32 s/step | bfloat16 s/step | ratio |')
    print('| --- | --- | --- | --- |')
    rng = random.Random(0)
    rows = []
    for path in args.configs:
        cfg = Config.fromfile(str(REPO / path))
        model = build_detector(cfg.model).to(device).train()
        optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
        batch = make_batch(args.batch_size, rng, device)
        times = {None: [], torch.bfloat16: []}
        for _ in range(args.rounds):
            for dtype in times:
                times[dtype].append(time_steps(model, optimizer, batch, dtype,
                                               args.iters, device))
        fp32, bf16 = min(times[None]), min(times[torch.bfloat16])
        rows.append(dict(config=path, fp32=fp32, bf16=bf16, ratio=fp32 / bf16))
        print(f'| {Path(path).stem} | {fp32:.3f} | {bf16:.3f} | '
              f'x{fp32 / bf16:.2f} |', flush=True)
    return rows


if __name__ == '__main__':
    main()
