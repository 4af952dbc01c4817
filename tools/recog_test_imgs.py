#!/usr/bin/env python
"""Text recognition on a folder or a list of images (MMOCR 0.x's script)::

    python tools/recog_test_imgs.py IMG_ROOT_PATH [IMG_LIST] CONFIG \\
        CHECKPOINT [--out-dir ./results] [--show] [--device cuda:0]

Without ``IMG_LIST`` every image file of the folder ``IMG_ROOT_PATH`` is
read; with it, each line is ``PATH [LABEL]`` (``PATH`` relative to
``IMG_ROOT_PATH``, ``LABEL`` the ground truth: the rest of the line). Under
``--out-dir`` (0.x's ``--out_dir`` also works):

* ``out_vis_dir/NAME``: the image with the predicted text (and the label)
  drawn under it, ``NAME`` being ``PATH`` with ``/`` replaced by ``_``;
  ``correct/NAME`` or ``wrong/NAME`` too for a labelled image;
* ``results.txt``: one line ``IMAGE_PATH PREDICTION LABEL`` per image;
  ``correct.txt`` and ``wrong.txt``: those lines of the labelled images
  read right and wrong;
* ``TIMESTAMP.log``: the log, with the accuracies (word accuracy, 1-N.E.D,
  ...) when every image is labelled.

``--show`` displays each drawing instead of writing ``out_vis_dir``. An
image that cannot be read is skipped and named on stderr; the exit status is
then 1.
"""
from __future__ import annotations

import argparse
import os.path as osp
import sys
import time

from mmocr.apis import init_detector, model_inference
from mmocr.apis.batch import (
    ListedImage,
    add_source_args,
    finish,
    list_images,
    run_each,
)
from mmocr.apis.utils import run_tool
from mmocr.core.evaluation.ocr_metric import eval_ocr_metric
from mmocr.core.visualize.image_io import write_image
from mmocr.utils.errors import InvalidValueError
from mmocr.utils.fileio import list_to_file, mkdir_or_exist
from mmocr.utils.logger import get_root_logger

PROG = 'recog_test_imgs.py'


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=PROG, description='Recognize text in a folder or list of images')
    add_source_args(parser, 'img_root_path', 'recognition',
                    'file of "PATH [LABEL]" lines (default: every image of '
                    'IMG_ROOT_PATH, unlabelled)')
    parser.add_argument('--out-dir', '--out_dir', dest='out_dir',
                        default='./results',
                        help='where the drawings and result files go '
                        '[./results]')
    parser.add_argument('--show', action='store_true',
                        help='display the drawings instead of writing them')
    return parser.parse_args(argv)


def result_lines(paths: list[str], preds: list[str], labels: list[str]
                 ) -> dict[str, list[str]]:
    """The three result files: ``{'results.txt': every line, 'correct.txt':
    the labelled lines read right, 'wrong.txt': the labelled lines read
    wrong}``; a line is ``IMAGE_PATH PREDICTION LABEL``."""
    lines = [f'{path} {pred} {label}'
             for path, pred, label in zip(paths, preds, labels)]
    return {'results.txt': lines,
            'correct.txt': [line for line, pred, label in
                            zip(lines, preds, labels) if label and
                            pred == label],
            'wrong.txt': [line for line, pred, label in
                          zip(lines, preds, labels) if label and
                          pred != label]}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    items = list_images(args.img_root_path, args.img_list)
    mkdir_or_exist(args.out_dir)
    timestamp = time.strftime('%Y%m%d_%H%M%S', time.localtime())
    logger = get_root_logger(log_file=osp.join(args.out_dir,
                                               f'{timestamp}.log'))
    model = init_detector(args.config, args.checkpoint, device=args.device)
    dirs = {name: osp.join(args.out_dir, name)
            for name in ('out_vis_dir', 'correct', 'wrong')}
    for folder in dirs.values():
        mkdir_or_exist(folder)
    paths, preds, labels = [], [], []

    def process(item: ListedImage) -> None:
        result = model_inference(model, item.path)
        if 'text' not in result:
            raise InvalidValueError(
                f'{args.config} is not a text recognition config: its '
                f'{type(model).__name__} gives {sorted(result)}, not text')
        out_name = '_'.join(item.name.split('/'))
        drawn = model.show_result(
            item.path, result, gt_label=item.label, show=args.show,
            out_file=None if args.show else osp.join(dirs['out_vis_dir'],
                                                     out_name))
        if item.label:
            verdict = 'correct' if result['text'] == item.label else 'wrong'
            write_image(drawn, osp.join(dirs[verdict], out_name))
        paths.append(item.path)
        preds.append(result['text'])
        labels.append(item.label)

    skipped = run_each(items, process, lambda item: item.path, PROG)
    for name, lines in result_lines(paths, preds, labels).items():
        list_to_file(osp.join(args.out_dir, name), lines)
    if preds and all(labels):
        logger.info(f'eval on {len(preds)} images of {args.img_root_path} '
                    f'(list {args.img_list}): '
                    f'{eval_ocr_metric(preds, labels)}')
    return finish(len(items), skipped, args.out_dir)


if __name__ == '__main__':
    sys.exit(run_tool(main, PROG))
