#!/usr/bin/env python
"""Text detection on a folder or a list of images (MMOCR 0.x's script)::

    python tools/det_test_imgs.py IMG_ROOT [IMG_LIST] CONFIG CHECKPOINT \\
        [--score-thr 0.5] [--out-dir ./results] [--device cuda:0]

Without ``IMG_LIST`` every image file of the folder ``IMG_ROOT`` is read;
with it, the path on each line (the first field; relative to ``IMG_ROOT``).
Under ``--out-dir``, for each image ``NAME.EXT``:

* ``out_vis_dir/NAME.EXT``: the boundaries scoring over ``--score-thr``
  drawn on the image;
* ``out_txt_dir/NAME.txt``: one line per such boundary, ``x1,y1,...,xn,yn,
  score`` with every value rounded to an integer (MMOCR 0.x's format, the
  score included: it reads 1 for a score over 0.5).

An image that cannot be read is skipped and named on stderr; the exit
status is then 1.
"""
from __future__ import annotations

import argparse
import os.path as osp
import sys

from mmocr.apis import init_detector, model_inference
from mmocr.apis.batch import (
    ListedImage,
    add_source_args,
    finish,
    list_images,
    run_each,
)
from mmocr.apis.utils import run_tool
from mmocr.utils.errors import InvalidValueError
from mmocr.utils.fileio import list_to_file, mkdir_or_exist

PROG = 'det_test_imgs.py'


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=PROG, description='Detect text in a folder or list of images')
    add_source_args(parser, 'img_root', 'detection',
                    'file with one image path per line (default: every '
                    'image of IMG_ROOT)')
    parser.add_argument('--score-thr', type=float, default=0.5,
                        help='boundary score threshold, in (0, 1) [0.5]')
    parser.add_argument('--out-dir', default='./results',
                        help='where the drawings and boundary files go '
                        '[./results]')
    args = parser.parse_args(argv)
    if not 0 < args.score_thr < 1:
        raise InvalidValueError(f'--score-thr must be in (0, 1), got '
                                f'{args.score_thr}')
    return args


def boundary_lines(result: dict, score_thr: float) -> list[str]:
    """The boundary file of one image: for each boundary ``[x1, y1, ...,
    score]`` of ``result['boundary_result']`` whose score exceeds
    ``score_thr``, its values rounded to integers, comma-separated."""
    return [','.join(str(round(v)) for v in boundary)
            for boundary in result['boundary_result']
            if boundary[-1] > score_thr]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    items = list_images(args.img_root, args.img_list)
    model = init_detector(args.config, args.checkpoint, device=args.device)
    out_vis_dir = osp.join(args.out_dir, 'out_vis_dir')
    out_txt_dir = osp.join(args.out_dir, 'out_txt_dir')
    mkdir_or_exist(out_vis_dir)
    mkdir_or_exist(out_txt_dir)

    def process(item: ListedImage) -> None:
        result = model_inference(model, item.path)
        if 'boundary_result' not in result:
            raise InvalidValueError(
                f'{args.config} is not a text detection config: its '
                f'{type(model).__name__} gives {sorted(result)}, not '
                'boundary_result')
        img_name = osp.basename(item.path)
        list_to_file(osp.join(out_txt_dir, osp.splitext(img_name)[0] + '.txt'),
                     boundary_lines(result, args.score_thr))
        model.show_result(item.path, result, score_thr=args.score_thr,
                          out_file=osp.join(out_vis_dir, img_name))

    skipped = run_each(items, process, lambda item: item.path, PROG)
    return finish(len(items), skipped, args.out_dir)


if __name__ == '__main__':
    sys.exit(run_tool(main, PROG))
