"""Our default OCR pipeline against RapidOCR and Tesseract on the SROIE
validation receipts: end-to-end line accuracy and seconds per image, in one
run, on the same images, with the same thread settings.

Engines (each skipped with a printed note when it cannot be used):

* ``ours``: :class:`mmocr.inference.MMOCR` with the default models, or
  ``--det-config/--det-ckpt/--recog-config/--recog-ckpt``;
* ``rapidocr``: RapidOCR (``pip install rapidocr_onnxruntime``: PP-OCR
  detection, angle classification and recognition as ONNX models inside
  the wheel, run by ONNX Runtime) with its shipped settings;
* ``tesseract``: Tesseract through the project's backend
  (``MMOCR(det='Tesseract', recog='Tesseract')``: its text lines, then each
  line read in single-line mode; needs ``tesseract-ocr`` and
  ``pytesseract`` or ``tesserocr``).

Every engine is scored with :func:`mmocr.core.evaluation.eval_e2e_line_acc`
(a ground-truth line is correct when a prediction matches it with IoU >
0.5 and the same text ignoring case and spaces). Each engine reads the
image file itself and reads ``--warmup`` images untimed before the timed
pass. Threads: ``--threads N`` (default ``$OMP_NUM_THREADS``, else all
cores) sets ``torch.set_num_threads(N)`` and ``cv2.setNumThreads(N)`` for
everyone, ONNX Runtime's ``intra_op_num_threads=N`` and
``inter_op_num_threads=1`` for RapidOCR, and ``OMP_THREAD_LIMIT=N`` for
Tesseract (its OpenMP)::

    python benchmarks/bench_vs_others.py --threads 2
    python benchmarks/bench_vs_others.py --limit 3 --engines ours rapidocr

The ratios are ours / theirs: line accuracy (> 1: we read more lines
correctly) and seconds per image (< 1: we are faster).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from pathlib import Path
from typing import Callable, Sequence

import cv2
import torch

from mmocr.apis.utils import run_tool
from mmocr.inference import MMOCR
from mmocr.inference.e2e_eval import (
    E2EReport,
    evaluate_engine,
    format_table,
    load_sroie_e2e,
    mmocr_engine,
)
from mmocr.inference.model_zoo import DEFAULT_DET, DEFAULT_RECOG, ModelZooError
from mmocr.utils.fileio import atomic_write_text

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SROIE = REPO.parent / 'shared' / 'data' / 'sroie'
ENGINES = ('ours', 'rapidocr', 'tesseract')
Engine = Callable[[Sequence[str]], list]


class EngineUnavailable(RuntimeError):
    """An engine that cannot run here (not installed); it is skipped."""


def build_ours(args: argparse.Namespace) -> Engine:
    """Our pipeline through ``MMOCR.readtext`` (CPU)."""
    try:
        ocr = MMOCR(det=args.det, det_config=args.det_config,
                    det_ckpt=args.det_ckpt, recog=args.recog,
                    recog_config=args.recog_config,
                    recog_ckpt=args.recog_ckpt, device='cpu')
    except ModelZooError as err:
        raise EngineUnavailable(str(err)) from None
    return mmocr_engine(ocr)


def build_rapidocr(args: argparse.Namespace) -> Engine:
    """RapidOCR with its shipped models and settings; boxes as flat quads."""
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        raise EngineUnavailable('rapidocr_onnxruntime is not installed '
                                '(pip install rapidocr_onnxruntime)') from None
    engine = RapidOCR(intra_op_num_threads=args.threads,
                      inter_op_num_threads=1)

    def read(paths: Sequence[str]) -> list[dict]:
        results = []
        for path in paths:
            lines, _ = engine(path)
            results.append({'result': [
                {'box': [float(v) for point in box for v in point],
                 'text': text, 'text_score': float(score)}
                for box, text, score in (lines or [])]})
        return results
    return read


def build_tesseract(args: argparse.Namespace) -> Engine:
    """Tesseract lines read one by one, through the project's backend."""
    from mmocr.inference.tesseract import TesseractNotAvailable
    try:
        ocr = MMOCR(det='Tesseract', recog='Tesseract', device='cpu')
    except TesseractNotAvailable as err:
        raise EngineUnavailable(str(err)) from None
    return mmocr_engine(ocr)


BUILDERS = dict(ours=build_ours, rapidocr=build_rapidocr,
                tesseract=build_tesseract)


def ratio(ours: float, theirs: float) -> float | None:
    """``ours / theirs``; None when ``theirs`` is 0."""
    return ours / theirs if theirs else None


