#!/usr/bin/env python
"""Crop the words of IIIT-ILST into recognition samples, with MMOCR's label
files ``training_label.jsonl`` and ``val_label.jsonl`` (0.x's names;
``.txt`` with ``--format txt``).

The input is laid out as for the detection converter (MMOCR 0.x's):
``imgs/NAME.jpg`` (or ``.jpeg``) and ``annotations/NAME.xml``. Each object
with a name is cut along its box, padded as MMOCR 0.x did (0.4 / 0.2 of its
shorter side along / across it) and clipped to the image, into
``OUT/dst_imgs/{training,val}/NAME_K.png`` (``K`` from 1 per image) and
listed as ``{training,val}/NAME_K.png`` (use ``img_prefix=OUT/dst_imgs``).
Vertical words (more than twice as high as wide) are not cut unless
``--preserve-vertical`` is given. As in 0.x, ``--val-ratio R`` (default
0.2) holds out the first ``int(R * number of images)`` images (sorted) as
validation (both flags also spelt with ``_``)::

    python tools/data/textrecog/ilst_converter.py data/IIIT-ILST --nproc 4

A bad object is skipped with a warning naming the file and object; an XML
file that does not parse, or an image without one, is skipped with a
warning.
"""
from __future__ import annotations

import sys

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils.det_convert import val_split_head, xml_gt_name
from mmocr.datasets.utils.recog_convert import (
    convert_flat_image_word_crops,
    split_crop_converter_main,
)
from mmocr.datasets.utils.voc_xml import load_ilst_annos

#: MMOCR 0.x's crop padding ratios (long edge, short edge).
PAD = (0.4, 0.2)


def convert(root: str, out_dir: str, val_ratio: float = 0.2,
            label_format: str = 'jsonl', preserve_vertical: bool = False,
            nproc: int = 1) -> dict[str, int]:
    """Crop IIIT-ILST; returns the number of samples per label file."""
    return convert_flat_image_word_crops(
        root, out_dir, xml_gt_name, load_ilst_annos, 'dst_imgs', val_ratio,
        label_format, preserve_vertical, nproc, split=val_split_head,
        label_stems=('training', 'val'), pad=PAD)


def main(argv: list[str] | None = None) -> int:
    return split_crop_converter_main(
        argv, 'Crop IIIT-ILST words into recognition samples', convert,
        val_ratio_default=0.2)


if __name__ == '__main__':
    sys.exit(run_tool(main, 'ilst_converter.py'))
