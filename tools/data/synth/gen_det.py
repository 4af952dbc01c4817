"""Render synthetic text detection images (receipts and scenes) with
line-json and/or COCO annotations.

Example:
    python tools/data/synth/gen_det.py --out data/synth_det --num 5000 \
        --workers 8 --seed 0 --kind mixed --level line
"""
from __future__ import annotations

import argparse
import os.path as osp
import sys

from mmocr.apis.utils import run_tool
from mmocr.datasets.synth import DetConfig, DetGenerator, DetWriter, run_generator


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
    cfg = DetConfig(seed=args.seed, kind=args.kind, level=args.level,
                    max_size=args.max_size, charset=args.charset,
                    corpus=args.corpus, font_dirs=tuple(args.font_dir),
                    use_fontconfig=not args.no_fontconfig,
                    bg_dirs=tuple(args.bg_dir),
                    distractors=not args.no_distractors)
    formats = ('txt', 'coco') if args.ann_format == 'both' else \
        (args.ann_format,)
    # bad fonts/backgrounds/corpus/charset, no fonts or an unusable --out
    # raise user errors that run_tool prints as one line
    generator = DetGenerator(cfg)
    writer = DetWriter(args.out, args.split, formats)
    try:
        rate = run_generator(generator, args.num,
                             lambda _, sample: writer.add(*sample),
                             workers=args.workers, desc='det',
                             progress=not args.no_progress)
    finally:
        writer.close()
    print(f'{writer.count} images written to {osp.abspath(args.out)} '
          f'(img_prefix: {osp.abspath(writer.img_dir)}): {rate:.1f} '
          'images/s')


if __name__ == '__main__':
    sys.exit(run_tool(main, 'gen_det.py'))
