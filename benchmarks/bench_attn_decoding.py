"""Greedy decoding of the transformer recognizers (NRTR, SATRN, MASTER):
the batched decoder with cached keys/values (``NRTRDecoder.forward_test``,
``MasterDecoder.forward_test``) against MMOCR 0.x's loop, which re-runs
the decoder over the whole sequence at every step.

Models are built from their configs with random (seeded) weights; the
encoder output of a batch of random images is computed once and both
decoders start from it, so only decoding is timed. Random weights rarely
emit the end token, so the cached decoder runs all ``max_seq_len`` steps
too: the comparison leaves out early stopping, which only helps the cached
decoder on real words. Checks that both give the same characters and
probabilities, then prints words/s::

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_attn_decoding.py
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import torch

from mmocr.models import build_detector
from mmocr.utils.config import Config

REPO = Path(__file__).resolve().parents[1]
CONFIGS = ['configs/textrecog/nrtr/nrtr_modality_transform_academic.py',
           'configs/textrecog/satrn/satrn_small.py',
           'configs/textrecog/master/master_r31_12e_ST_MJ_SA.py']
# the image size each config's test pipeline resizes to
IMAGE_SIZES = {'NRTR': (32, 160), 'SATRN': (32, 100), 'MASTER': (48, 160)}


def timed(fn, repeats: int) -> tuple[float, torch.Tensor]:
    """Best wall time of ``repeats`` calls and the last result."""
    best, out = float('inf'), None
    for _ in range(repeats):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def bench(config: str, num_words: int, repeats: int) -> None:
    torch.manual_seed(0)
    cfg = Config.fromfile(str(REPO / config))
    model = build_detector(cfg.model).eval()
    height, width = IMAGE_SIZES[cfg.model.type]
    img = torch.randn(num_words, 3, height, width)
    metas = [dict(valid_ratio=1.0)] * num_words
    decoder = model.decoder
    with torch.no_grad():
        feat = model.extract_feat(img)
        if model.encoder is None:  # MASTER decodes the backbone's map
            out_enc = feat

            def decode(use_cache):
                return decoder.greedy_decode(feat, use_cache=use_cache)
        else:
            out_enc = model.encoder(feat, metas)

            def decode(use_cache):
                return decoder.greedy_decode(out_enc, metas,
                                             use_cache=use_cache)
        t_cached, cached = timed(lambda: decode(True), repeats)
        t_recompute, recomputed = timed(lambda: decode(False), repeats)
    steps = cached.size(1)
    same_chars = torch.equal(cached.argmax(-1),
                             recomputed[:, :steps].argmax(-1))
    max_diff = (cached - recomputed[:, :steps]).abs().max().item()
    if not same_chars or max_diff > 1e-4:
        raise SystemExit(f'{config}: outputs differ (same characters: '
                         f'{same_chars}, max |p - p_ref| = {max_diff:.2e})')
    print(f'{Path(config).stem}: {num_words} words, encoder output '
          f'{tuple(out_enc.shape)}, {steps}/{decoder.max_seq_len} steps; '
          f'same characters, max |p - p_ref| = {max_diff:.1e}')
    print(f'  cached batched greedy: {num_words / t_cached:8.1f} words/s '
          f'({1000 * t_cached:.0f} ms)')
    print(f'  recomputation (0.x):   {num_words / t_recompute:8.1f} words/s '
          f'({1000 * t_recompute:.0f} ms)  -> x{t_recompute / t_cached:.1f}')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--configs', nargs='+', default=CONFIGS)
    parser.add_argument('--num-words', type=int, default=8,
                        help='words decoded as one batch')
    parser.add_argument('--repeats', type=int, default=2)
    args = parser.parse_args()
    print(f'torch threads: {torch.get_num_threads()}')
    for config in args.configs:
        bench(config, args.num_words, args.repeats)


if __name__ == '__main__':
    main()
