#!/usr/bin/env python
"""Crop the words of TextOCR into recognition samples, with MMOCR's label
files ``train_label.txt`` and ``val_label.txt`` (or ``.jsonl`` with
``--format jsonl``).

Layout of ROOT (MMOCR 0.x's): ``train/NAME.jpg`` and the dataset's
``TextOCR_0.1_train.json`` and ``TextOCR_0.1_val.json``. Each word not
transcribed ``.`` (illegible) is cut along its ``bbox`` (corner floored,
size ceiled, clipped to the image) into ``OUT/image/img_K_J.jpg`` (``K``:
the image's number, train images first; ``J``: the word's number in it);
the labels name it ``image/img_K_J.jpg`` (use ``img_prefix=OUT``). The
transcripts keep their case (MMOCR 0.x lower-cased them). The number of
processes may also be given as a second positional argument, as in 0.x's
docs::

    python tools/data/textrecog/textocr_converter.py data/textocr 4

A malformed image or word record is skipped with a warning naming the file
and the record's id; an unreadable image, or a box outside its image, is
skipped with a warning.
"""
from __future__ import annotations

import os.path as osp
import sys

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils.coco_text import (
    TEXTOCR_ANN_FILES,
    coco_text_image_infos,
    load_coco_text,
    textocr_is_ignored,
)
from mmocr.datasets.utils.recog_convert import (
    coco_text_crop_jobs,
    crop_words,
    print_label_counts,
    recog_converter_parser,
    write_recog_labels,
)

#: Our split name -> the label file's stem.
LABEL_SPLITS = {'training': 'train', 'val': 'val'}


def convert(root: str, out_dir: str, label_format: str = 'txt',
            nproc: int = 1) -> dict[str, int]:
    """Crop both splits; returns the number of samples per split. Both
    annotation files are read before anything is written."""
    data = {s: load_coco_text(osp.join(root, f))
            for s, f in TEXTOCR_ANN_FILES.items()}
    counts, start = {}, 0
    for split, name in LABEL_SPLITS.items():
        infos = coco_text_image_infos(
            osp.join(root, TEXTOCR_ANN_FILES[split]), data[split],
            lambda img: True, textocr_is_ignored, 'points',
            keep_keys=('utf8_string', ))
        jobs = coco_text_crop_jobs(infos, root, 'image/', start)
        start += len(infos)
        samples = crop_words(jobs, out_dir, nproc, desc=name)
        counts[name] = write_recog_labels(
            samples, osp.join(out_dir, f'{name}_label.{label_format}'),
            label_format)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = recog_converter_parser('Crop TextOCR words into recognition samples',
                               'txt')
    parser.add_argument('n_proc', nargs='?', type=int,
                        help='number of processes (same as --nproc)')
    args = parser.parse_args(argv)
    out_dir = args.out_dir or args.root_path
    nproc = args.n_proc or args.nproc
    print_label_counts(convert(args.root_path, out_dir, args.format,
                              nproc),
                       out_dir, args.format)
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'textocr_converter.py'))
