#!/usr/bin/env python
"""Crop SynthText's words (MMOCR 0.x's ``synthtext_converter.py``).

For each word of ``ANNO_PATH`` (SynthText's ``gt.mat``) whose image lies
under ``IMG_PATH``, writes the crop of its box's extent to
``OUT_DIR/<image folder>/<image stem>_<i>.png`` and a label file beside it,
``<image stem>_<i>.txt``: the word on the first line, then one line
``x1 y1 x2 y2 x3 y3 x4 y4`` per character box, relative to the crop (the
layout MMOCR 0.x's char-box data uses)::

    python tools/data/textrecog/synthtext_converter.py data/synthtext/gt.mat \\
        data/synthtext/imgs data/synthtext/crops --n_proc 8

Crops already written (both files present) are kept, so a killed run
resumes. Unreadable images and boxes with no pixel inside their image are
skipped with a warning; a missing or mismatched ``gt.mat`` is one error line.
"""
from __future__ import annotations

import argparse
import os
import os.path as osp
import sys
import warnings
from functools import partial

import cv2
import numpy as np

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils.synthtext import SynthTextImage, load_synthtext_gt
from mmocr.utils.errors import ImageLoadError
from mmocr.utils.fileio import atomic_write_text
from mmocr.utils.img_util import imread
from mmocr.utils.parallel import parallel_map


def crop_image(image: SynthTextImage, img_root: str, out_dir: str) -> int:
    """Write the crops and labels of one image; returns how many words
    have both files (written now or before)."""
    folder, stem = osp.split(image.name)
    stem = osp.splitext(stem)[0]
    out_sub = osp.join(out_dir, folder)
    os.makedirs(out_sub, exist_ok=True)
    todo = [i for i in range(len(image.words)) if not (
        osp.exists(osp.join(out_sub, f'{stem}_{i}.png'))
        and osp.exists(osp.join(out_sub, f'{stem}_{i}.txt')))]
    done = len(image.words) - len(todo)
    if not todo:
        return done
    try:
        img = imread(osp.join(img_root, image.name))
    except ImageLoadError as err:
        warnings.warn(f'{err}; its {len(todo)} words skipped', stacklevel=2)
        return done
    height, width = img.shape[:2]
    for i in todo:
        quad = np.maximum(image.word_quads[i].round(), 0).astype(int)
        x0, x1 = quad[0::2].min(), min(quad[0::2].max(), width)
        y0, y1 = quad[1::2].min(), min(quad[1::2].max(), height)
        if x1 <= x0 or y1 <= y0:
            warnings.warn(f'{image.name}: word {i} ({image.words[i]!r}) has no '
                          'pixel inside the image; skipped', stacklevel=2)
            continue
        chars = np.maximum(image.char_quads[i].round(), 0).astype(int)
        chars = chars - np.tile([x0, y0], 4)
        name = osp.join(out_sub, f'{stem}_{i}')
        if not cv2.imwrite(name + '.png', img[y0:y1, x0:x1]):
            raise OSError(f'cannot write {name}.png')
        atomic_write_text(name + '.txt', image.words[i] + '\n' + ''.join(
            ' '.join(map(str, box)) + '\n' for box in chars.tolist()))
        done += 1
    return done


def convert(anno_path: str, img_path: str, out_dir: str,
            n_proc: int = 1) -> int:
    """Crop every word; returns the number of crops in ``out_dir``."""
    images = load_synthtext_gt(anno_path)
    worker = partial(crop_image, img_root=img_path, out_dir=out_dir)
    return sum(parallel_map(worker, images, n_proc, desc='images'))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Crop SynthText's words for MMOCR's recognizers")
    parser.add_argument('anno_path', help='path of gt.mat')
    parser.add_argument('img_path', help='folder of the images')
    parser.add_argument('out_dir', help='folder of the crops and labels')
    parser.add_argument('--n_proc', type=int, default=1,
                        help='number of processes')
    args = parser.parse_args(argv)
    num = convert(args.anno_path, args.img_path, args.out_dir, args.n_proc)
    print(f'{num} word crops -> {args.out_dir}')
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'synthtext_converter.py'))
