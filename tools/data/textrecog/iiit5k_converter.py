#!/usr/bin/env python
"""Convert IIIT5K word lists (``train.tags``/``test.tags``) to MMOCR labels.

Each ``*.tags`` line is ``train/NAME.png LABEL`` (image path relative to
ROOT). Writes ``{split}_label.txt`` (``filename text``) or
``{split}_label.jsonl`` to OUT_DIR; ``--val-ratio`` holds out a
deterministic share of the train list as ``val_label.*``::

    python tools/data/textrecog/iiit5k_converter.py ../shared/data/iiit5k_train \
        -o data/iiit5k --val-ratio 0.1

``--choice-ratio`` holds out a further share as ``choice_label.*``, a split
used only for choices (checkpoints, lexicons, thresholds), so that the val
split is measured once, at the end. The val split does not depend on it: the
same seed and ``--val-ratio`` give the same val samples with or without a
choice split::

    python tools/data/textrecog/iiit5k_converter.py ../shared/data/iiit5k_train \
        -o data/iiit5k_choice --val-ratio 0.1 --choice-ratio 0.1

Then use ``img_prefix=ROOT`` and ``ann_file=OUT_DIR/train_label.txt``
(``configs/_base_/recog_datasets/iiit5k.py``).
"""
from __future__ import annotations

import argparse
import os
import os.path as osp
import sys

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils.splits import hold_out
from mmocr.utils.errors import ImageLoadError
from mmocr.utils.fileio import atomic_write_text
from mmocr.utils.img_util import imread
from mmocr.utils.lmdb_util import format_label_lines


def read_tags(tags_file: str, root: str, check_images: bool = True
              ) -> tuple[list[tuple[str, str]], list[str]]:
    """Parse a ``.tags`` file.

    Returns:
        ``([(filename, text)], problems)``: the usable samples, and one
        message per skipped line (empty label; with ``check_images``, an
        image that is missing or does not decode).

    Raises:
        ValueError: a line has no label separator (names file and line).
    """
    samples, problems = [], []
    with open(tags_file, encoding='utf-8') as f:
        for line_no, line in enumerate(f, 1):
            line = line.rstrip('\r\n')
            if not line.strip():
                continue
            filename, sep, text = line.partition(' ')
            where = f'{tags_file}:{line_no}'
            if not sep:
                raise ValueError(f'{where}: expected "path label", got '
                                 f'{line!r}')
            problem = None
            if not text.strip():
                problem = 'empty label'
            elif check_images:
                problem = _image_problem(osp.join(root, filename))
            if problem:
                problems.append(f'{where}: {problem}')
            else:
                samples.append((filename, text))
    return samples, problems


def _image_problem(path: str) -> str | None:
    """Why the image at ``path`` cannot be used, or ``None``."""
    try:
        imread(path, 'unchanged')
    except ImageLoadError as err:
        return str(err)
    return None


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Convert IIIT5K .tags files to MMOCR label files')
    parser.add_argument('root', help='IIIT5K root holding train.tags/test.tags')
    parser.add_argument('-o', '--out-dir', default=None,
                        help='Output folder (default: ROOT)')
    parser.add_argument('-f', '--format', default='txt',
                        choices=['txt', 'jsonl'], help='Label file format')
    parser.add_argument('--val-ratio', type=float, default=0.0,
                        help='Share of train.tags held out as val_label.*')
    parser.add_argument('--choice-ratio', type=float, default=0.0,
                        help='Share of train.tags held out as choice_label.* '
                        '(a split for choices only; val is unchanged)')
    parser.add_argument('--seed', type=int, default=0,
                        help='Seed of the train/val/choice split')
    parser.add_argument('--no-check-images', action='store_true',
                        help='Do not check that the images exist and decode')
    args = parser.parse_args(argv)
    for name in ('val_ratio', 'choice_ratio'):
        if not 0 <= getattr(args, name) < 1:
            parser.error(f'--{name.replace("_", "-")} must be in [0, 1), '
                         f'got {getattr(args, name)}')
    if args.val_ratio + args.choice_ratio >= 1:
        parser.error('--val-ratio plus --choice-ratio must be below 1')
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    out_dir = args.out_dir or args.root
    splits = {}
    for split in ('train', 'test'):
        tags = osp.join(args.root, f'{split}.tags')
        if not osp.isfile(tags):
            continue
        samples, problems = read_tags(tags, args.root, not args.no_check_images)
        for problem in problems:
            print(f'skipped {problem}', file=sys.stderr)
        splits[split] = samples
    if not splits:
        raise FileNotFoundError(f'no train.tags or test.tags in {args.root}')
    if 'train' in splits:
        splits.update(hold_out(splits['train'], args.seed,
                               val=args.val_ratio, choice=args.choice_ratio))
    os.makedirs(out_dir, exist_ok=True)
    for split, samples in splits.items():
        out_file = osp.join(out_dir, f'{split}_label.{args.format}')
        atomic_write_text(out_file, format_label_lines(samples, args.format))
        print(f'{split}: {len(samples)} samples -> {out_file}')
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'iiit5k_converter.py'))
