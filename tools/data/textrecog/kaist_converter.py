#!/usr/bin/env python
"""Crop the words of the KAIST scene text database into recognition
samples, with MMOCR's label files ``train_label.txt`` (and
``val_label.txt`` with ``--val-ratio``; ``.jsonl`` with ``--format
jsonl``).

The input is laid out as for the detection converter (MMOCR 0.x's):
``imgs/NAME.jpg`` and ``annotations/NAME.xml``. Each ``<word>`` whose
characters spell a text is cut along its box (clipped to the image) into
``OUT/dst_imgs/{training,val}/NAME_K.png`` (``K`` from 1 per image) and
listed as ``{training,val}/NAME_K.png`` (use ``img_prefix=OUT/dst_imgs``).
Vertical words (more than twice as high as wide) are not cut unless
``--preserve-vertical`` is given. ``--val-ratio R`` holds out every
``floor(1/R)``-th image (sorted) as validation (both flags also spelt with
``_`` as in 0.x)::

    python tools/data/textrecog/kaist_converter.py data/kaist --val-ratio 0.2

A word without integer box attributes is skipped with a warning naming the
file and word; an XML file that does not parse, or an image without one, is
skipped with a warning.
"""
from __future__ import annotations

import sys

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils.det_convert import xml_gt_name
from mmocr.datasets.utils.recog_convert import (
    convert_flat_image_word_crops,
    split_crop_converter_main,
)
from mmocr.datasets.utils.voc_xml import load_kaist_annos


def convert(root: str, out_dir: str, val_ratio: float = 0.,
            label_format: str = 'txt', preserve_vertical: bool = False,
            nproc: int = 1) -> dict[str, int]:
    """Crop KAIST; returns the number of samples per label file."""
    return convert_flat_image_word_crops(
        root, out_dir, xml_gt_name, load_kaist_annos, 'dst_imgs', val_ratio,
        label_format, preserve_vertical, nproc)


def main(argv: list[str] | None = None) -> int:
    return split_crop_converter_main(
        argv, 'Crop KAIST words into recognition samples', convert,
        label_format='txt')


if __name__ == '__main__':
    sys.exit(run_tool(main, 'kaist_converter.py'))
