"""The ground-truth line formats of one text per line (RCTW-17, MTWI 2018,
DeText, VinText), shared by their detection and recognition converters.
Each parser returns ``(8 coordinates, text, ignored)`` and raises
:class:`AnnotationParseError` (a ``ValueError``) for a malformed line."""
from __future__ import annotations

import math
import re
import warnings

from .det_annotations import make_det_annotation, xywh_quad
from .det_convert import gt_lines
from .errors import AnnotationParseError

__all__ = ['parse_rctw_line', 'parse_mtwi_line', 'parse_quad_line',
           'vintext_gt_name', 'bid_gt_name', 'load_bid_annos']


def _coords(parts: list[str], convert) -> list[int]:
    try:
        return [convert(v) for v in parts]
    except ValueError:
        raise AnnotationParseError(f'non-numeric coordinate in '
                                   f'{",".join(parts)!r}') from None


def parse_rctw_line(line: str) -> tuple[list[int], str, bool]:
    """``x1,y1,...,x4,y4,difficult,"text"`` (integer coordinates); texts
    marked difficult (``difficult != 0``) or ``###`` are ignored."""
    parts = line.split(',', 9)
    if len(parts) < 10:
        raise AnnotationParseError('expected 8 coordinates, difficult and '
                                   'transcript')
    text = parts[9].strip().strip('"')
    return (_coords(parts[:8], int), text,
            parts[8].strip() != '0' or text == '###')


def parse_mtwi_line(line: str) -> tuple[list[int], str, bool]:
    """``x1,y1,...,x4,y4,text`` (real coordinates, floored); ``###`` texts
    are ignored."""
    parts = line.split(',', 8)
    if len(parts) < 9:
        raise AnnotationParseError('expected 8 coordinates and a transcript')
    return (_coords(parts[:8], lambda v: math.floor(float(v))), parts[8],
            parts[8] == '###')


def parse_quad_line(line: str) -> tuple[list[int], str, bool]:
    """``x1,y1,x2,y2,x3,y3,x4,y4,text`` (DeText, VinText: integer
    coordinates; the text may hold commas); ``###`` texts are ignored."""
    parts = line.split(',', 8)
    if len(parts) < 9:
        raise AnnotationParseError('expected 8 coordinates and a transcript')
    text = parts[8].strip()
    return _coords(parts[:8], int), text, text == '###'


def vintext_gt_name(stem: str, split: str) -> str:
    """VinText's ground truth of ``im0012.jpg``: ``gt_12.txt``."""
    match = re.search(r'\d+', stem)
    return f'gt_{int(match.group())}.txt' if match else f'gt_{stem}.txt'


def bid_gt_name(stem: str, split: str) -> str:
    """BID's ground truth of ``00000001_in.jpg``: ``00000001_gt_ocr.txt``."""
    return f'{stem.split("_")[0]}_gt_ocr.txt'


def load_bid_annos(gt_file: str, split: str) -> list[dict]:
    """The instances (``iscrowd=0``, with their ``text``) of one BID
    ground-truth file (latin-1 lines ``x, y, w, h, text`` after a header); a
    malformed line is skipped with a warning naming the file and line."""
    anno_info = []
    for line_no, line in gt_lines(gt_file, 'latin-1'):
        if line.startswith(('x', '[')):
            continue
        parts = line.split(',', 4)
        try:
            if len(parts) < 5:
                raise AnnotationParseError('expected x, y, w, h and a '
                                           'transcript')
            box = [int(v) for v in parts[:4]]
        except ValueError as err:
            warnings.warn(f'{gt_file}:{line_no}: skipped malformed line '
                          f'({err}): {line!r}', stacklevel=2)
            continue
        anno_info.append(dict(make_det_annotation(xywh_quad(box), 0),
                              text=parts[4].strip()))
    return anno_info
