#!/usr/bin/env python
"""Deprecated: write a label txt file's lines into a label-only lmdb.

    python tools/data/utils/txt2lmdb.py -i label.txt -o label.lmdb

Writes MMOCR's old layout (``total_number`` and keys ``0``, ``1``, ...),
still read by ``AnnFileLoader(file_format='lmdb')``. Prefer
``tools/data/utils/lmdb_converter.py``, which also packs the images.
"""
from __future__ import annotations

import argparse
import sys
import warnings

from mmocr.apis.utils import run_tool
from mmocr.utils.lmdb_util import DEFAULT_MAP_SIZE, lmdb_converter


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Convert a label txt file to a (deprecated) label lmdb')
    parser.add_argument('--imgs', '-i', required=True,
                        help='Label txt file ("filename text" lines)')
    parser.add_argument('--output', '-o', required=True,
                        help='Output lmdb directory')
    parser.add_argument('--batch-size', '-b', type=int, default=1000,
                        help='Lines per write transaction')
    parser.add_argument('--coding', '-c', default='utf-8',
                        help='Text encoding of the label file')
    parser.add_argument('--lmdb-map-size', '-l', type=int,
                        default=DEFAULT_MAP_SIZE,
                        help='Maximum lmdb size in bytes')
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    print('note: txt2lmdb writes a deprecated layout; use '
          'tools/data/utils/lmdb_converter.py instead', file=sys.stderr)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', DeprecationWarning)
        count = lmdb_converter(args.imgs, args.output, args.batch_size,
                               args.coding, args.lmdb_map_size)
    print(f'wrote {count} lines to {args.output}')
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'txt2lmdb.py'))
