#!/usr/bin/env python
"""Crop the texts of VinText into recognition samples, with MMOCR's label
files ``train_label.txt``, ``test_label.txt`` and ``unseen_test_label.txt``
(``.jsonl`` with ``--format jsonl``).

The input is laid out as for the detection converter (MMOCR 0.x's):
``imgs/{training,test,unseen_test}/imNNNN.jpg`` and one ground-truth folder
``annotations/gt_N.txt`` (``x1,y1,...,x4,y4,transcript``). Each text but
``###`` is cut along its bounding rectangle, padded as MMOCR 0.x did (0.4 /
0.2 of its shorter side along / across it) and clipped to the image, into
``OUT/dst_imgs/{split}/imNNNN_K.png`` (``K`` from 1 per image) and listed
as ``{split}/imNNNN_K.png`` (use ``img_prefix=OUT/dst_imgs``). Vertical
texts (more than twice as high as wide) are not cut unless
``--preserve-vertical`` is given::

    python tools/data/textrecog/vintext_converter.py data/vintext --nproc 4

A malformed line is skipped with a warning naming the file and line; an
image without ground truth, or unreadable, is skipped with a warning; a
missing folder is one error line before anything is written.
"""
from __future__ import annotations

import os.path as osp
import sys
from functools import partial

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils import collect_det_files
from mmocr.datasets.utils.det_convert import check_folders, load_line_annos
from mmocr.datasets.utils.flat_txt import parse_quad_line, vintext_gt_name
from mmocr.datasets.utils.recog_convert import (
    split_crop_converter_main,
    write_split_word_crops,
)

#: Our split name -> its label file's stem.
SPLITS = {'training': 'train', 'test': 'test', 'unseen_test': 'unseen_test'}
#: MMOCR 0.x's crop padding ratios (long edge, short edge).
PAD = (0.4, 0.2)


def convert(root: str, out_dir: str, label_format: str = 'txt',
            preserve_vertical: bool = False,
            nproc: int = 1) -> dict[str, int]:
    """Crop the three splits; returns the number of samples per label
    file."""
    gt_dir = osp.join(root, 'annotations')
    check_folders([gt_dir] + [osp.join(root, 'imgs', s) for s in SPLITS])
    load_annos = partial(load_line_annos, parse=parse_quad_line)
    return {stem: write_split_word_crops(
        collect_det_files(osp.join(root, 'imgs', split), gt_dir, split,
                          vintext_gt_name), load_annos, split, stem, out_dir,
        'dst_imgs', label_format, preserve_vertical, None, nproc, PAD)
        for split, stem in SPLITS.items()}


def main(argv: list[str] | None = None) -> int:
    return split_crop_converter_main(
        argv, 'Crop VinText texts into recognition samples', convert,
        with_val_ratio=False, label_format='txt')


if __name__ == '__main__':
    sys.exit(run_tool(main, 'vintext_converter.py'))
