#!/usr/bin/env python
"""Pack a text recognition dataset (label file + images) into an lmdb.

    python tools/data/utils/lmdb_converter.py label.txt imgs.lmdb -i imgs
    python tools/data/utils/lmdb_converter.py label.jsonl imgs.lmdb -i imgs -f jsonl
    python tools/data/utils/lmdb_converter.py label.txt label.lmdb --label-only

See :func:`mmocr.utils.lmdb_util.recog2lmdb` for the layouts written.
"""
from __future__ import annotations

import argparse
import sys

from mmocr.apis.utils import run_tool
from mmocr.utils.lmdb_util import DEFAULT_MAP_SIZE, recog2lmdb


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Convert a text recognition dataset to lmdb')
    parser.add_argument('label_path', type=str, help='Path to the label file')
    parser.add_argument('output', type=str, help='Output lmdb directory')
    parser.add_argument('--img-root', '-i', type=str, default=None,
                        help='Folder the label file\'s filenames are '
                        'relative to')
    parser.add_argument('--label-only', action='store_true',
                        help='Only write the labels (as json), no images')
    parser.add_argument('--label-format', '-f', default='txt',
                        choices=['txt', 'jsonl'],
                        help='Label file format: "filename text" lines or '
                        'json lines with filename/text')
    parser.add_argument('--batch-size', type=int, default=1000,
                        help='Records per write transaction')
    parser.add_argument('--encoding', type=str, default='utf-8',
                        help='Text encoding of the label file')
    parser.add_argument('--lmdb-map-size', type=int, default=DEFAULT_MAP_SIZE,
                        help='Maximum lmdb size in bytes')
    parser.add_argument('--no-verify', action='store_true',
                        help='Do not check that every image decodes')
    args = parser.parse_args(argv)
    if not args.label_only and args.img_root is None:
        parser.error('-i/--img-root is required unless --label-only')
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    count = recog2lmdb(args.img_root, args.label_path, args.output,
                       label_format=args.label_format,
                       label_only=args.label_only, batch_size=args.batch_size,
                       encoding=args.encoding,
                       lmdb_map_size=args.lmdb_map_size,
                       verify=not args.no_verify, show_progress=True)
    print(f'wrote {count} samples to {args.output}')
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'lmdb_converter.py'))
