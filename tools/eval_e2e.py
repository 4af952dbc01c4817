#!/usr/bin/env python
"""End-to-end OCR accuracy and speed on the SROIE validation images.

Runs :class:`mmocr.inference.MMOCR` (detection + recognition) over a SROIE
split (:func:`mmocr.datasets.utils.sroie.sroie_split`, the same split as
the training converters) and scores it against the box files: a
ground-truth line is read correctly when a prediction overlaps it with
IoU > ``--iou-thr`` (one-to-one, greedy by IoU) and its text equals the
transcript ignoring case and spaces
(:func:`mmocr.core.evaluation.eval_e2e_line_acc`)::

    python tools/eval_e2e.py --sroie-root ../shared/data/sroie --split val
    python tools/eval_e2e.py --det-config CFG --det-ckpt CKPT \\
        --recog-config CFG --recog-ckpt CKPT --out results.json
    python tools/eval_e2e.py --det Tesseract --recog Tesseract --limit 5

Prints the metrics and the seconds per image (model building excluded);
``--out`` writes them with per-image counts, misread and missed lines.
Exit status: 0, 1 when some images could not be read (scored as images
without predictions, listed in ``errors``), 2 when the models cannot be
built.
"""
from __future__ import annotations

import argparse
import json
import os
import os.path as osp
import sys
from typing import Sequence

if __package__ in (None, ''):  # python tools/eval_e2e.py from anywhere
    sys.path.insert(0, osp.dirname(osp.dirname(osp.abspath(__file__))))

from mmocr.apis.utils import run_tool  # noqa: E402
from mmocr.inference import MMOCR  # noqa: E402
from mmocr.inference.e2e_eval import (  # noqa: E402
    add_sroie_split_args,
    evaluate_engine,
    format_table,
    load_sroie_e2e,
    mmocr_engine,
)
from mmocr.inference.model_zoo import (  # noqa: E402
    DEFAULT_DET,
    DEFAULT_RECOG,
)
from mmocr.utils.fileio import (  # noqa: E402
    REPO_ROOT,  # noqa: E402
    atomic_write_text,
    check_output_file,
)

DEFAULT_SROIE = osp.join(osp.dirname(REPO_ROOT), 'shared', 'data', 'sroie')
METRIC_ORDER = ('line_acc', 'line_precision', 'line_hmean', 'det_recall',
                'det_precision', 'det_hmean', '1-N.E.D', 'num_gt',
                'num_pred', 'num_matched', 'num_correct')


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='End-to-end line accuracy and seconds per image of an '
        'OCR pipeline on SROIE.')
    parser.add_argument('--sroie-root', default=DEFAULT_SROIE,
                        help='SROIE root with img/ and box/ '
                        '(default: %(default)s)')
    add_sroie_split_args(parser)
    parser.add_argument('--limit', type=int, default=None,
                        help='Only the first N images of the split')
    parser.add_argument('--det', default=DEFAULT_DET,
                        help='Detection model-zoo name (or Tesseract)')
    parser.add_argument('--det-config', default='',
                        help='Detection config (overrides the zoo)')
    parser.add_argument('--det-ckpt', default='',
                        help='Detection checkpoint (overrides the zoo)')
    parser.add_argument('--recog', default=DEFAULT_RECOG,
                        help='Recognition model-zoo name (or Tesseract)')
    parser.add_argument('--recog-config', default='',
                        help='Recognition config (overrides the zoo)')
    parser.add_argument('--recog-ckpt', default='',
                        help='Recognition checkpoint (overrides the zoo)')
    parser.add_argument('--config-dir', default=osp.join(REPO_ROOT,
                                                         'configs'),
                        help='Folder of the model-zoo configs')
    parser.add_argument('--device', default=None,
                        help='cpu, cuda:0, ... (default: CUDA if available)')
    parser.add_argument('--batch-mode', action='store_true',
                        help='Detect --batch-size images per batch')
    parser.add_argument('--batch-size', type=int, default=4,
                        help='Images per readtext call in batch mode')
    parser.add_argument('--iou-thr', type=float, default=0.5,
                        help='A prediction matches a line when IoU > this')
    parser.add_argument('--out', default='',
                        help='JSON file for the metrics and per-image counts')
    parser.add_argument('--show-dir', default='',
                        help='Folder for the drawn predictions')
    args = parser.parse_args(argv)
    if args.batch_size < 1:
        parser.error(f'--batch-size must be >= 1, got {args.batch_size}')
    return args


def _engine_name(args: argparse.Namespace) -> str:
    """``det+recog``, each named by its config when one is given."""
    det = osp.splitext(osp.basename(args.det_config))[0] or args.det
    recog = osp.splitext(osp.basename(args.recog_config))[0] or args.recog
    return f'{det}+{recog}'


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.out:  # fail now rather than after the whole evaluation
        check_output_file(args.out, '--out')
    samples = load_sroie_e2e(args.sroie_root, args.split, args.val_ratio,
                             args.seed, args.limit, args.folds)
    models = dict(det=args.det, det_config=args.det_config,
                  det_ckpt=args.det_ckpt, recog=args.recog,
                  recog_config=args.recog_config,
                  recog_ckpt=args.recog_ckpt)
    ocr = MMOCR(**models, config_dir=args.config_dir, device=args.device)
    if ocr.detect_model is None or ocr.recog_model is None:
        raise ValueError('end-to-end evaluation needs both --det and --recog')
    if args.show_dir:
        os.makedirs(args.show_dir, exist_ok=True)
    timings: dict[str, float] = {}
    engine = mmocr_engine(ocr, batch_mode=args.batch_mode,
                          show_dir=args.show_dir or None, timings=timings)
    report = evaluate_engine(
        engine, samples, chunk_size=args.batch_size if args.batch_mode else 1,
        iou_thr=args.iou_thr, desc=_engine_name(args))
    split_time = {k: v / len(samples) for k, v in sorted(timings.items())}

    print(f'\nSROIE {args.split}: {len(samples)} images from '
          f'{args.sroie_root} (val_ratio={args.val_ratio}, seed={args.seed})')
    print(format_table(['metric', 'value'],
                       [(k, report.metrics[k]) for k in METRIC_ORDER]))
    print(f'seconds per image: {report.seconds_per_image:.3f} ('
          + ', '.join(f'{k} {v:.3f}' for k, v in split_time.items()) + ')')
    for name, message in report.errors.items():
        print(f'failed: {name}: {message}', file=sys.stderr)
    if args.out:
        result = dict(
            split=dict(root=args.sroie_root, split=args.split,
                       val_ratio=args.val_ratio, seed=args.seed,
                       num_images=len(samples)),
            models=models, batch_mode=args.batch_mode, iou_thr=args.iou_thr,
            metrics=report.metrics,
            seconds_per_image=round(report.seconds_per_image, 4),
            seconds_per_image_by_stage={k: round(v, 4)
                                        for k, v in split_time.items()},
            errors=report.errors, per_image=report.per_image(samples))
        atomic_write_text(args.out, json.dumps(result, indent=2,
                                               ensure_ascii=False) + '\n')
        print(f'results written to {args.out}')
    return 1 if report.errors else 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'eval_e2e.py'))
