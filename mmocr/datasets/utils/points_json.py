"""Reading the point-list json ground truth of ArT and LSVT (``{"gt_N":
[{"transcription": ..., "points": [[x, y], ...], "illegibility": ...},
...], ...}`` for the images ``imgs/gt_N.jpg``) into detection image infos,
with MMOCR 0.x's ``--val-ratio`` split."""
from __future__ import annotations

import os.path as osp
import warnings
from numbers import Number
from typing import Any, Callable

from .det_annotations import make_det_annotation
from .det_convert import (
    check_folders,
    load_json_annotation,
    val_split_every,
    write_image_infos,
)
from .errors import AnnotationParseError

__all__ = ['load_points_json', 'points_annotation', 'convert_points_json',
           'points_json_instances', 'load_rects_annos']

#: ``is_ignored(word record) -> bool``: whether the word gets ``iscrowd=1``.
IsIgnored = Callable[[dict], bool]


def load_points_json(ann_file: str) -> dict[str, Any]:
    """The parsed ground truth: image name -> its list of word records.

    Raises:
        FileNotFoundError: no such file.
        AnnotationParseError: not json or not a json object (names the file).
    """
    data = load_json_annotation(ann_file)
    if not isinstance(data, dict):
        raise AnnotationParseError(f'{ann_file}: expected a json object '
                                   'mapping image names to word lists')
    return data


def _is_point(pt: Any) -> bool:
    return (isinstance(pt, (list, tuple)) and len(pt) == 2
            and all(isinstance(v, Number) and not isinstance(v, bool)
                    for v in pt))


def points_annotation(record: Any, where: str,
                      is_ignored: IsIgnored) -> dict | None:
    """The COCO instance of one word record (points clipped to 0,
    ``iscrowd`` from ``is_ignored``), or ``None`` with a warning naming
    ``where`` when the record has no list of at least 3 ``[x, y]`` points."""
    points = record.get('points') if isinstance(record, dict) else None
    if (not isinstance(points, list) or len(points) < 3
            or not all(_is_point(pt) for pt in points)):
        warnings.warn(f'{where}: skipped word record without 3 or more '
                      f'[x, y] points: {str(record)[:100]}', stacklevel=2)
        return None
    coords = [max(0, v) for pt in points for v in pt]
    return make_det_annotation(coords, is_ignored(record))


def points_json_instances(ann_file: str, data: dict, is_ignored: IsIgnored
                          ) -> dict[str, list[dict]]:
    """Image name -> the COCO instances (:func:`points_annotation`, each
    with its ``transcription`` as ``text``) of :func:`load_points_json`'s
    ``data``. An image entry that is not a list of records, or a record
    without points, is skipped with a warning naming ``ann_file`` and the
    entry."""
    items = {}
    for name, records in data.items():
        if not isinstance(records, list):
            warnings.warn(f'{ann_file}: {name}: skipped image entry that is '
                          f'not a list of word records: {str(records)[:100]}',
                          stacklevel=2)
            continue
        instances = [(points_annotation(r, f'{ann_file}: {name}[{k}]',
                                        is_ignored), r)
                     for k, r in enumerate(records)]
        items[name] = [dict(i, text=str(r.get('transcription', '')))
                       for i, r in instances if i is not None]
    return items


def convert_points_json(root: str, out_dir: str, ann_rel: str,
                        is_ignored: IsIgnored, val_ratio: float = 0.,
                        nproc: int = 1) -> dict[str, int]:
    """Convert ``root/ann_rel`` for the images ``root/imgs/NAME.jpg`` into
    ``instances_training.*`` and, with ``val_ratio > 0``, ``instances_val.*``
    (:func:`val_split_every`). File names are ``NAME.jpg`` (use
    ``img_prefix=root/imgs``). A word record that is not a point list, or an
    image entry that is not a list of records, is skipped with one warning
    naming the file and the record; a missing or unreadable image is
    skipped with a warning. Returns the number of images per split."""
    ann_file = osp.join(root, ann_rel)
    data = load_points_json(ann_file)
    img_dir = osp.join(root, 'imgs')
    check_folders([img_dir])
    items = points_json_instances(ann_file, data, is_ignored)
    train, val = val_split_every(list(items), val_ratio)
    counts = {}
    for split, names in (('training', train), ('val', val)):
        if split == 'val' and val_ratio <= 0:
            continue
        counts[split] = write_image_infos(
            [(f'{n}.jpg', items[n]) for n in names], img_dir, ann_rel,
            out_dir, split, nproc)
    return counts


def _flat_points(line) -> list | None:
    points = line.get('points') if isinstance(line, dict) else None
    if (not isinstance(points, list) or len(points) < 8 or len(points) % 2
            or not all(isinstance(v, Number) for v in points)):
        return None
    return [max(0, v) for v in points]


def load_rects_annos(gt_file: str, split: str) -> list[dict]:
    """The text-line instances (``iscrowd`` the ``ignore`` flag, with their
    ``text``) of one ReCTS json; the characters are not used. A line record
    without 4 or more ``x, y`` points is skipped with a warning naming the
    file and record.

    Raises:
        AnnotationParseError: not json or without a ``lines`` list.
    """
    data = load_json_annotation(gt_file, {'lines': list})
    anno_info = []
    for k, line in enumerate(data['lines']):
        points = _flat_points(line)
        if points is None:
            warnings.warn(f'{gt_file}: lines[{k}]: skipped record without 4 '
                          f'or more x, y points: {str(line)[:100]}',
                          stacklevel=2)
            continue
        anno_info.append(dict(make_det_annotation(points,
                                                  bool(line.get('ignore'))),
                              text=str(line.get('transcription', ''))))
    return anno_info
