#!/usr/bin/env python
"""Convert the ICDAR 2011 word-recognition ground truth (Task 1.3) to
MMOCR's recognition label files ``{train,test}_label.jsonl`` (or ``.txt``
with ``--format txt``).

Layout of ROOT (MMOCR 0.x's): the word crops in ``crops/train/`` and
``crops/test/``, and ``annotations/Challenge1_Train_Task3_GT.txt`` and
``annotations/Challenge1_Test_Task3_GT.txt`` with lines
``word_1.png, "word"``. File names in the labels are ``{train,test}/NAME``
(use ``img_prefix=ROOT/crops``)::

    python tools/data/textrecog/ic11_converter.py data/icdar2011

A line without ``, "`` or with an empty word is skipped with a warning
naming the file and line; a missing ground-truth file is one error line.
"""
from __future__ import annotations

import sys

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils.recog_convert import icdar_words_main


def main(argv: list[str] | None = None) -> int:
    return icdar_words_main(argv, 1, 'ICDAR 2011')


if __name__ == '__main__':
    sys.exit(run_tool(main, 'ic11_converter.py'))
