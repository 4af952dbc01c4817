#!/usr/bin/env python
"""Crop the filled-in fields of NAF (National Archives Forms) into
recognition samples, with MMOCR's label files ``train_label.jsonl``,
``val_label.jsonl`` and ``test_label.jsonl`` (``.txt`` with ``--format
txt``).

Layout of ROOT (MMOCR 0.x's, as for the detection converter):
``imgs/NAME.jpg``, ``annotations/train_valid_test_split.json`` and
``annotations/groups/GROUP/NAME.json``. Only ``fieldBBs`` carry
transcriptions (``transcriptions``: box id -> text). As in 0.x, a field
without a transcription or with an empty one is left out, ``«``/``»``
(strike-through marks) and U+202A are removed, and texts holding ``§`` or
``¿`` (illegible) are cut but not labelled. Each field is cut along its
bounding rectangle into ``ROOT/crops/{training,val,test}/NAME_K.png``
(``K``: the field's number among the transcribed ones, from 1) and listed
as ``{split}/NAME_K.png`` (use ``img_prefix=ROOT/crops``). Vertical
training fields (more than twice as high as wide) go to
``ROOT/ignores/training/`` unlabelled unless ``--preserve-vertical``::

    python tools/data/textrecog/naf_converter.py data/naf --nproc 4

A box without 3 or more ``[x, y]`` points is skipped with a warning naming
the file and box; a json that does not parse skips its image with a
warning; a missing split file or ``imgs/`` folder is one error line.
"""
from __future__ import annotations

import os.path as osp
import sys
import warnings

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils import AnnotationParseError
from mmocr.datasets.utils.det_convert import check_folders, load_json_annotation
from mmocr.datasets.utils.naf import SPLITS, naf_split_pairs
from mmocr.datasets.utils.points_json import points_annotation
from mmocr.datasets.utils.recog_convert import (
    points_bounds,
    print_label_counts,
    recog_converter_parser,
    word_crop_name,
    write_crop_labels,
)

#: Our split name -> the label file's stem.
LABEL_STEMS = {'training': 'train', 'val': 'val', 'test': 'test'}
ILLEGIBLE = ('§', '¿')


def clean_text(text: str) -> str:
    """The transcript without strike-through marks and U+202A."""
    return text.strip('\u202a').replace('»', '').replace('«', '')


def field_words(gt_file: str) -> list[tuple[list, list, str]]:
    """``(bounding rectangle's corners, its [x, y, w, h], text)`` of the transcribed
    fields of one NAF json, in order (texts still to be checked for
    illegible marks).

    Raises:
        AnnotationParseError: not json or not a json object.
    """
    data = load_json_annotation(gt_file)
    if not isinstance(data, dict):
        raise AnnotationParseError(f'{gt_file}: expected a json object')
    texts = data.get('transcriptions')
    texts = texts if isinstance(texts, dict) else {}
    boxes = data.get('fieldBBs', [])
    words = []
    for k, box in enumerate(boxes if isinstance(boxes, list) else []):
        if not isinstance(box, dict) or not texts.get(box.get('id')):
            continue
        ann = points_annotation(dict(box, points=box.get('poly_points')),
                                f'{gt_file}: fieldBBs[{k}]', lambda _: False)
        if ann is not None:
            words.append((*points_bounds(ann['segmentation'][0]),
                          clean_text(str(texts[box['id']]))))
    return words


def crop_jobs(pairs: list[tuple[str, str]], split: str,
              preserve_vertical: bool) -> list:
    """The crop jobs of one split's ``(image, json)`` pairs."""
    jobs = []
    for img_file, gt_file in pairs:
        try:
            words = field_words(gt_file)
        except AnnotationParseError as err:
            warnings.warn(f'{err}; skipped', stacklevel=2)
            continue
        stem = osp.splitext(osp.basename(img_file))[0]
        crops = []
        for k, (quad, bbox, text) in enumerate(words, 1):
            keep = preserve_vertical or split != 'training'
            name = word_crop_name(f'{split}/{stem}_{k}.png', bbox, 'crops',
                                  'ignores', keep)
            if not text or any(c in text for c in ILLEGIBLE):
                name = f'ignores/{split}/{stem}_{k}.png'
            crops.append((name, quad, text))
        jobs.append((img_file, crops))
    return jobs


def convert(root: str, out_dir: str, label_format: str = 'jsonl',
            preserve_vertical: bool = False, nproc: int = 1
            ) -> dict[str, int]:
    """Crop the three splits; returns the number of samples per label
    file stem."""
    check_folders([osp.join(root, 'imgs')])
    split_info = load_json_annotation(
        osp.join(root, 'annotations', 'train_valid_test_split.json'),
        {key: dict for key in SPLITS.values()})
    return {stem: write_crop_labels(
        crop_jobs(naf_split_pairs(root, split_info[SPLITS[split]]), split,
                  preserve_vertical),
        out_dir, 'crops', f'{stem}_label.{label_format}', label_format,
        nproc, desc=split) for split, stem in LABEL_STEMS.items()}


def main(argv: list[str] | None = None) -> int:
    parser = recog_converter_parser('Crop NAF fields into recognition '
                                    'samples', 'jsonl')
    parser.add_argument('--preserve-vertical', '--preserve_vertical',
                        dest='preserve_vertical', action='store_true',
                        help='label the vertical training fields too')
    args = parser.parse_args(argv)
    out_dir = args.out_dir or args.root_path
    print_label_counts(convert(args.root_path, out_dir, args.format,
                               args.preserve_vertical, args.nproc),
                       out_dir, args.format)
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'naf_converter.py'))
