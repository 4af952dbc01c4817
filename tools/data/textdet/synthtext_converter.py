#!/usr/bin/env python
"""Convert SynthText (Gupta et al. 2016) to MMOCR's text detection lmdb.

``SYNTHTEXT_PATH`` holds ``gt.mat`` and ``imgs/`` (the images under the
paths ``gt.mat`` names). Writes ``OUT/synthtext.lmdb``: one json line per
image (``file_name``, ``height``, ``width``, ``annotations``) under keys
``0``, ``1``, ... and ``total_number``, read by ``TextDetDataset`` with
``LmdbLoader`` + ``LineJsonParser`` (MMOCR 0.x's layout). Each word's
polygon follows its characters (the top corners left to right, then the
bottom corners back: curved words keep their shape); its ``bbox`` is the
word box's extent::

    python tools/data/textdet/synthtext_converter.py data/synthtext -o data/synthtext

Image sizes are read from the file headers (an image that cannot be read is
skipped with a warning); a missing ``gt.mat`` or one whose words and boxes
do not match is one error line naming the image.
"""
from __future__ import annotations

import argparse
import json
import os.path as osp
import sys
import warnings
from functools import partial

from PIL import Image, UnidentifiedImageError

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils.synthtext import (
    SynthTextImage,
    char_boundary,
    load_synthtext_gt,
)
from mmocr.utils.lmdb_util import write_line_lmdb
from mmocr.utils.parallel import parallel_map


def image_line(image: SynthTextImage, img_dir: str) -> str | None:
    """The json annotation line of one image, or ``None`` (with a warning)
    when it cannot be read."""
    path = osp.join(img_dir, image.name)
    try:
        with Image.open(path) as img:
            width, height = img.size
    except (OSError, UnidentifiedImageError) as err:
        warnings.warn(f'{path}: cannot read the image ({err}); skipped',
                      stacklevel=2)
        return None
    annotations = []
    for quad, chars in zip(image.word_quads, image.char_quads):
        xs, ys = quad[0::2], quad[1::2]
        annotations.append(dict(
            iscrowd=0, category_id=1,
            bbox=[float(xs.min()), float(ys.min()),
                  float(xs.max() - xs.min()), float(ys.max() - ys.min())],
            segmentation=[char_boundary(chars).round(2).tolist()]))
    return json.dumps(dict(file_name=image.name, height=height, width=width,
                           annotations=annotations))


def convert(root: str, out_dir: str, nproc: int = 1) -> int:
    """Write ``out_dir/synthtext.lmdb``; returns the number of images."""
    images = load_synthtext_gt(osp.join(root, 'gt.mat'))
    lines = parallel_map(partial(image_line, img_dir=osp.join(root, 'imgs')),
                         images, nproc, desc='images', chunksize=64)
    lines = [line for line in lines if line is not None]
    return write_line_lmdb(lines, osp.join(out_dir, 'synthtext.lmdb'))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description='Convert SynthText to a text detection lmdb')
    parser.add_argument('synthtext_path', help='folder of gt.mat and imgs/')
    parser.add_argument('-o', '--out-dir', help='output folder (default: '
                        'synthtext_path)')
    parser.add_argument('--nproc', type=int, default=1)
    args = parser.parse_args(argv)
    out_dir = args.out_dir or args.synthtext_path
    num = convert(args.synthtext_path, out_dir, args.nproc)
    print(f'{num} images -> {osp.join(out_dir, "synthtext.lmdb")}')
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'synthtext_converter.py'))
