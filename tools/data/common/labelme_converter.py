#!/usr/bin/env python
"""Convert labelme annotations (one ``NAME.json`` per image) to MMOCR's
line-json detection file and, with ``--tasks det recog``, recognition crops.

Each labelme json holds ``imagePath``, ``imageWidth``, ``imageHeight`` and
``shapes``: ``{"label": text, "shape_type": "rectangle" | "polygon",
"points": [[x, y], ...]}`` (coordinates truncated to integers, as in MMOCR
0.x). Writes, in OUT_DIR:

* ``det/instances_train.txt``: one line-json per image (``file_name`` the
  image's base name, the json's size, and per shape ``iscrowd=0``, ``bbox``,
  ``segmentation`` -- the rectangle's 4 corners or the polygon -- and
  ``text``);
* with ``recog``: ``recog/NAME/crop_K.jpg`` (the shape's bounding
  quadrilateral, padded as 0.x did) listed in ``recog/crop_gt.txt``, and for
  4-point polygons ``recog/NAME/warp_K.jpg`` (perspective-rectified) listed
  in ``recog/warp_gt.txt``; lines ``NAME/crop_K.jpg text`` (use
  ``img_prefix=OUT_DIR/recog``)::

    python tools/data/common/labelme_converter.py labelme/jsons labelme/imgs \\
        data/labelme --tasks det recog --nproc 4

A shape that is neither a rectangle of 2 points nor a polygon of 4 or more
points is skipped with a warning naming the file and shape; a json file that
does not parse or lacks ``imagePath``/``imageWidth``/``imageHeight``/
``shapes`` is skipped with a warning; a missing folder is one error line.
"""
from __future__ import annotations

import argparse
import os
import os.path as osp
import sys
import warnings
from numbers import Number

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils import (
    AnnotationParseError,
    det_info_to_line,
    make_det_annotation,
)
from mmocr.datasets.utils.det_convert import check_folders, load_json_annotation
from mmocr.datasets.utils.recog_convert import crop_words, write_recog_labels
from mmocr.utils.fileio import atomic_write_text

#: MMOCR 0.x's crop padding ratios (long edge, short edge).
PAD = (0.4, 0.2)
_IMAGE_KEYS = ('imagePath', 'imageWidth', 'imageHeight', 'shapes')


def _points(shape: dict) -> list[int] | None:
    points = shape.get('points')
    if not isinstance(points, list) or not all(
            isinstance(pt, list) and len(pt) == 2
            and all(isinstance(v, Number) for v in pt) for pt in points):
        return None
    return [int(v) for pt in points for v in pt]


def shape_geometry(shape: dict) -> tuple[list[int], list[int], bool] | None:
    """``(segmentation, crop quadrilateral, warpable)`` of a labelme shape,
    or ``None`` when it is not a 2-point rectangle or a polygon of 4 or more
    points."""
    poly = _points(shape) if isinstance(shape, dict) else None
    kind = shape.get('shape_type') if isinstance(shape, dict) else None
    if poly is None:
        return None
    if kind == 'rectangle' and len(poly) == 4:
        x1, y1, x2, y2 = poly
        quad = [x1, y1, x2, y1, x2, y2, x1, y2]
        return quad, quad, False
    if kind == 'polygon' and len(poly) >= 8:
        if len(poly) == 8:
            return poly, poly, True
        xs, ys = poly[0::2], poly[1::2]
        quad = [min(xs), min(ys), max(xs), min(ys), max(xs), max(ys),
                min(xs), max(ys)]
        return poly, quad, False
    return None


def parse_labelme_json(json_file: str) -> tuple[dict, list] | None:
    """``(image info with anno_info, [(shape index, quad, warpable, text)])``
    of one labelme json, or ``None`` (with a warning) when it cannot be
    used; bad shapes are skipped with a warning."""
    try:
        data = load_json_annotation(json_file)
    except AnnotationParseError as err:
        warnings.warn(f'{err}; skipped', stacklevel=2)
        return None
    if not isinstance(data, dict) or not all(k in data for k in _IMAGE_KEYS):
        warnings.warn(f'{json_file}: not a labelme json (no '
                      f'{"/".join(_IMAGE_KEYS)}); skipped', stacklevel=2)
        return None
    anno_info, words = [], []
    shapes = data['shapes'] if isinstance(data['shapes'], list) else []
    for k, shape in enumerate(shapes):
        geometry = shape_geometry(shape)
        if geometry is None:
            warnings.warn(f'{json_file}: shapes[{k}]: skipped, expected a '
                          'rectangle of 2 points or a polygon of 4 or more: '
                          f'{str(shape)[:100]}', stacklevel=2)
            continue
        seg, quad, warpable = geometry
        text = str(shape.get('label', ''))
        anno_info.append(dict(make_det_annotation(seg, 0), text=text))
        words.append((k, quad, warpable, text))
    info = dict(file_name=osp.basename(str(data['imagePath'])),
                height=data['imageHeight'], width=data['imageWidth'],
                anno_info=anno_info)
    return info, words


def convert(json_dir: str, img_dir: str, out_dir: str,
            tasks: list[str] = ('det', ), nproc: int = 1) -> dict[str, int]:
    """Convert every ``json_dir/*.json`` (sorted); returns the number of
    images (``det``) and crops (``crop``, ``warp``) written."""
    check_folders([json_dir] + ([img_dir] if 'recog' in tasks else []))
    parsed = [p for p in (parse_labelme_json(osp.join(json_dir, f))
                          for f in sorted(os.listdir(json_dir))
                          if f.endswith('.json')) if p is not None]
    counts = {}
    if 'det' in tasks:
        os.makedirs(osp.join(out_dir, 'det'), exist_ok=True)
        atomic_write_text(osp.join(out_dir, 'det', 'instances_train.txt'),
                          ''.join(det_info_to_line(info, ('text', )) + '\n'
                                  for info, _ in parsed))
        counts['det'] = len(parsed)
    if 'recog' in tasks:
        recog_dir = osp.join(out_dir, 'recog')
        for kind, warp in (('crop', False), ('warp', True)):
            jobs = [(osp.join(img_dir, info['file_name']), [
                (f'{osp.splitext(info["file_name"])[0]}/{kind}_{k}.jpg', quad,
                 text) for k, quad, warpable, text in words
                if warpable or not warp]) for info, words in parsed]
            samples = crop_words(jobs, recog_dir, nproc, desc=kind,
                                 pad=PAD, warp=warp)
            counts[kind] = write_recog_labels(
                samples, osp.join(recog_dir, f'{kind}_gt.txt'), 'txt')
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description='Convert labelme annotations to MMOCR formats')
    parser.add_argument('json_dir', help='folder of the labelme json files')
    parser.add_argument('image_dir', help='folder of the images')
    parser.add_argument('out_dir', help='output folder')
    parser.add_argument('--tasks', nargs='+', default=['det'],
                        choices=['det', 'recog'],
                        help='what to write: det and/or recog [det]')
    parser.add_argument('--nproc', type=int, default=1,
                        help='number of processes')
    args = parser.parse_args(argv)
    for kind, num in convert(args.json_dir, args.image_dir, args.out_dir,
                             args.tasks, args.nproc).items():
        print(f'{kind}: {num} {"images" if kind == "det" else "crops"}')
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'labelme_converter.py'))
