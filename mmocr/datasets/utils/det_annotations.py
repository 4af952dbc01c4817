"""Detection annotation helpers: checks shared by the detection datasets,
and the instance/line builders shared by the detection converters."""
from __future__ import annotations

import json
from numbers import Number
from typing import Any, Sequence

import numpy as np
from shapely.geometry import Polygon

from .errors import AnnotationParseError

__all__ = ['check_det_annotation', 'make_det_annotation', 'det_info_to_line',
           'xywh_quad',
           'pack_det_ann_info']


def _is_number(value: Any) -> bool:
    return isinstance(value, Number) and not isinstance(value, bool)


def check_det_annotation(ann: Any, where: str) -> None:
    """Validate one COCO-style text instance.

    ``ann`` must be a dict with ``bbox`` ``[x, y, w, h]`` and, when present
    (not ``None``), ``segmentation``: a list of polygons, each a flat list of
    an even number (>= 6) of coordinates.

    Raises:
        AnnotationParseError: naming ``where`` (file and line/instance).
    """
    if not isinstance(ann, dict):
        raise AnnotationParseError(f'{where}: an annotation must be a json '
                                   f'object, got {type(ann).__name__}')
    bbox = ann.get('bbox')
    if (not isinstance(bbox, (list, tuple)) or len(bbox) != 4
            or not all(_is_number(v) for v in bbox)):
        raise AnnotationParseError(f'{where}: "bbox" must be [x, y, w, h], '
                                   f'got {bbox!r}')
    seg = ann.get('segmentation')
    if seg is None:
        return
    if not isinstance(seg, (list, tuple)) or len(seg) == 0:
        raise AnnotationParseError(f'{where}: "segmentation" must be a '
                                   f'non-empty list of polygons, got {seg!r}')
    for poly in seg:
        if (not isinstance(poly, (list, tuple))
                or not all(_is_number(v) for v in poly)):
            raise AnnotationParseError(
                f'{where}: each polygon must be a flat list of numbers '
                f'[x1, y1, ..., xn, yn], got {poly!r}')
        if len(poly) < 6 or len(poly) % 2:
            raise AnnotationParseError(
                f'{where}: a polygon needs at least 3 points (an even number '
                f'>= 6 of coordinates), got {len(poly)} values: {list(poly)}')


def make_det_annotation(coords: Sequence[float], iscrowd: int) -> dict:
    """A COCO text instance from a flat polygon ``[x1, y1, ..., xn, yn]``:
    ``iscrowd``, ``category_id=1``, ``bbox`` ``[x, y, w, h]`` (polygon
    bounds), ``area`` (polygon area) and ``segmentation=[coords]``."""
    pts = [(coords[i], coords[i + 1]) for i in range(0, len(coords), 2)]
    polygon = Polygon(pts)
    min_x, min_y, max_x, max_y = polygon.bounds
    return dict(iscrowd=int(iscrowd), category_id=1,
                bbox=[min_x, min_y, max_x - min_x, max_y - min_y],
                area=polygon.area, segmentation=[list(coords)])


def xywh_quad(box: Sequence[float]) -> list[float]:
    """The corners ``[x1, y1, ..., x4, y4]`` of a box ``[x, y, w, h]``."""
    x, y, w, h = box
    return [x, y, x + w, y, x + w, y + h, x, y + h]


def det_info_to_line(image_info: dict,
                     extra_keys: Sequence[str] = ()) -> str:
    """One line of a line-json detection file (``TextDetDataset``) from an
    image info with ``file_name``, ``height``, ``width`` and ``anno_info``;
    each annotation keeps ``iscrowd``, ``category_id``, ``bbox``,
    ``segmentation`` and those of ``extra_keys`` it has (e.g. ``text``)."""
    keys = ('iscrowd', 'category_id', 'bbox', 'segmentation', *extra_keys)
    annotations = [{key: ann[key] for key in keys if key in ann}
                   for ann in image_info['anno_info']]
    return json.dumps(dict(file_name=image_info['file_name'],
                           height=image_info['height'],
                           width=image_info['width'],
                           annotations=annotations), ensure_ascii=False)


def pack_det_ann_info(bboxes: list, labels: list, bboxes_ignore: list,
                      masks: list, masks_ignore: list) -> dict[str, Any]:
    """MMOCR's detection ``ann_info``: boxes ``(N, 4)`` float32, labels
    ``(N,)`` int64, ignored boxes ``(M, 4)`` and the polygon lists as given."""
    return dict(
        bboxes=np.array(bboxes, dtype=np.float32).reshape(-1, 4),
        labels=np.array(labels, dtype=np.int64),
        bboxes_ignore=np.array(bboxes_ignore, dtype=np.float32).reshape(-1, 4),
        masks_ignore=masks_ignore,
        masks=masks)
