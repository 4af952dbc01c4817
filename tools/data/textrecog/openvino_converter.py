#!/usr/bin/env python
"""Crop the words of OpenVINO's text annotations of Open Images v5 into
recognition samples, with MMOCR's label files ``train_{1,2,5,f}_label.txt``
and ``val_label.txt`` (``.jsonl`` with ``--format jsonl``).

Layout of ROOT (MMOCR 0.x's): the Open Images folders (``train_1/``,
``train_2/``, ``train_5/``, ``train_f/``, ``validation/``) and the
annotation files ``text_spotting_openimages_v5_{train_1,train_2,train_5,
train_f,validation}.json`` (COCO: ``images`` with ``id`` and
``file_name`` relative to ROOT, ``annotations`` with ``image_id``,
``bbox`` ``[x, y, w, h]`` and ``attributes`` ``transcription``,
``legible`` and ``language``). As in 0.x, each legible English word is
cut along its ``bbox`` (corner floored, size ceiled) into
``ROOT/image_{S}/img_I_J.jpg`` (``I``: the image's number, counted on
across the files; ``J``: the word's number in it) and listed as
``image_{S}/img_I_J.jpg`` (use ``img_prefix=ROOT``). The number of
processes may be given as a second positional argument, as in 0.x's docs::

    python tools/data/textrecog/openvino_converter.py data/openvino 4

A malformed word record is skipped with a warning naming the file and the
record; an unreadable image is skipped with a warning; a missing
annotation file is one error line before anything is written.
"""
from __future__ import annotations

import os.path as osp
import sys
import warnings
from numbers import Number

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils.det_annotations import xywh_quad
from mmocr.datasets.utils.det_convert import load_json_annotation
from mmocr.datasets.utils.recog_convert import (
    points_bounds,
    print_label_counts,
    recog_converter_parser,
    write_crop_labels,
)

#: Set suffix ``S`` -> the annotation file's part; label stem.
SETS = {'1': ('train_1', 'train_1'), '2': ('train_2', 'train_2'),
        '5': ('train_5', 'train_5'), 'f': ('train_f', 'train_f'),
        'val': ('validation', 'val')}


def ann_file(root: str, part: str) -> str:
    return osp.join(root, f'text_spotting_openimages_v5_{part}.json')


def _word(ann) -> tuple[list[float], str] | None:
    """``(bbox, transcription)`` of a legible English word record, ``()``
    for one to leave out, ``None`` for a malformed one."""
    if not isinstance(ann, dict) or not isinstance(ann.get('attributes'),
                                                   dict):
        return None
    bbox, attrs = ann.get('bbox'), ann['attributes']
    if not (isinstance(bbox, list) and len(bbox) == 4
            and all(isinstance(v, Number) for v in bbox)):
        return None
    if not attrs.get('legible') or attrs.get('language') != 'english':
        return ()
    return bbox, str(attrs.get('transcription', ''))


def crop_jobs(path: str, data: dict, root: str, suffix: str,
              start: int) -> list:
    """The crop jobs of one annotation file, images numbered from
    ``start``."""
    anns: dict = {}
    for k, ann in enumerate(data['annotations']):
        anns.setdefault(ann.get('image_id') if isinstance(ann, dict)
                        else None, []).append((k, ann))
    jobs = []
    for i, img in enumerate(data['images'], start):
        if not isinstance(img, dict) or 'file_name' not in img:
            warnings.warn(f'{path}: images[{i - start}]: skipped image '
                          'record without file_name', stacklevel=2)
            continue
        crops = []
        for j, (k, ann) in enumerate(anns.get(img.get('id'), [])):
            word = _word(ann)
            if word is None:
                warnings.warn(f'{path}: annotations[{k}]: skipped malformed '
                              f'word record: {str(ann)[:100]}', stacklevel=2)
            elif word:
                quad = points_bounds(xywh_quad(word[0]))[0]
                crops.append((f'image_{suffix}/img_{i}_{j}.jpg', quad,
                              word[1]))
        jobs.append((osp.join(root, img['file_name']), crops))
    return jobs


def convert(root: str, out_dir: str, label_format: str = 'txt',
            nproc: int = 1) -> dict[str, int]:
    """Crop every set; returns the number of samples per label file stem."""
    data = {s: load_json_annotation(ann_file(root, part),
                                    {'images': list, 'annotations': list})
            for s, (part, _) in SETS.items()}
    counts, start = {}, 0
    for suffix, (part, stem) in SETS.items():
        jobs = crop_jobs(ann_file(root, part), data[suffix], root, suffix,
                         start)
        start += len(data[suffix]['images'])
        counts[stem] = write_crop_labels(
            jobs, out_dir, None, f'{stem}_label.{label_format}',
            label_format, nproc, desc=stem)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = recog_converter_parser('Crop the words of OpenVINO Open Images '
                                    'v5 annotations into recognition '
                                    'samples', 'txt')
    parser.add_argument('n_proc', nargs='?', type=int,
                        help='number of processes (same as --nproc)')
    args = parser.parse_args(argv)
    out_dir = args.out_dir or args.root_path
    print_label_counts(convert(args.root_path, out_dir, args.format,
                               args.n_proc or args.nproc), out_dir,
                       args.format)
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'openvino_converter.py'))
