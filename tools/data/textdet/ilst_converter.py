#!/usr/bin/env python
"""Convert IIIT-ILST (Indian language scene text: Devanagari, Malayalam,
Telugu) to MMOCR's COCO format (``instances_training.json`` and
``instances_val.json``) and line-json (``instances_{split}.txt``).

Layout of ROOT (MMOCR 0.x's, after renaming each script's files with its
prefix): ``imgs/NAME.jpg`` (or ``.jpeg``) and ``annotations/NAME.xml``, the
dataset's Pascal-VOC XML (``<object><name>text</name><bndbox><xmin>
<ymin><xmax><ymax></bndbox></object>``). Each object becomes its box's
rectangle; objects with an empty name become ``iscrowd=1``. As in 0.x,
``--val-ratio R`` (default 0.2; also spelt ``--val_ratio``) holds out the
first ``int(R * number of images)`` images (sorted by name) as validation.
File names in the output are ``NAME.jpg`` (use ``img_prefix=ROOT/imgs``)::

    python tools/data/textdet/ilst_converter.py data/IIIT-ILST --nproc 4

An ``<object>`` without integer box corners is skipped with a warning
naming the file and object; an XML file that does not parse, or an image
without one, is skipped with a warning.
"""
from __future__ import annotations

import sys

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils.det_convert import (
    convert_flat_images,
    det_converter_main,
    val_split_head,
    xml_gt_name,
)
from mmocr.datasets.utils.voc_xml import load_ilst_annos


def convert(root: str, out_dir: str, val_ratio: float = 0.2,
            nproc: int = 1) -> dict[str, int]:
    """Convert IIIT-ILST; returns the number of images per split."""
    return convert_flat_images(root, out_dir, xml_gt_name, load_ilst_annos,
                               val_ratio, nproc, split=val_split_head)


def main(argv: list[str] | None = None) -> int:
    return det_converter_main(argv, 'Convert IIIT-ILST annotations to MMOCR '
                              'format', convert, with_val_ratio=True,
                              val_ratio_default=0.2)


if __name__ == '__main__':
    sys.exit(run_tool(main, 'ilst_converter.py'))
