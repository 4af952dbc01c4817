#!/usr/bin/env python
"""Convert the KAIST scene text database to MMOCR's COCO format
(``instances_training.json``, and ``instances_val.json`` with
``--val-ratio``) and line-json (``instances_{split}.txt``).

Layout of ROOT (MMOCR 0.x's, after ``tools/data/common/extract_kaist.py``):
``imgs/NAME.jpg`` and ``annotations/NAME.xml``, the dataset's XML with one
``<word x y width height>`` per word. Every word is kept (``iscrowd=0``) as
its box's rectangle (corner clipped to 0). KAIST has no official split:
``--val-ratio R`` (also spelt ``--val_ratio`` as in 0.x) holds out every
``floor(1/R)``-th image (sorted by name) as validation. File names in the
output are ``NAME.jpg`` (use ``img_prefix=ROOT/imgs``)::

    python tools/data/textdet/kaist_converter.py data/kaist --val-ratio 0.2 \\
        --nproc 4

A ``<word>`` without integer ``x``, ``y``, ``width`` and ``height`` is
skipped with a warning naming the file and word; an XML file that does not
parse, or an image without one, is skipped with a warning.
"""
from __future__ import annotations

import sys

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils.det_convert import (
    convert_flat_images,
    det_converter_main,
    xml_gt_name,
)
from mmocr.datasets.utils.voc_xml import load_kaist_annos


def convert(root: str, out_dir: str, val_ratio: float = 0.,
            nproc: int = 1) -> dict[str, int]:
    """Convert KAIST; returns the number of images per split."""
    return convert_flat_images(root, out_dir, xml_gt_name, load_kaist_annos,
                               val_ratio, nproc)


def main(argv: list[str] | None = None) -> int:
    return det_converter_main(argv, 'Convert KAIST annotations to MMOCR '
                              'format', convert, with_val_ratio=True)


if __name__ == '__main__':
    sys.exit(run_tool(main, 'kaist_converter.py'))
