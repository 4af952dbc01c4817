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
import warnings

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils import make_det_annotation
from mmocr.datasets.utils.det_convert import (
    convert_flat_images,
    det_converter_main,
    load_xml_annotation,
    val_split_head,
    xml_gt_name,
)

BOX_KEYS = ('xmin', 'ymin', 'xmax', 'ymax')


def load_annos(gt_file: str, split: str) -> list[dict]:
    """The instances of one ILST XML file."""
    anno_info = []
    for k, obj in enumerate(load_xml_annotation(gt_file).iter('object')):
        try:
            x1, y1, x2, y2 = (int(obj.findtext(f'bndbox/{key}') or '')
                              for key in BOX_KEYS)
        except ValueError:
            warnings.warn(f'{gt_file}: object {k}: skipped, expected integer '
                          f'bndbox {", ".join(BOX_KEYS)}', stacklevel=2)
            continue
        x, y = max(0, min(x1, x2)), max(0, min(y1, y2))
        w, h = abs(x2 - x1), abs(y2 - y1)
        text = (obj.findtext('name') or '').strip()
        anno_info.append(dict(make_det_annotation(
            [x, y, x + w, y, x + w, y + h, x, y + h], not text), text=text))
    return anno_info


def convert(root: str, out_dir: str, val_ratio: float = 0.2,
            nproc: int = 1) -> dict[str, int]:
    """Convert IIIT-ILST; returns the number of images per split."""
    return convert_flat_images(root, out_dir, xml_gt_name, load_annos, val_ratio,
                               nproc, split=val_split_head)


def main(argv: list[str] | None = None) -> int:
    return det_converter_main(argv, 'Convert IIIT-ILST annotations to MMOCR '
                              'format', convert, with_val_ratio=True,
                              val_ratio_default=0.2)


if __name__ == '__main__':
    sys.exit(run_tool(main, 'ilst_converter.py'))
