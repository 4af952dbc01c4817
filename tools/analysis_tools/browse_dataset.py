#!/usr/bin/env python
"""Draw what a config's training pipeline feeds the model: ``python
tools/analysis_tools/browse_dataset.py CONFIG [--output-dir DIR]
[--not-show] [--show-interval 2] [--show-number N] [--phase train]
[--skip-type TYPE ...] [--cfg-options K=V ...]``.

Each sample of ``data.{phase}`` goes through the pipeline without its
formatting steps (``--skip-type``, by default ``Normalize``,
``NormalizeOCR``, ``DefaultFormatBundle``, ``CustomFormatBundle``,
``KIEFormatBundle``, ``ImageToTensor``, ``ToTensorOCR``, ``Collect`` and
the target generators ``*Targets``, which replace the polygons by maps;
shell-style patterns allowed), so the augmented image is still an image.
Drawn on it: the ground-truth polygons (``gt_masks``, green;
``gt_masks_ignore``, red) of detection samples, the text (``text``) of
recognition samples below the image. The drawings are saved as
``DIR/NNNNN_NAME`` (``NNNNN``: the sample's index) and, unless
``--not-show``, shown in a window for ``--show-interval`` seconds each::

    python tools/analysis_tools/browse_dataset.py \\
        configs/textdet/dbnet/dbnet_r18_fpnc_toy.py --output-dir vis \\
        --not-show --show-number 10
"""
from __future__ import annotations

import argparse
import os.path as osp
import sys
from fnmatch import fnmatchcase
from typing import Any

import cv2
import numpy as np
from tqdm import tqdm

from mmocr.apis.utils import load_tool_config, run_tool
from mmocr.core.visualize import imshow_text_label, show_image
from mmocr.core.visualize.image_io import write_image
from mmocr.datasets import build_dataset
from mmocr.utils import DictAction
from mmocr.utils.errors import InvalidValueError

SKIP_TYPES = ['Normalize', 'NormalizeOCR', 'DefaultFormatBundle',
              'CustomFormatBundle', 'KIEFormatBundle', 'ImageToTensor',
              'ToTensorOCR', 'Collect', '*Targets']
GT_COLOR, IGNORE_COLOR = (0, 255, 0), (0, 0, 255)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Draw the samples of a dataset after its pipeline')
    parser.add_argument('config', help='config file path')
    parser.add_argument('--output-dir', '-o', help='save the drawings here')
    parser.add_argument('--not-show', action='store_true',
                        help='do not show them in a window')
    parser.add_argument('--show-interval', type=float, default=2,
                        help='seconds each drawing is shown [2]')
    parser.add_argument('--show-number', '-n', type=int, default=None,
                        help='draw this many samples (default: all)')
    parser.add_argument('--phase', default='train',
                        choices=['train', 'val', 'test'],
                        help='the data.{phase} set [train]')
    parser.add_argument('--skip-type', nargs='*', default=SKIP_TYPES,
                        help='pipeline steps to leave out')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='override settings, KEY=VALUE pairs')
    args = parser.parse_args(argv)
    if args.not_show and not args.output_dir:
        parser.error('--not-show needs --output-dir')
    if args.show_number is not None and args.show_number <= 0:
        raise InvalidValueError(f'--show-number must be > 0, got '
                                f'{args.show_number}')
    return args


def drop_steps(cfg: Any, skip: list[str]) -> None:
    """Remove the steps whose ``type`` matches a pattern of ``skip``
    (:func:`fnmatch.fnmatchcase`) from every
    ``pipeline`` (and nested ``transforms``) list of a dataset config, in
    place."""
    if isinstance(cfg, list):
        for item in cfg:
            drop_steps(item, skip)
        return
    if not isinstance(cfg, dict):
        return
    for key in ('pipeline', 'transforms'):
        steps = cfg.get(key)
        if isinstance(steps, list) and all(isinstance(s, dict) for s in steps):
            cfg[key] = [s for s in steps if not any(
                fnmatchcase(str(s.get('type')), p) for p in skip)]
    for value in cfg.values():
        if isinstance(value, (dict, list)):
            drop_steps(value, skip)


def to_bgr(img: np.ndarray) -> np.ndarray:
    """A ``uint8`` BGR copy of a pipeline image (gray or float ones
    included)."""
    img = np.asarray(img)
    if img.dtype != np.uint8:
        img = np.clip(img, 0, 255).astype(np.uint8)
    if img.ndim == 2 or img.shape[2] == 1:
        return cv2.cvtColor(img.reshape(img.shape[:2]), cv2.COLOR_GRAY2BGR)
    return np.ascontiguousarray(img[..., :3]).copy()


def polygons(masks: Any) -> list[np.ndarray]:
    """The polygons ``(n, 1, 2)`` int32 of a ``PolygonMasks`` (none for
    bitmap masks or a missing field)."""
    instances = getattr(masks, 'masks', None)
    if not isinstance(instances, list):
        return []
    return [np.round(np.asarray(p, np.float64)).astype(np.int32)
            .reshape(-1, 1, 2) for instance in instances for p in instance]


def draw_sample(results: dict) -> np.ndarray:
    """The drawing of one pipeline output: detection polygons on the image,
    or the recognition text below it."""
    img = to_bgr(results['img'])
    if 'text' in results and 'gt_masks' not in results:
        return imshow_text_label(img, '', gt_label=str(results['text']))
    for key, color in (('gt_masks', GT_COLOR),
                       ('gt_masks_ignore', IGNORE_COLOR)):
        cv2.polylines(img, polygons(results.get(key)), True, color, 1)
    return img


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    cfg = load_tool_config(args.config, args.cfg_options)
    data_cfg = cfg.data[args.phase]
    drop_steps(data_cfg, args.skip_type)
    dataset = build_dataset(data_cfg, cfg_path=f'data.{args.phase}')
    number = len(dataset) if args.show_number is None else min(
        args.show_number, len(dataset))
    for i in tqdm(range(number), desc='samples'):
        results = dataset[i]
        drawing = draw_sample(results)
        name = osp.basename(str(results.get('ori_filename')
                                or results.get('filename') or f'{i}.jpg'))
        if args.output_dir:
            write_image(drawing, osp.join(args.output_dir, f'{i:05d}_{name}'))
        if not args.not_show:
            show_image(drawing, name, int(args.show_interval * 1000))
    print(f'{number} samples drawn'
          + (f' -> {args.output_dir}' if args.output_dir else ''))
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'browse_dataset.py'))
