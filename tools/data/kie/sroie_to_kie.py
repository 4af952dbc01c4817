#!/usr/bin/env python
"""Turn SROIE receipts into a WildReceipt-format KIE dataset.

Each text line of ``ROOT/box/NAME.csv`` is labelled by matching its
transcript against the receipt's key fields in ``ROOT/key/NAME.json``
(``company``, ``date``, ``address``, ``total``), with fuzzy matching
(rapidfuzz):

* ``Company`` and then ``Address``: the run of consecutive lines that,
  joined, best matches the field (each line a fuzzy fragment of it or
  containing it, the run similar overall): both may span several lines;
* ``Date``: lines containing the date;
* ``Total``: lines whose numbers include the total amount, preferring those
  on the row of a ``TOTAL`` caption; when no such row exists, every line
  holding the amount;
* ``Other``: everything else.

Output in ``OUT``: ``train.txt`` and ``test.txt`` (json lines
``{"file_name": "image_files/NAME.jpg", "height", "width", "annotations":
[{"box", "text", "label"}]}``), ``class_list.txt`` (``0 Other``,
``1 Company``, ``2 Address``, ``3 Date``, ``4 Total``), ``dict.txt`` (the
91-character WildReceipt dictionary, so ``num_chars=92`` as in the
WildReceipt configs) and ``image_files``, a link to ``ROOT/img``. The
train/test split is :func:`mmocr.datasets.utils.sroie.sroie_split`, the one
the SROIE detection and recognition converters use. A receipt whose image
is missing or unreadable or whose key or box file is malformed is skipped
with a warning; the others are still converted::

    python tools/data/kie/sroie_to_kie.py ../shared/data/sroie \
        -o data/sroie_kie --val-ratio 0.1 --seed 0
"""
from __future__ import annotations

import argparse
import json
import os
import os.path as osp
import re
import string
import sys
import warnings

from PIL import Image
from rapidfuzz import fuzz

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils.sroie import read_sroie_boxes, sroie_image, sroie_split
from mmocr.utils.fileio import atomic_write_text

CLASSES = ('Other', 'Company', 'Address', 'Date', 'Total')
OTHER, COMPANY, ADDRESS, DATE, TOTAL = range(len(CLASSES))
KEY_FIELDS = ('company', 'date', 'address', 'total')
# The character dictionary of WildReceipt (and of MMOCR's toy KIE data).
WILDRECEIPT_CHARS = ('/\\.$\u00a3\u20ac\u00a5:-,*#()%@!\'&=>+"\u00d7?<[]_' +
                     string.digits + string.ascii_lowercase +
                     string.ascii_uppercase)
_NUMBER = re.compile(r'\d[\d,]*(?:\.\d+)?')


def _norm(text: str) -> str:
    return ' '.join(text.upper().split())


def _amount(text: str) -> float | None:
    match = _NUMBER.search(text.replace(' ', ''))
    if match is None:
        return None
    try:
        return float(match.group().replace(',', ''))
    except ValueError:
        return None


def _numbers(text: str) -> list[float]:
    values = []
    for token in _NUMBER.findall(text):
        try:
            values.append(float(token.replace(',', '')))
        except ValueError:
            continue
    return values


def _same_row(box_a: list[float], box_b: list[float]) -> bool:
    """Vertical overlap of at least half the smaller box height."""
    a0, a1 = min(box_a[1::2]), max(box_a[1::2])
    b0, b1 = min(box_b[1::2]), max(box_b[1::2])
    overlap = min(a1, b1) - max(a0, b0)
    return overlap >= 0.5 * max(min(a1 - a0, b1 - b0), 1)


def _run_lines(texts: list[str], target: str, taken: set[int],
               min_score: float = 70.0) -> set[int]:
    """The run of consecutive lines whose concatenation best matches
    ``target`` (fuzzy ratio above ``min_score``), each line being a fuzzy
    fragment of ``target`` or containing it (company names and addresses
    span one or several lines)."""
    if not target:
        return set()
    inside = [i not in taken and len(t) >= 3 and
              fuzz.partial_ratio(t, target) >= 85 for i, t in enumerate(texts)]
    best, best_score = set(), min_score
    start = 0
    while start < len(texts):
        if not inside[start]:
            start += 1
            continue
        end = start
        while end + 1 < len(texts) and inside[end + 1]:
            end += 1
        # the best-matching sub-run of this run of candidate lines
        for i in range(start, end + 1):
            for j in range(i, end + 1):
                score = fuzz.ratio(' '.join(texts[i:j + 1]), target)
                if score > best_score:
                    best, best_score = set(range(i, j + 1)), score
        start = end + 1
    return best


def _date_lines(texts: list[str], date: str, taken: set[int]) -> set[int]:
    if not date:
        return set()
    compact = date.replace(' ', '')
    lines = [t.replace(' ', '') for t in texts]
    return {i for i, t in enumerate(lines) if i not in taken and
            (compact in t or (len(compact) >= 6 and len(t) >= len(compact) - 1
                              and fuzz.partial_ratio(compact, t) >= 90))}


