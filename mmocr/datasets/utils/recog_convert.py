"""Helpers of the recognition dataset converters
(``tools/data/textrecog/*_converter.py``): reading the word ground truth of
the ICDAR word-recognition tasks and writing MMOCR's recognition label files
(``filename text`` lines, or ``{"filename", "text"}`` json lines)."""
from __future__ import annotations

import argparse
import os
import os.path as osp
import warnings
from typing import Iterable

from mmocr.utils.fileio import atomic_write_text
from mmocr.utils.lmdb_util import format_label_lines

from .det_convert import check_folders, gt_lines

__all__ = ['read_icdar_word_gt', 'write_recog_labels',
           'convert_icdar_words', 'icdar_words_main']

#: MMOCR 0.x's split names of the ICDAR word GT files -> ours.
ICDAR_WORD_SPLITS = {'Train': 'train', 'Test': 'test'}


def read_icdar_word_gt(gt_file: str, prefix: str = ''
                       ) -> list[tuple[str, str]]:
    """``(prefix + image name, word)`` of each line ``word_1.png, "word"`` of
    an ICDAR word-recognition ground-truth file (the word may hold commas
    and quotes; only the enclosing quotes are removed). A line without
    ``, "`` or with an empty word is skipped with a warning naming the file
    and line."""
    samples = []
    for line_no, line in gt_lines(gt_file):
        name, sep, word = line.partition(', "')
        word = word[:-1] if word.endswith('"') else word
        if not sep or not name or not word:
            warnings.warn(f'{gt_file}:{line_no}: skipped malformed line '
                          f'(expected NAME, "WORD"): {line!r}', stacklevel=2)
            continue
        samples.append((prefix + name, word))
    return samples


def write_recog_labels(samples: Iterable[tuple[str, str]], out_file: str,
                       label_format: str) -> int:
    """Write ``(filename, text)`` samples as a label file in
    ``label_format`` (``'txt'`` or ``'jsonl'``; folders are created);
    returns the number of samples."""
    samples = list(samples)
    os.makedirs(osp.dirname(osp.abspath(out_file)), exist_ok=True)
    atomic_write_text(out_file, format_label_lines(samples, label_format))
    return len(samples)


def convert_icdar_words(root: str, out_dir: str, challenge: int,
                        label_format: str = 'jsonl') -> dict[str, int]:
    """Convert ``root/annotations/Challenge{challenge}_{Train,Test}_Task3_GT
    .txt`` (ICDAR 2011: 1, ICDAR 2013: 2) into ``out_dir/{train,test}_label
    .{label_format}`` with file names ``{train,test}/word_N.png`` (the crops
    in ``root/crops/{train,test}``: use ``img_prefix=root/crops``). Both GT
    files are checked before anything is written. Returns the samples per
    split."""
    gt_files = {ours: osp.join(root, 'annotations',
                               f'Challenge{challenge}_{theirs}_Task3_GT.txt')
                for theirs, ours in ICDAR_WORD_SPLITS.items()}
    check_folders([osp.join(root, 'annotations')])
    for gt_file in gt_files.values():
        if not osp.isfile(gt_file):
            raise FileNotFoundError(f'ground truth not found: {gt_file}')
    return {split: write_recog_labels(
        read_icdar_word_gt(gt_file, f'{split}/'),
        osp.join(out_dir, f'{split}_label.{label_format}'), label_format)
        for split, gt_file in gt_files.items()}


def icdar_words_main(argv: list[str] | None, challenge: int,
                     dataset: str) -> int:
    """The command line of the ICDAR 2011/2013 word converters:
    ``root_path``, ``-o/--out-dir`` (default ``root_path``) and
    ``--format {jsonl,txt}`` (default jsonl)."""
    parser = argparse.ArgumentParser(
        description=f'Convert {dataset} word recognition ground truth to '
        'MMOCR label files')
    parser.add_argument('root_path', help='dataset root (annotations/, '
                        'crops/)')
    parser.add_argument('-o', '--out-dir', help='output directory '
                        '(default: root_path)')
    parser.add_argument('--format', default='jsonl', choices=['jsonl', 'txt'],
                        help='label file format')
    args = parser.parse_args(argv)
    out_dir = args.out_dir or args.root_path
    counts = convert_icdar_words(args.root_path, out_dir, challenge,
                                 args.format)
    for split, num in counts.items():
        print(f'{split}: {num} samples -> '
              f'{osp.join(out_dir, f"{split}_label.{args.format}")}')
    return 0