def set_threads(threads: int) -> None:
    """The same thread limits for every engine (see the module doc)."""
    torch.set_num_threads(threads)
    cv2.setNumThreads(threads)
    os.environ['OMP_THREAD_LIMIT'] = str(threads)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Our OCR pipeline vs RapidOCR and Tesseract on SROIE.')
    parser.add_argument('--sroie-root', default=str(DEFAULT_SROIE),
                        help='SROIE root with img/ and box/')
    parser.add_argument('--val-ratio', type=float, default=0.1)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--limit', type=int, default=None,
                        help='Only the first N validation images')
    parser.add_argument('--engines', nargs='+', default=list(ENGINES),
                        choices=ENGINES, help='Engines to run')
    parser.add_argument('--threads', type=int,
                        default=int(os.environ.get('OMP_NUM_THREADS', 0))
                        or os.cpu_count() or 1,
                        help='Threads for every engine')
    parser.add_argument('--warmup', type=int, default=1,
                        help='Images read untimed by each engine first')
    parser.add_argument('--det', default=DEFAULT_DET)
    parser.add_argument('--det-config', default='')
    parser.add_argument('--det-ckpt', default='')
    parser.add_argument('--recog', default=DEFAULT_RECOG)
    parser.add_argument('--recog-config', default='')
    parser.add_argument('--recog-ckpt', default='')
    parser.add_argument('--out', default='', help='JSON file for the results')
    args = parser.parse_args(argv)
    if args.threads < 1 or args.warmup < 0:
        parser.error('--threads must be >= 1 and --warmup >= 0')
    return args


def versions() -> dict[str, str]:
    """Versions of the engines' runtimes, for the record."""
    from importlib import metadata
    found = {'python': platform.python_version(), 'torch': torch.__version__}
    for package in ('onnxruntime', 'rapidocr_onnxruntime', 'pytesseract',
                    'tesserocr'):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            pass
    return found


def run_engines(args: argparse.Namespace, samples: list
                ) -> dict[str, E2EReport]:
    reports = {}
    for name in args.engines:
        try:
            engine = BUILDERS[name](args)
        except EngineUnavailable as err:
            print(f'note: {name} skipped: {err}')
            continue
        if args.warmup:
            engine([s.img_path for s in samples[:args.warmup]])
        reports[name] = evaluate_engine(engine, samples, desc=name)
        for image, message in reports[name].errors.items():
            print(f'warning: {name} failed on {image}: {message}')
    return reports


def summary_rows(reports: dict[str, E2EReport]) -> list[dict]:
    """One row per engine with its metrics and, when ours ran, the ratios
    ours / theirs."""
    ours = reports.get('ours')
    rows = []
    for name, rep in reports.items():
        m = rep.metrics
        row = dict(engine=name, line_acc=m['line_acc'],
                   line_hmean=m['line_hmean'], det_recall=m['det_recall'],
                   ned=m['1-N.E.D'], seconds_per_image=rep.seconds_per_image)
        if ours is not None and name != 'ours':
            row['acc_ratio'] = ratio(ours.metrics['line_acc'], m['line_acc'])
            row['time_ratio'] = ratio(ours.seconds_per_image,
                                      rep.seconds_per_image)
        rows.append(row)
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    set_threads(args.threads)
    samples = load_sroie_e2e(args.sroie_root, 'val', args.val_ratio,
                             args.seed, args.limit)
    print(f'SROIE val: {len(samples)} images; {args.threads} thread(s); '
          f'{versions()}')
    reports = run_engines(args, samples)
    if not reports:
        print('no engine could run')
        return 1
    rows = summary_rows(reports)
    headers = ['engine', 'line_acc', 'line_hmean', 'det_recall', '1-N.E.D',
               's/img', 'acc ours/theirs', 's/img ours/theirs']
    keys = ['engine', 'line_acc', 'line_hmean', 'det_recall', 'ned',
            'seconds_per_image', 'acc_ratio', 'time_ratio']
    print(format_table(headers, [
        [('n/a' if k in row and row[k] is None else row.get(k, '-'))
         for k in keys] for row in rows]))
    if args.out:
        atomic_write_text(args.out, json.dumps(dict(
            num_images=len(samples), threads=args.threads,
            versions=versions(), rows=rows,
            metrics={k: r.metrics for k, r in reports.items()}),
            indent=2) + '\n')
        print(f'results written to {args.out}')
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'bench_vs_others.py'))
