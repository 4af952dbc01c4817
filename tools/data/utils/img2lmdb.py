#!/usr/bin/env python
"""Pack recognition images and their labels into an lmdb, with the options
of MMOCR 0.x's ``img2lmdb.py`` (its successor is ``lmdb_converter.py``,
which this script shares its code with)::

    python tools/data/utils/img2lmdb.py -i data/toy/imgs \\
        -l data/toy/label.txt \\
        -o data/toy/imgs.lmdb

``-l`` names a label file of ``-f`` format (``txt``: ``filename text``
lines; ``jsonl``: json lines with ``filename`` and ``text``), whose
extension must be that format, as 0.x checked. The database holds
``num-samples`` and ``image-000000001``/``label-000000001``, ...
(1-based): read it with ``LoadImageFromLMDB``. (0.x's img2lmdb named the
count ``total_number``; ``num-samples`` is the key its loaders and every
later version read.) An image that does not decode, or an empty label,
is skipped with a warning; a missing image is one error line.
"""
from __future__ import annotations

import argparse
import os.path as osp
import sys

from mmocr.apis.utils import run_tool
from mmocr.utils.errors import InvalidValueError
from mmocr.utils.lmdb_util import DEFAULT_MAP_SIZE, recog2lmdb


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Convert a recognition dataset in MMOCR form to lmdb')
    parser.add_argument('--imgs-path', '-i', required=True,
                        help='folder of the images')
    parser.add_argument('--label-path', '-l', required=True,
                        help='label file')
    parser.add_argument('--label-format', '-f', default='txt',
                        choices=['txt', 'jsonl'], help='label file format')
    parser.add_argument('--output', '-o', required=True,
                        help='output lmdb folder')
    parser.add_argument('--batch-size', '-b', type=int, default=1000,
                        help='records per write transaction [1000]')
    parser.add_argument('--coding', '-c', default='utf-8',
                        help='encoding of the labels [utf-8]')
    parser.add_argument('--lmdb-map-size', type=int, default=DEFAULT_MAP_SIZE,
                        help='largest size the database may grow to, in '
                        'bytes')
    args = parser.parse_args(argv)
    ext = osp.splitext(args.label_path)[1].lstrip('.')
    if ext != args.label_format:
        raise InvalidValueError(f'--label-path {args.label_path!r} does not '
                                f'end with .{args.label_format} (the '
                                '--label-format)')
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    count = recog2lmdb(args.imgs_path, args.label_path, args.output,
                       label_format=args.label_format,
                       batch_size=args.batch_size, encoding=args.coding,
                       lmdb_map_size=args.lmdb_map_size, show_progress=True)
    print(f'Created lmdb dataset with {count} samples: {args.output}')
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'img2lmdb.py'))
