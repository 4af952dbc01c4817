"""Render synthetic text detection images (receipts, scenes or curved
scenes) with line-json and/or COCO annotations.

Examples:
    python tools/data/synth/gen_det.py --out data/synth_det --num 5000 \
        --workers 8 --seed 0 --kind mixed --level line
    # curved lines with CTW1500-style 14-point polygons
    python tools/data/synth/gen_det.py --curved --out data/curved_synth/train \
        --num 2000 --workers 8 --seed 0 --max-size 640
"""
from __future__ import annotations

import argparse
import os.path as osp
import sys

from mmocr.apis.utils import run_tool
from mmocr.datasets.synth import DetConfig, DetGenerator, DetWriter, run_generator
from mmocr.datasets.synth.curves import CURVE_KINDS, POLY_STYLES


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0].replace("\n", " "))
    parser.add_argument('--out', required=True, help='output folder')
    parser.add_argument('--num', type=int, required=True,
                        help='number of images')
    parser.add_argument('--workers', type=int, default=1)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--kind', choices=('receipt', 'scene', 'mixed'),
                        default='mixed')
    parser.add_argument('--level', choices=('line', 'word'), default='line')
    parser.add_argument('--curved', action='store_true',
                        help='scenes of text bent along arcs, waves, partial '
                        'circles and bent lines, with polygon boundaries '
                        '(replaces --kind)')
    parser.add_argument('--curve-kinds', nargs='+', choices=CURVE_KINDS,
                        default=list(CURVE_KINDS),
                        help='curves used by --curved')
    parser.add_argument('--poly-style', choices=tuple(POLY_STYLES),
                        default='ctw1500',
                        help='--curved boundaries: ctw1500 (14 points) or '
                        'totaltext (4-24 points, as the curvature needs)')
    parser.add_argument('--poly-points', type=int, default=0,
                        help='--curved boundaries: points per side (>= 2), '
                        'overriding --poly-style')
    parser.add_argument('--max-size', type=int, default=1024,
                        help='longest image side')
    parser.add_argument('--split', default='training',
                        help='annotation files are instances_<split>.*')
    parser.add_argument('--ann-format', choices=('txt', 'coco', 'both'),
                        default='both',
                        help='line-json (txt), COCO json or both')
    parser.add_argument('--font-dir', action='append', default=[])
    parser.add_argument('--no-fontconfig', action='store_true')
    parser.add_argument('--bg-dir', action='append', default=[],
                        help='folder of text-free images for scenes')
    parser.add_argument('--corpus', default='mixed',
                        help='text source of scene instances')
    parser.add_argument('--charset', default='ASCII')
    parser.add_argument('--no-distractors', action='store_true',
                        help='no rules/barcodes/scribbles on receipts')
    parser.add_argument('--no-progress', action='store_true')
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.num < 1 or args.workers < 1:
        raise ValueError('--num and --workers must be >= 1')
    cfg = DetConfig(seed=args.seed,
                    kind='curved' if args.curved else args.kind,
                    level=args.level,
                    max_size=args.max_size, charset=args.charset,
                    corpus=args.corpus, font_dirs=tuple(args.font_dir),
                    use_fontconfig=not args.no_fontconfig,
                    bg_dirs=tuple(args.bg_dir),
                    distractors=not args.no_distractors,
                    curve_kinds=tuple(args.curve_kinds),
                    poly_style=args.poly_style, poly_points=args.poly_points)
    formats = ('txt', 'coco') if args.ann_format == 'both' else \
        (args.ann_format,)
    # bad fonts/backgrounds/corpus/charset, no fonts or an unusable --out
    # raise user errors that run_tool prints as one line
    generator = DetGenerator(cfg)
    writer = DetWriter(args.out, args.split, formats)
    try:
        rate = run_generator(generator, args.num,
                             lambda _, sample: writer.add(*sample),
                             workers=args.workers,
                             desc='curved' if args.curved else 'det',
                             progress=not args.no_progress)
    finally:
        writer.close()
    print(f'{writer.count} images written to {osp.abspath(args.out)} '
          f'(img_prefix: {osp.abspath(writer.img_dir)}): {rate:.1f} '
          'images/s')


if __name__ == '__main__':
    sys.exit(run_tool(main, 'gen_det.py'))
