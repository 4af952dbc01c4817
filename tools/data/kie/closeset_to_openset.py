#!/usr/bin/env python
"""Convert WildReceipt-style close-set KIE annotations to the open-set format.

Close-set labels pair up as ``(value, key) = (1, 2), (3, 4), ..., (23, 24)``
with ``0`` Ignore and ``25`` Others. In the open-set file every box gets a
node label (0 background, 1 key, 2 value, 3 others) and an ``edge`` id: a key
and a value of the same close-set pair share one id; every other box gets an
id of its own. ::

    python tools/data/kie/closeset_to_openset.py data/wildreceipt/train.txt \
        data/wildreceipt/openset_train.txt
"""
from __future__ import annotations

import argparse
import json
import sys
from functools import partial

from mmocr.apis.utils import run_tool
from mmocr.utils.fileio import atomic_write_text, list_from_file
from mmocr.utils.parallel import parallel_map

BACKGROUND, KEY, VALUE, OTHERS = 0, 1, 2, 3
DOC_KEYS = ('file_name', 'height', 'width', 'annotations')


def convert(closeset_line: str, merge_bg_others: bool = False,
            ignore_idx: int = 0, others_idx: int = 25,
            where: str = '<line>') -> str:
    """One close-set json line -> one open-set json line.

    Args:
        closeset_line: ``{"file_name", "height", "width", "annotations"}``.
        merge_bg_others: Label Others boxes as background too.
        ignore_idx: Close-set index of Ignore.
        others_idx: Close-set index of Others; keys are the even and values
            the odd indices below it.
        where: ``file:line`` used in error messages.

    Raises:
        ValueError: the line is not such a json object, or has an unknown
            label (the message names ``where``).
    """
    try:
        closeset = json.loads(closeset_line)
    except json.JSONDecodeError as err:
        raise ValueError(f'{where}: not valid json ({err.msg})') from None
    if not isinstance(closeset, dict):
        raise ValueError(f'{where}: expected a json object with keys '
                         f'{list(DOC_KEYS)}, got {type(closeset).__name__}')
    missing = [k for k in DOC_KEYS if k not in closeset]
    if missing:
        raise ValueError(f'{where}: missing key(s) {missing}')
    if not isinstance(closeset['annotations'], list) or not all(
            isinstance(ann, dict) for ann in closeset['annotations']):
        raise ValueError(f'{where}: "annotations" must be a list of objects')
    value_inds = list(range(1, others_idx, 2))
    key_inds = [v + 1 for v in value_inds]
    pair_edge: dict[int, int] = {}
    next_edge = 1
    annotations = []
    for j, ann in enumerate(closeset['annotations']):
        label = ann.get('label')
        if label == ignore_idx:
            node = BACKGROUND
        elif label == others_idx:
            node = BACKGROUND if merge_bg_others else OTHERS
        elif label in key_inds:
            node = KEY
        elif label in value_inds:
            node = VALUE
        else:
            raise ValueError(f'{where}: annotation {j} has label {label!r}, '
                             f'not in 0..{others_idx}')
        if node in (KEY, VALUE):
            pair = label if node == VALUE else label - 1
            if pair not in pair_edge:
                pair_edge[pair] = next_edge
                next_edge += 1
            edge = pair_edge[pair]
        else:
            edge = next_edge
            next_edge += 1
        annotations.append(dict(ann, label=node, edge=edge))
    openset = dict(file_name=closeset['file_name'], height=closeset['height'],
                   width=closeset['width'], annotations=annotations)
    return json.dumps(openset, ensure_ascii=False)


def _convert_item(item: tuple[int, str], in_file: str,
                  merge_bg_others: bool) -> str:
    line_no, line = item
    return convert(line, merge_bg_others, where=f'{in_file}:{line_no}')


def process(in_file: str, out_file: str, merge_bg_others: bool = False,
            n_proc: int = 10) -> int:
    """Convert every non-empty line of ``in_file``; return the line count."""
    items = [(i, line) for i, line in enumerate(list_from_file(in_file), 1)
             if line.strip()]
    worker = partial(_convert_item, in_file=in_file,
                     merge_bg_others=merge_bg_others)
    lines = parallel_map(worker, items, n_proc)
    atomic_write_text(out_file, ''.join(line + '\n' for line in lines))
    return len(lines)


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Convert close-set KIE annotations (WildReceipt) to the '
        'open-set format.')
    parser.add_argument('in_file', help='Close-set annotation file.')
    parser.add_argument('out_file', help='Open-set annotation file.')
    parser.add_argument('--merge', action='store_true',
                        help='Merge "background" and "others" into one class.')
    parser.add_argument('--n_proc', type=int, default=10,
                        help='Number of processes.')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    count = process(args.in_file, args.out_file, args.merge, args.n_proc)
    print(f'converted {count} documents: {args.out_file}')
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'closeset_to_openset.py'))
