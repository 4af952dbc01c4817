#!/usr/bin/env python
"""Recognition samples cut along a detector's boxes on SROIE receipts.

A recognizer trained only on crops of the ground-truth boxes reads the
crops of a detector's boxes markedly worse: their margins, skew and cut
characters differ. This tool runs a text detector over the receipts of a
SROIE split, matches its boxes one-to-one to the ground-truth lines (IoU >
``--iou-thr``, greedy by IoU, as the end-to-end metric does) and saves each
matched box's crop, rectified exactly as ``MMOCR`` crops at inference, with
the ground-truth transcript::

    python tools/data/textrecog/sroie_det_crops.py ../shared/data/sroie \\
        -o data/sroie_det_crops --split train \\
        --det-config configs/textdet/dbnet/dbnet_r18w32_fpnc_sroie_synth.py \\
        --det-ckpt mmocr/model_zoo/dbnet_r18w32_fpnc_sroie_synth-4bbd76ad.pth

Writes ``OUT/{split}/NAME_{k:03d}.jpg`` and ``OUT/{split}_label.jsonl``
(the layout of ``sroie_crops_converter.py``). The split is
:func:`mmocr.datasets.utils.sroie.sroie_split`'s: crop the training part
only, or the validation part stops measuring generalisation. A receipt
whose image cannot be read is skipped and reported on stderr.

With ``--ann-file``, the images and lines come from a line-json detection
annotation file instead (``root`` is then its image folder), for instance
synthetic receipts::

    python tools/data/textrecog/sroie_det_crops.py data/synth_det_receipt/imgs \\
        --ann-file data/synth_det_receipt/instances_training.txt \\
        -o data/synth_det_receipt_crops --det-config ... --det-ckpt ...
"""
from __future__ import annotations

import argparse
import os
import os.path as osp
import sys

import cv2
from tqdm import tqdm

if __package__ in (None, ''):  # python tools/data/textrecog/... from anywhere
    sys.path.insert(0, osp.dirname(osp.dirname(osp.dirname(osp.dirname(
        osp.abspath(__file__))))))

from mmocr.apis.inference import init_detector, model_inference  # noqa: E402
from mmocr.apis.utils import run_tool  # noqa: E402
from mmocr.core.evaluation.e2e_metric import match_e2e_lines  # noqa: E402
from mmocr.inference.e2e_eval import (  # noqa: E402
    E2ESample,
    add_sroie_split_args,
    load_linejson_e2e,
    load_sroie_e2e,
)
from mmocr.utils.box_util import clip_boundary, rectify_crop  # noqa: E402
from mmocr.utils.errors import ImageLoadError  # noqa: E402
from mmocr.utils.fileio import atomic_write_text  # noqa: E402
from mmocr.utils.img_util import imread  # noqa: E402
from mmocr.utils.lmdb_util import format_label_lines  # noqa: E402


def matched_crops(img, boundaries: list[list[float]], sample: E2ESample,
                  iou_thr: float = 0.5, min_size: int = 2
                  ) -> list[tuple[int, object, str]]:
    """``(gt index, crop, transcript)`` of the detected boxes matched to a
    ground-truth line of ``sample``; crops thinner than ``min_size`` pixels
    and blank transcripts are left out. Boxes are matched clipped to the
    image, as ``MMOCR`` reports them."""
    preds = [(clip_boundary(b[:-1], img.shape), '') for b in boundaries]
    match = match_e2e_lines(preds, sample.gt, iou_thr=iou_thr)
    out = []
    for g, p in match.pairs:
        text = sample.gt[g][1]
        if not text.strip():
            continue
        crop = rectify_crop(img, boundaries[p][:-1])
        if min(crop.shape[:2]) >= min_size:
            out.append((g, crop, text))
    return out


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Crop SROIE receipts along a detector\'s boxes matched '
        'to the ground-truth lines')
    parser.add_argument('root', help='SROIE root (img/, box/), or the image '
                        'folder of --ann-file')
    parser.add_argument('--ann-file', default='',
                        help='Line-json detection annotations to crop '
                        'instead of a SROIE split')
    parser.add_argument('-o', '--out-dir', default='data/sroie_det_crops',
                        help='Output folder')
    parser.add_argument('--det-config', required=True,
                        help='Text detection config')
    parser.add_argument('--det-ckpt', required=True,
                        help='Text detection checkpoint')
    add_sroie_split_args(parser, default_split='train')
    parser.add_argument('--iou-thr', type=float, default=0.5,
                        help='IoU above which a box matches a line')
    parser.add_argument('--score-thr', type=float, default=0.3,
                        help='Ignore detected boxes scoring lower')
    parser.add_argument('--min-size', type=int, default=2,
                        help='Skip crops thinner than this many pixels')
    parser.add_argument('--device', default='cpu', help='Inference device')
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    samples = (load_linejson_e2e(args.ann_file, args.root) if args.ann_file
               else load_sroie_e2e(args.root, args.split, args.val_ratio,
                                   args.seed, folds=args.folds))
    model = init_detector(args.det_config, args.det_ckpt,
                          device=args.device)
    os.makedirs(osp.join(args.out_dir, args.split), exist_ok=True)
    labels, num_gt = [], 0
    for sample in tqdm(samples, desc=f'cropping {args.split}', unit='img'):
        try:
            img = imread(sample.img_path)
        except ImageLoadError as err:
            tqdm.write(f'skipped receipt {sample.name}: {err}', file=sys.stderr)
            continue
        num_gt += len(sample.gt)
        boundaries = [b for b in model_inference(model, img)['boundary_result']
                      if b[-1] >= args.score_thr]
        for g, crop, text in matched_crops(img, boundaries, sample,
                                           args.iou_thr, args.min_size):
            rel_path = f'{args.split}/{sample.name}_{g:03d}.jpg'
            if not cv2.imwrite(osp.join(args.out_dir, rel_path), crop):
                raise OSError(f'cannot write {osp.join(args.out_dir, rel_path)}')
            labels.append((rel_path, text))
    out_file = osp.join(args.out_dir, f'{args.split}_label.jsonl')
    atomic_write_text(out_file, format_label_lines(labels, 'jsonl'))
    print(f'{args.split}: {len(samples)} receipts, {len(labels)} of {num_gt} '
          f'lines matched by a detected box -> {out_file}')
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'sroie_det_crops.py'))
