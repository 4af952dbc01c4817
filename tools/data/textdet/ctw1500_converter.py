#!/usr/bin/env python
"""Convert SCUT-CTW1500 curved-text detection ground truth to MMOCR's COCO
format (``instances_{split}.json``) and line-json (``instances_{split}.txt``).

Layout of ROOT (MMOCR 0.x's): ``imgs/{training,test}/NAME.jpg`` and
``annotations/training/NAME.xml`` (the dataset's XML: one ``<box>`` per
text with ``<label>`` and ``<segs>``, 14 absolute points ``x1,y1,...,x14,y14``)
or ``annotations/test/000NAME.txt`` (one text per line: 28 comma-separated
coordinates then ``,####`` and the transcript). Every text is kept
(``iscrowd=0``), as in MMOCR 0.x. File names in the output are
``{split}/NAME.jpg`` (use ``img_prefix=ROOT/imgs``)::

    python tools/data/textdet/ctw1500_converter.py data/ctw1500 \\
        -o data/ctw1500 --split-list training test

A box or line that is not 14 integer points is skipped with a warning naming
the file (and line); an unreadable image, or an XML file that does not
parse, is skipped with a warning.
"""
from __future__ import annotations

import sys
import warnings

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils import convert_det_splits, make_det_annotation
from mmocr.datasets.utils.det_convert import (
    det_converter_main,
    gt_lines,
    load_xml_annotation,
)

NUM_COORDS = 28  # 14 points


def gt_name(stem: str, split: str) -> str:
    """``NAME.xml`` for training images, ``000NAME.txt`` for test ones."""
    return f'{stem}.xml' if split == 'training' else f'000{stem}.txt'


def _coords(values: list[str], where: str) -> list[int]:
    if len(values) != NUM_COORDS:
        raise ValueError(f'{where}: expected {NUM_COORDS} coordinates (14 '
                         f'points), got {len(values)}')
    try:
        return [int(round(float(v))) for v in values]
    except ValueError:
        raise ValueError(f'{where}: non-numeric coordinate in '
                         f'{",".join(values)!r}') from None


def load_xml_info(gt_file: str) -> list[dict]:
    """The instances of a training XML file.

    Raises:
        AnnotationParseError: not valid XML (the image is then skipped).
    """
    root = load_xml_annotation(gt_file)
    anno_info = []
    for idx, box in enumerate(root.iter('box')):
        segs = box.find('segs')
        where = f'{gt_file}: box {idx}'
        try:
            if segs is None or not (segs.text or '').strip():
                raise ValueError(f'{where}: no <segs>')
            coords = _coords(segs.text.strip().split(','), where)
        except ValueError as err:
            warnings.warn(f'{err}; skipped', stacklevel=2)
            continue
        anno_info.append(make_det_annotation(coords, 0))
    return anno_info


def load_txt_info(gt_file: str) -> list[dict]:
    """The instances of a test txt file."""
    anno_info = []
    for line_no, line in gt_lines(gt_file):
        coords_part, sep, _text = line.partition(',####')
        try:
            if not sep:
                raise ValueError(f'{gt_file}:{line_no}: no ",####" '
                                 'before the transcript')
            coords = _coords(coords_part.split(','),
                             f'{gt_file}:{line_no}')
        except ValueError as err:
            warnings.warn(f'{err}; skipped: {line!r}', stacklevel=2)
            continue
        anno_info.append(make_det_annotation(coords, 0))
    return anno_info


def load_annos(gt_file: str, split: str) -> list[dict]:
    return (load_xml_info(gt_file) if gt_file.endswith('.xml')
            else load_txt_info(gt_file))


def convert(root: str, out_dir: str, splits: list[str],
            nproc: int = 1) -> dict[str, int]:
    """Convert each split; returns the number of images per split."""
    for split in splits:
        if split not in ('training', 'test'):
            raise ValueError(f'unknown split {split!r}: CTW1500 has '
                             'training and test')
    return convert_det_splits(root, out_dir, splits, gt_name, load_annos,
                              nproc)


def main(argv: list[str] | None = None) -> int:
    return det_converter_main(
        argv, 'Convert CTW1500 annotations to MMOCR format', convert)


if __name__ == '__main__':
    sys.exit(run_tool(main, 'ctw1500_converter.py'))
