#!/usr/bin/env python
"""End-to-end line accuracy of ``MMOCR()`` on generated receipts.

Renders receipts with the synthetic engine in the settings of
``demo/demo_text_ocr.jpg`` (clean, no distractors, ``--font-size`` body
text), reads them with the default models (or ``--det``/``--recog`` zoo
names) and scores each against the generator's ground-truth lines with
:func:`mmocr.core.evaluation.e2e_metric.match_e2e_lines` (IoU > 0.5, same
text ignoring case and spaces)::

    python tools/analysis/eval_synth_receipts.py --seeds 0 40 --font-size 22 30

Prints the best receipts with their misread and missed lines, then the
line accuracy over all of them.
"""
from __future__ import annotations

import argparse
import os.path as osp
import sys

from tqdm import tqdm

if __package__ in (None, ''):  # python tools/analysis/... from anywhere
    sys.path.insert(0, osp.dirname(osp.dirname(osp.dirname(
        osp.abspath(__file__)))))

from mmocr.apis.utils import run_tool  # noqa: E402
from mmocr.core.evaluation.e2e_metric import match_e2e_lines  # noqa: E402
from mmocr.datasets.synth import (  # noqa: E402
    CLEAN_RECEIPT,
    DetConfig,
    DetGenerator,
)
from mmocr.datasets.synth.det import instances_to_annotations  # noqa: E402
from mmocr.inference import MMOCR  # noqa: E402
from mmocr.inference.model_zoo import DEFAULT_DET, DEFAULT_RECOG  # noqa: E402


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Line accuracy of MMOCR() on generated receipts')
    parser.add_argument('--seeds', type=int, nargs=2, default=(0, 40),
                        metavar=('FIRST', 'END'),
                        help='generator seeds FIRST..END-1 (one receipt each)')
    parser.add_argument('--font-size', type=int, nargs=2, default=(22, 30),
                        metavar=('MIN', 'MAX'),
                        help='body font size range [MIN, MAX) in pixels')
    parser.add_argument('--max-size', type=int, default=1024,
                        help='longest image side')
    parser.add_argument('--det', default=DEFAULT_DET, help='detection model')
    parser.add_argument('--recog', default=DEFAULT_RECOG,
                        help='recognition model')
    parser.add_argument('--show', type=int, default=5,
                        help='print this many best receipts')
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    ocr = MMOCR(det=args.det, recog=args.recog, device='cpu')
    rows, total, correct = [], 0, 0
    for seed in tqdm(range(*args.seeds), desc='receipts', unit='img'):
        gen = DetGenerator(DetConfig(
            seed=seed, max_size=args.max_size,
            receipt_font_size=tuple(args.font_size), **CLEAN_RECEIPT))
        rgb, instances = gen.sample(0)
        h, w = rgb.shape[:2]
        gts = [(a['segmentation'][0], a['text'])
               for a in instances_to_annotations(instances, 'line', w, h)
               if not a['iscrowd']]
        result = ocr.readtext(rgb[..., ::-1].copy(), details=True)[0]
        match = match_e2e_lines(
            [(r['box'], r['text']) for r in result['result']], gts)
        total += match.num_gt
        correct += match.num_correct
        rows.append((match.num_correct / max(1, match.num_gt), seed, match))
    for acc, seed, match in sorted(rows, key=lambda r: -r[0])[:args.show]:
        print(f'seed {seed}: {match.num_correct}/{match.num_gt} lines '
              f'({acc:.3f}); misread {match.misread()}; missed '
              f'{match.missed()}')
    print(f'line accuracy {correct / max(1, total):.4f} over {len(rows)} '
          f'receipts, {total} lines')
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'eval_synth_receipts.py'))
