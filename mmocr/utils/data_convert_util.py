"""Write converted detection annotations as a COCO-style json file."""
from __future__ import annotations

import json
from typing import Any

from mmocr.utils.errors import InvalidTypeError

from .fileio import atomic_write_text

__all__ = ['convert_annotations']

_REQUIRED_ANNO_KEYS = ('iscrowd', 'category_id', 'bbox', 'area',
                       'segmentation')


def _json_default(obj: Any) -> Any:
    if hasattr(obj, 'tolist'):  # numpy arrays and scalars
        return obj.tolist()
    raise InvalidTypeError(f'{type(obj).__name__} value {obj!r} cannot be written '
                           'to JSON')


def convert_annotations(image_infos: list[dict], out_json_name: str) -> dict:
    """Number images and annotations and dump them in COCO style.

    Args:
        image_infos: One dict per image (``file_name``, ``height``,
            ``width``, ...) with an ``anno_info`` list of instance dicts, each
            holding ``iscrowd``, ``category_id``, ``bbox`` ``[x, y, w, h]``,
            ``area`` and ``segmentation`` ``[[x1, y1, ..., xn, yn]]``.
        out_json_name: Path of the json file to write.

    Returns:
        The dumped dict: ``images`` (each info without ``anno_info``, plus
        ``id``), ``categories`` (``[{'id': 1, 'name': 'text'}]``) and
        ``annotations`` (each plus ``image_id`` and ``id``; the key is left
        out when there is no annotation at all). The inputs are not modified.
    """
    if not isinstance(image_infos, list):
        raise InvalidTypeError(f'image_infos must be a list, got '
                               f'{type(image_infos).__name__}')
    if not isinstance(out_json_name, str) or not out_json_name:
        raise InvalidTypeError(f'out_json_name must be a non-empty str, got '
                               f'{out_json_name!r}')
    images, annotations = [], []
    for img_id, image_info in enumerate(image_infos):
        name = image_info.get('file_name', f'image #{img_id}')
        if 'anno_info' not in image_info:
            raise KeyError(f'{name}: image info has no "anno_info" list')
        image = {k: v for k, v in image_info.items() if k != 'anno_info'}
        image['id'] = img_id
        images.append(image)
        for anno_info in image_info['anno_info']:
            missing = [k for k in _REQUIRED_ANNO_KEYS if k not in anno_info]
            if missing:
                raise KeyError(f'{name}: annotation {len(annotations)} lacks '
                               f'{missing}')
            annotations.append(dict(anno_info, image_id=img_id,
                                    id=len(annotations)))
    out_json: dict = dict(images=images,
                          categories=[dict(id=1, name='text')])
    if annotations:
        out_json['annotations'] = annotations
    atomic_write_text(out_json_name,
                      json.dumps(out_json, ensure_ascii=False,
                                 default=_json_default))
    return out_json
