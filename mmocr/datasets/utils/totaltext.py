"""Reading Total-Text's txt ground truth (``poly_gt_NAME.txt``: one record
per text, possibly wrapped over several lines, ``x: [[...]], y: [[...]],
ornt: [u'...'], transcriptions: [u'...']``), shared by the detection and
recognition converters."""
from __future__ import annotations

import re
import warnings

from .errors import AnnotationParseError

__all__ = ['totaltext_gt_name', 'parse_totaltext_record',
           'read_totaltext_records', 'read_totaltext_words']

_RECORD = re.compile(
    r"x:\s*\[\[([-\d\s.]*)\]\],\s*y:\s*\[\[([-\d\s.]*)\]\],\s*"
    r"ornt:\s*\[u?'(.*?)'\],\s*transcriptions:\s*\[u?['\"](.*)['\"]\]\s*$")


def totaltext_gt_name(stem: str, split: str) -> str:
    """Total-Text's ground truth of image ``NAME.jpg``: ``poly_gt_NAME.txt``."""
    return f'poly_gt_{stem}.txt'


def parse_totaltext_record(record: str) -> tuple[list[float], str]:
    """``(flat polygon, transcript)`` of one record.

    Raises:
        AnnotationParseError: the record does not parse or is not a polygon.
    """
    match = _RECORD.match(record.strip())
    if match is None:
        raise AnnotationParseError('not an "x: [[...]], y: [[...]], ornt: '
                                   '[...], transcriptions: [...]" record')
    xs = [float(v) for v in match.group(1).split()]
    ys = [float(v) for v in match.group(2).split()]
    if len(xs) != len(ys) or len(xs) < 3:
        raise AnnotationParseError(f'{len(xs)} x and {len(ys)} y values: a '
                                   'polygon needs as many of each, at least 3')
    return [v for pt in zip(xs, ys) for v in pt], match.group(4)


def read_totaltext_records(gt_file: str) -> list[str]:
    """The records of a txt file, continuation lines joined."""
    records: list[str] = []
    with open(gt_file, encoding='utf-8-sig', errors='replace') as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            if line.startswith('x:') or not records:
                records.append(line)
            else:
                records[-1] += ' ' + line
    return records


def read_totaltext_words(gt_file: str) -> list[tuple[list[float], str]]:
    """``(flat polygon, transcript)`` of each record of a txt file (``#``
    is the dataset's "do not care" transcript); a record that does not parse
    is skipped with a warning naming the file and record."""
    words = []
    for idx, record in enumerate(read_totaltext_records(gt_file)):
        try:
            words.append(parse_totaltext_record(record))
        except AnnotationParseError as err:
            warnings.warn(f'{gt_file}: record {idx}: {err}; skipped: '
                          f'{record[:80]!r}', stacklevel=2)
    return words
