"""Reading IMGUR5K's annotation files (``imgur5k_annotations_{split}.json``:
``index_to_ann_map`` image -> word ids, ``ann_id`` word id -> ``word`` and
``bounding_box`` ``"[x_center, y_center, width, height, angle]"``)."""
from __future__ import annotations

import json
import math
import warnings
from numbers import Number
from typing import Sequence

from .det_convert import load_json_annotation

__all__ = ['oriented_box_quad', 'read_imgur_words']


def oriented_box_quad(box: Sequence[float]) -> list[float]:
    """The corners ``[x1, y1, ..., x4, y4]`` of a rectangle ``[x_center,
    y_center, width, height, angle]`` rotated by ``angle`` degrees
    (counter-clockwise on the image), starting from the corner nearest the
    top-left of its bounds and going clockwise, as MMOCR 0.x ordered them."""
    xc, yc, w, h, angle = box[:5]
    theta = -angle * math.pi / 180
    cos, sin = math.cos(theta), math.sin(theta)
    corners = [(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2),
               (-w / 2, h / 2)]
    pts = [(xc + cos * x - sin * y, yc + sin * x + cos * y)
           for x, y in corners]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    targets = [(min(xs), min(ys)), (max(xs), min(ys)), (max(xs), max(ys)),
               (min(xs), max(ys))]

    def cost(start: int) -> float:
        return sum(math.dist(pts[(start + i) % 4], targets[i])
                   for i in range(4))

    start = min(range(4), key=cost)
    return [v for i in range(4) for v in pts[(start + i) % 4]]


def _box(ann) -> list[float] | None:
    text = ann.get('bounding_box') if isinstance(ann, dict) else None
    try:
        box = json.loads(text) if isinstance(text, str) else text
    except json.JSONDecodeError:
        return None
    if (not isinstance(box, list) or len(box) != 5
            or not all(isinstance(v, Number) for v in box)):
        return None
    return box


def read_imgur_words(ann_file: str) -> list[tuple[str, list]]:
    """``(image name, [(quadrilateral, word), ...])`` of each image of an
    IMGUR5K annotation file, in its order. A word id without a record, or
    whose ``bounding_box`` is not 5 numbers, is skipped with a warning
    naming the file and the id.

    Raises:
        FileNotFoundError: no such file.
        AnnotationParseError: not json or without the two maps.
    """
    data = load_json_annotation(ann_file, {'index_to_ann_map': dict,
                                           'ann_id': dict})
    images = []
    for name, ann_ids in data['index_to_ann_map'].items():
        words = []
        for ann_id in ann_ids if isinstance(ann_ids, list) else []:
            ann = data['ann_id'].get(ann_id)
            box = _box(ann)
            if box is None:
                warnings.warn(f'{ann_file}: ann_id[{ann_id!r}] (image '
                              f'{name}): skipped word without a [x, y, w, h, '
                              f'angle] bounding_box: {str(ann)[:100]}',
                              stacklevel=2)
                continue
            words.append((oriented_box_quad(box), str(ann.get('word', ''))))
        images.append((name, words))
    return images
