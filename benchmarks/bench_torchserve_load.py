"""TorchServe under load: concurrent clients posting images to a local
``torchserve`` serving an MMOCR archive, every answer checked against local
inference, latency percentiles and throughput printed, next to the
in-process time of the same inference (the baseline).

The served models are the shipped ``CRNN_slim`` (``--model recog``, the word
crop ``demo/demo_text_recog.jpg``), ``DB_r18w32_sroie`` (``--model det``,
the receipt ``demo/demo_kie.jpg``) or both end-to-end (``--model ocr``, the
receipt)::

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_torchserve_load.py
    .venv/bin/python benchmarks/bench_torchserve_load.py --model ocr \
        --clients 4 --requests 5 --workers 2

Needs ``torchserve``/``torch-model-archiver`` (``requirements/serve.txt``)
and Java.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from mmocr.deployment.serve_utils import (
    ServeError,
    local_torchserve,
    post_image,
    results_differ,
)
from mmocr.utils.scripts import load_script

REPO = Path(__file__).resolve().parents[1]
DET = (REPO / 'configs/textdet/dbnet/dbnet_r18w32_fpnc_sroie_synth.py',
       REPO / 'mmocr/model_zoo/dbnet_r18w32_fpnc_sroie_synth-4bbd76ad.pth')
RECOG = (REPO / 'configs/textrecog/crnn/crnn_vggslim_sroie_synthpages_ft.py',
         REPO / 'mmocr/model_zoo/crnn_vggslim_sroie_synthpages_soup-'
         '5ad6972f.pth')
IMAGES = dict(recog=REPO / 'demo/demo_text_recog.jpg',
              det=REPO / 'demo/demo_kie.jpg', ocr=REPO / 'demo/demo_kie.jpg')


def load_tool(name: str):
    path = REPO / 'tools' / 'deployment' / f'{name}.py'
    return load_script(path, name)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--model', choices=sorted(IMAGES), default='recog')
    parser.add_argument('--clients', type=int, default=8)
    parser.add_argument('--requests', type=int, default=25,
                        help='requests per client')
    parser.add_argument('--workers', type=int, default=2,
                        help='TorchServe workers of the model')
    parser.add_argument('--atol', type=float, default=1e-4)
    return parser.parse_args()


def load(endpoint: str, content: bytes, expected: dict,
         args: argparse.Namespace) -> tuple[list[tuple[float, str | None]],
                                            float]:
    """``args.clients`` threads posting ``content`` ``args.requests`` times
    each: (seconds, difference or ``None``) per request, and the wall
    time."""
    post_image(endpoint, content)  # warm-up

    def client(_: int) -> list[tuple[float, str | None]]:
        out = []
        for _ in range(args.requests):
            t0 = time.perf_counter()
            status, answer = post_image(endpoint, content)
            out.append((time.perf_counter() - t0,
                        f'HTTP {status}: {answer}' if status != 200
                        else results_differ(expected, answer, args.atol)))
        return out

    start = time.perf_counter()
    with ThreadPoolExecutor(args.clients) as pool:
        runs = [r for rs in pool.map(client, range(args.clients)) for r in rs]
    return runs, time.perf_counter() - start


def main() -> int:
    args = parse_args()
    archiver, checker = load_tool('mmocr2torchserve'), load_tool(
        'test_torchserve')
    config, ckpt = RECOG if args.model == 'recog' else DET
    recog = dict(recog_config=str(RECOG[0]), recog_checkpoint=str(RECOG[1])) \
        if args.model == 'ocr' else {}
    img = IMAGES[args.model]
    content = img.read_bytes()
    times = []
    for _ in range(3):
        start = time.perf_counter()
        expected = checker.local_result(str(img), str(config), str(ckpt),
                                        'cpu', **recog)
        times.append(time.perf_counter() - start)
    local_s = min(times)

    threads = os.environ.get('OMP_NUM_THREADS', '1')
    with tempfile.TemporaryDirectory() as tmp:
        archiver.mmocr2torchserve(str(config), str(ckpt), tmp, args.model,
                                  **recog)
        try:
            with local_torchserve(tmp, [args.model], tmp, args.workers,
                                  env={'OMP_NUM_THREADS': threads}) as url:
                runs, wall = load(f'{url}/predictions/{args.model}', content,
                                  expected, args)
        except ServeError as err:
            print(f'bench_torchserve_load: {err}', file=sys.stderr)
            return 1

    latency = np.array([t for t, _ in runs]) * 1000
    wrong = [d for _, d in runs if d]
    p50, p90, p99 = np.percentile(latency, [50, 90, 99])
    print(f'{args.model}: {args.clients} clients x {args.requests} requests, '
          f'{args.workers} workers, OMP_NUM_THREADS={threads}')
    print(f'answered correctly: {len(runs) - len(wrong)}/{len(runs)}')
    print(f'latency ms: p50 {p50:.1f}  p90 {p90:.1f}  p99 {p99:.1f}  '
          f'max {latency.max():.1f}')
    print(f'throughput: {len(runs) / wall:.1f} req/s ({wall:.1f} s); '
          f'in-process baseline (test_torchserve.local_result: model load + '
          f'inference, one process) {local_s * 1000:.1f} ms/image')
    if wrong:
        print(f'first wrong answer: {wrong[0]}')
    return 1 if wrong else 0


if __name__ == '__main__':
    sys.exit(main())
