#!/usr/bin/env python
"""Where an end-to-end OCR run loses lines: detection or recognition, and
which misreads.

Reads the results file of ``tools/eval_e2e.py --out`` (or of several runs,
pooled) and prints: the lines missed by detection (no prediction with IoU
above the threshold), the predictions matching no line (what costs
precision), the misread lines by kind (:func:`~mmocr.core.evaluation.
e2e_metric.misread_kind`: only leading/trailing punctuation, substitutions,
characters missing or extra, a mix) and the most frequent character edits
(``gt -> pred``, case ignored)::

    python tools/eval_e2e.py --split fold0 --out work_dirs/e2e_fold0.json
    python tools/analysis/e2e_errors.py work_dirs/e2e_fold0.json --top 15
"""
from __future__ import annotations

import argparse
import json
import os.path as osp
import sys
from collections import Counter
from typing import Sequence

if __package__ in (None, ''):  # python tools/analysis/... from anywhere
    sys.path.insert(0, osp.dirname(osp.dirname(osp.dirname(
        osp.abspath(__file__)))))

from mmocr.apis.utils import run_tool  # noqa: E402
from mmocr.core.evaluation.e2e_metric import (  # noqa: E402
    MISREAD_KINDS,
    char_edits,
    misread_kind,
)
from mmocr.utils.errors import InvalidValueError  # noqa: E402

_COUNTS = ('num_gt', 'num_pred', 'num_matched', 'num_correct')


def load_per_image(path: str) -> list[dict]:
    """The ``per_image`` entries of an ``eval_e2e.py --out`` file."""
    with open(path, encoding='utf-8') as f:
        try:
            result = json.load(f)
        except json.JSONDecodeError as err:
            raise InvalidValueError(f'{path}: not JSON ({err})') from None
    per_image = result.get('per_image') if isinstance(result, dict) else None
    if not isinstance(per_image, list):
        raise InvalidValueError(f'{path}: no "per_image" list (write it with '
                                'tools/eval_e2e.py --out)')
    for i, item in enumerate(per_image):
        missing = [k for k in (*_COUNTS, 'misread') if k not in item]
        if missing:
            raise InvalidValueError(f'{path}: per_image[{i}] lacks {missing}')
    return per_image


def summarize(per_image: Sequence[dict]) -> dict:
    """Line counts, misreads by kind and character edits of ``per_image``."""
    counts = {k: sum(int(item[k]) for item in per_image) for k in _COUNTS}
    kinds: Counter = Counter()
    edits: Counter = Counter()
    for item in per_image:
        for gt, pred in item['misread']:
            kinds[misread_kind(gt, pred)] += 1
            edits.update(char_edits(gt, pred))
    return dict(counts=counts, kinds=kinds, edits=edits)


def _edit_name(edit: tuple[str, str]) -> str:
    gt, pred = edit
    return f"{gt or '(none)'} -> {pred or '(none)'}"


def report(summary: dict, top: int) -> str:
    c = summary['counts']
    misread = c['num_matched'] - c['num_correct']
    lines = [
        f"ground-truth lines {c['num_gt']}, read right {c['num_correct']} "
        f"({c['num_correct'] / max(c['num_gt'], 1):.3f})",
        f"  missed by detection (no match): {c['num_gt'] - c['num_matched']}",
        f'  matched but misread: {misread}',
        f"predictions {c['num_pred']}, matching no line: "
        f"{c['num_pred'] - c['num_matched']}",
        'misreads by kind:']
    for kind in MISREAD_KINDS:
        lines.append(f"  {kind:<17} {summary['kinds'][kind]}")
    lines.append(f'most frequent character edits (gt -> pred, top {top}):')
    for edit, n in summary['edits'].most_common(top):
        lines.append(f'  {_edit_name(edit):<18} {n}')
    return '\n'.join(lines)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('results', nargs='+',
                        help='results files of tools/eval_e2e.py --out')
    parser.add_argument('--top', type=int, default=15,
                        help='character edits to list')
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    per_image = [item for path in args.results for item in load_per_image(path)]
    print(report(summarize(per_image), args.top))
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'e2e_errors.py'))