def _total_lines(texts: list[str], boxes: list[list[float]], total: str,
                 taken: set[int]) -> set[int]:
    amount = _amount(total) if total else None
    if amount is None:
        return set()
    holders = [i for i, t in enumerate(texts)
               if i not in taken and any(abs(v - amount) < 1e-6
                                         for v in _numbers(t))]
    captions = [i for i, t in enumerate(texts)
                if 'TOTAL' in t.replace(' ', '') and 'SUBTOTAL' not in
                t.replace(' ', '')]
    near = {i for i in holders
            if i in captions or any(_same_row(boxes[i], boxes[c])
                                    for c in captions)}
    return near or set(holders)


def label_lines(texts: list[str], boxes: list[list[float]],
                keys: dict[str, str]) -> list[int]:
    """Class index of each text line of one receipt (see module doc)."""
    norm = [_norm(t) for t in texts]
    labels = [OTHER] * len(texts)
    company = _run_lines(norm, _norm(keys.get('company', '')), set())
    address = _run_lines(norm, _norm(keys.get('address', '')), company)
    date = _date_lines(norm, _norm(keys.get('date', '')), company | address)
    total = _total_lines(norm, boxes, _norm(keys.get('total', '')),
                         company | address | date)
    for indices, cls in ((company, COMPANY), (address, ADDRESS), (date, DATE),
                         (total, TOTAL)):
        for i in indices:
            labels[i] = cls
    return labels


def convert_sample(root: str, name: str) -> dict | None:
    """One receipt as a WildReceipt json object; ``None`` (with a warning)
    when it has no key file or no text line."""
    key_file = osp.join(root, 'key', name + '.json')
    if not osp.isfile(key_file):
        warnings.warn(f'{name}: no key file {key_file}; skipped', stacklevel=2)
        return None
    with open(key_file, encoding='utf-8-sig') as f:
        try:
            keys = json.load(f)
        except json.JSONDecodeError as err:
            raise ValueError(f'{key_file}: not valid json ({err.msg})') from None
    if not isinstance(keys, dict):
        raise ValueError(f'{key_file}: expected a json object of key fields, '
                         f'got {type(keys).__name__}')
    missing = [k for k in KEY_FIELDS if k not in keys]
    if missing:
        warnings.warn(f'{key_file}: missing key field(s) {missing}',
                      stacklevel=2)
    instances = read_sroie_boxes(osp.join(root, 'box', name + '.csv'))
    if not instances:
        warnings.warn(f'{name}: no text line; skipped', stacklevel=2)
        return None
    image = sroie_image(root, name)
    with Image.open(image) as img:
        width, height = img.size
    boxes = [quad for quad, _ in instances]
    texts = [text for _, text in instances]
    labels = label_lines(texts, boxes, {k: str(v) for k, v in keys.items()})
    return dict(file_name=f'image_files/{osp.basename(image)}', height=height,
                width=width,
                annotations=[dict(box=box, text=text, label=label)
                             for box, text, label in zip(boxes, texts, labels)])


def _link_images(root: str, out_dir: str) -> None:
    link = osp.join(out_dir, 'image_files')
    target = osp.abspath(osp.join(root, 'img'))
    if osp.islink(link) and os.readlink(link) == target:
        return
    if osp.lexists(link):
        raise FileExistsError(f'{link} exists and is not a link to {target}; '
                              'remove it first')
    os.symlink(target, link)


def convert(root: str, out_dir: str, val_ratio: float = 0.1,
            seed: int = 0) -> dict[str, int]:
    """Write the dataset (see module doc); return per-class line counts."""
    os.makedirs(out_dir, exist_ok=True)
    train, test = sroie_split(root, val_ratio, seed)
    counts = dict.fromkeys(CLASSES, 0)
    for split, names in (('train', train), ('test', test)):
        lines = []
        for name in names:
            try:
                doc = convert_sample(root, name)
            except (OSError, ValueError) as err:  # bad image/key/box file
                warnings.warn(f'{name}: skipped ({err})', stacklevel=2)
                continue
            if doc is None:
                continue
            for ann in doc['annotations']:
                counts[CLASSES[ann['label']]] += 1
            lines.append(json.dumps(doc, ensure_ascii=False) + '\n')
        atomic_write_text(osp.join(out_dir, f'{split}.txt'), ''.join(lines))
    atomic_write_text(osp.join(out_dir, 'class_list.txt'),
                      ''.join(f'{i} {c}\n' for i, c in enumerate(CLASSES)))
    atomic_write_text(osp.join(out_dir, 'dict.txt'),
                      '\n'.join(WILDRECEIPT_CHARS) + '\n')
    _link_images(root, out_dir)
    return counts


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Convert SROIE (img/, box/, key/) to a WildReceipt-format '
        'KIE dataset.')
    parser.add_argument('root', help='SROIE root with img/, box/ and key/.')
    parser.add_argument('-o', '--out-dir', default='data/sroie_kie',
                        help='Output folder.')
    parser.add_argument('--val-ratio', type=float, default=0.1,
                        help='Share of receipts in test.txt.')
    parser.add_argument('--seed', type=int, default=0, help='Split seed.')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    counts = convert(args.root, args.out_dir, args.val_ratio, args.seed)
    print(f'wrote {args.out_dir}: text lines per class {counts}')
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'sroie_to_kie.py'))
