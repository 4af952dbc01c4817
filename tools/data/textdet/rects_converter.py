#!/usr/bin/env python
"""Convert ReCTS (ICDAR 2019 reading Chinese text on signboards) to MMOCR's
COCO format (``instances_training.json`` and ``instances_val.json``) and
line-json (``instances_{split}.txt``).

Layout of ROOT (MMOCR 0.x's): ``imgs/NAME.jpg`` and the dataset's
``annotations/NAME.json`` (``gt_unicode``: ``{"chars": [...], "lines":
[{"ignore": 0 | 1, "transcription": ..., "points": [x1, y1, ..., x4, y4]},
...]}``). Each text line becomes an instance (points clipped to 0), with
``iscrowd`` its ``ignore`` flag; the characters are not used. The test
annotations are not public: ``--val-ratio R`` (default 0.2, as in 0.x)
holds out every ``floor(1/R)``-th ground-truth file (sorted by name) as
validation. File names in the output are ``NAME.jpg`` (use
``img_prefix=ROOT/imgs``)::

    python tools/data/textdet/rects_converter.py data/rects --nproc 4

A line record without 4 or more ``x, y`` points is skipped with a warning
naming the file and record; a json that does not parse, or whose image is
missing, is skipped with a warning.
"""
from __future__ import annotations

import sys
import warnings
from numbers import Number

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils import make_det_annotation
from mmocr.datasets.utils.det_convert import (
    convert_flat_det,
    det_converter_main,
    load_json_annotation,
)


def _points(line) -> list | None:
    points = line.get('points') if isinstance(line, dict) else None
    if (not isinstance(points, list) or len(points) < 8 or len(points) % 2
            or not all(isinstance(v, Number) for v in points)):
        return None
    return [max(0, v) for v in points]


def load_annos(gt_file: str, split: str) -> list[dict]:
    """The text-line instances of one ReCTS json.

    Raises:
        AnnotationParseError: not json or without a ``lines`` list.
    """
    data = load_json_annotation(gt_file, {'lines': list})
    anno_info = []
    for k, line in enumerate(data['lines']):
        points = _points(line)
        if points is None:
            warnings.warn(f'{gt_file}: lines[{k}]: skipped record without 4 '
                          f'or more x, y points: {str(line)[:100]}',
                          stacklevel=2)
            continue
        anno_info.append(dict(make_det_annotation(points,
                                                  bool(line.get('ignore'))),
                              text=str(line.get('transcription', ''))))
    return anno_info


def convert(root: str, out_dir: str, val_ratio: float = 0.2,
            nproc: int = 1) -> dict[str, int]:
    """Convert ReCTS; returns the number of images per split."""
    return convert_flat_det(root, out_dir, load_annos, val_ratio, nproc,
                            gt_ext='.json')


def main(argv: list[str] | None = None) -> int:
    return det_converter_main(argv, 'Convert ReCTS annotations to MMOCR '
                              'format', convert, with_val_ratio=True,
                              val_ratio_default=0.2)


if __name__ == '__main__':
    sys.exit(run_tool(main, 'rects_converter.py'))
