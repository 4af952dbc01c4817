#!/usr/bin/env python
"""Convert ArT's cropped-word task (ICDAR 2019 ArT, Task 2) to MMOCR's
recognition label files ``train_label.jsonl`` (and ``val_label.jsonl`` with
``--val-ratio``; ``.txt`` with ``--format txt``).

Layout of ROOT (MMOCR 0.x's): the word images ``crops/gt_N_M.jpg``
(``train_task2_images``) and ``annotations/train_task2_labels.json``
(``{"gt_N_M": [{"transcription": ..., "points": ..., "language": ...,
"illegibility": ...}]}``). Each image's label is its record's
transcription; file names are ``crops/gt_N_M.jpg`` (use
``img_prefix=ROOT``). ``--val-ratio R`` holds out every ``floor(1/R)``-th
image (in the json's order) as validation, as 0.x did::

    python tools/data/textrecog/art_converter.py data/art --val-ratio 0.1

An entry that is not a list holding a record with a non-empty
transcription is skipped with a warning naming the file and entry.
"""
from __future__ import annotations

import os.path as osp
import sys
import warnings

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils.det_convert import val_split_every
from mmocr.datasets.utils.points_json import load_points_json
from mmocr.datasets.utils.recog_convert import (
    print_label_counts,
    recog_converter_parser,
    write_recog_labels,
)

ANN_FILE = 'annotations/train_task2_labels.json'


def read_task2_labels(ann_file: str) -> list[tuple[str, str]]:
    """``(crops/NAME.jpg, transcription)`` of each entry of the json."""
    samples = []
    for name, records in load_points_json(ann_file).items():
        record = (records[0] if isinstance(records, list) and records
                  else None)
        text = record.get('transcription') if isinstance(record, dict) else None
        if not isinstance(text, str) or not text:
            warnings.warn(f'{ann_file}: {name}: skipped entry without a '
                          f'transcription: {str(records)[:100]}',
                          stacklevel=2)
            continue
        samples.append((f'crops/{name}.jpg', text))
    return samples


def convert(root: str, out_dir: str, val_ratio: float = 0.,
            label_format: str = 'jsonl') -> dict[str, int]:
    """Write the label files; returns the number of samples per split."""
    samples = read_task2_labels(osp.join(root, ANN_FILE))
    train, val = val_split_every(samples, val_ratio)
    splits = {'train': train, 'val': val} if val_ratio > 0 else {'train': train}
    return {split: write_recog_labels(
        items, osp.join(out_dir, f'{split}_label.{label_format}'),
        label_format) for split, items in splits.items()}


def main(argv: list[str] | None = None) -> int:
    parser = recog_converter_parser('Convert ArT Task 2 word labels to MMOCR '
                                    'label files', 'jsonl', with_nproc=False)
    parser.add_argument('--val-ratio', default=0.0, type=float,
                        help='share of the samples held out as val')
    args = parser.parse_args(argv)
    out_dir = args.out_dir or args.root_path
    print_label_counts(convert(args.root_path, out_dir, args.val_ratio,
                               args.format), out_dir, args.format)
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'art_converter.py'))
