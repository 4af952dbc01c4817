"""Reading FUNSD's form json (``{"form": [{"words": [{"box": [x1, y1, x2,
y2], "text": ...}, ...], ...}, ...]}``), shared by its detection and
recognition converters."""
from __future__ import annotations

import math
import warnings
from numbers import Number

from .det_annotations import make_det_annotation
from .det_convert import load_json_annotation

__all__ = ['word_rect', 'load_funsd_words']


def word_rect(box: list[float]) -> list[int]:
    """The rectangle ``[x1, y1, ..., x4, y4]`` of a word box
    ``[x1, y1, x2, y2]``: corner floored (and clipped to 0), size ceiled."""
    x1, y1, x2, y2 = box
    x = max(0, min(math.floor(x1), math.floor(x2)))
    y = max(0, min(math.floor(y1), math.floor(y2)))
    w, h = math.ceil(abs(x2 - x1)), math.ceil(abs(y2 - y1))
    return [x, y, x + w, y, x + w, y + h, x, y + h]


def _is_box(box) -> bool:
    return (isinstance(box, list) and len(box) == 4
            and all(isinstance(v, Number) and not isinstance(v, bool)
                    for v in box))


def load_funsd_words(gt_file: str, split: str) -> list[dict]:
    """The word instances (with their ``text``; empty ones ``iscrowd=1``) of
    one FUNSD json file; a word without a box is skipped with a warning
    naming the file and word.

    Raises:
        AnnotationParseError: not json or without a ``form`` list.
    """
    data = load_json_annotation(gt_file, {'form': list})
    anno_info = []
    for i, entity in enumerate(data['form']):
        words = entity.get('words', []) if isinstance(entity, dict) else None
        for j, word in enumerate(words if isinstance(words, list) else [None]):
            if not isinstance(word, dict) or not _is_box(word.get('box')):
                warnings.warn(f'{gt_file}: form[{i}].words[{j}]: skipped word '
                              f'without a [x1, y1, x2, y2] box: '
                              f'{str(word)[:100]}', stacklevel=2)
                continue
            text = str(word.get('text', ''))
            anno_info.append(dict(make_det_annotation(
                word_rect(word['box']), not text), text=text))
    return anno_info
