"""Render synthetic text recognition samples into an lmdb or image folder.

Example:
    python tools/data/synth/gen_recog.py --out data/synth_recog --num 100000 \
        --workers 8 --seed 0 --corpus mixed --charset DICT91
    python tools/data/synth/gen_recog.py --out data/chinese_synth/val \
        --num 2000 --seed 1 --format txt --corpus chinese \
        --charset mmocr/model_zoo/dicts/chinese_level1_ascii.txt
"""
from __future__ import annotations

import argparse
import os.path as osp
import sys

from mmocr.apis.utils import run_tool
from mmocr.datasets.synth import (
    LmdbRecogWriter,
    RecogConfig,
    RecogGenerator,
    TxtRecogWriter,
    run_generator,
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--out', required=True,
                        help='output folder (lmdb folder or image folder)')
    parser.add_argument('--num', type=int, required=True,
                        help='number of samples')
    parser.add_argument('--workers', type=int, default=1)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--font-dir', action='append', default=[],
                        help='extra font folder (repeatable)')
    parser.add_argument('--no-fontconfig', action='store_true',
                        help='use only the fonts of --font-dir')
    parser.add_argument('--bg-dir', action='append', default=[],
                        help='folder of text-free images for backgrounds '
                        '(repeatable)')
    parser.add_argument('--corpus', default='mixed',
                        help='words, receipt, random, numbers, dates, '
                        'prices, mixed, chinese (Chinese text lines from the '
                        '--charset dictionary) or a word/line list file')
    parser.add_argument('--charset', default='DICT91',
                        help='DICT36, DICT90, DICT91, ASCII or a dict file')
    parser.add_argument('--height', type=int, default=32,
                        help='image height (0: keep the rendered size)')
    parser.add_argument('--format', choices=('lmdb', 'txt'), default='lmdb')
    parser.add_argument('--img-format', choices=('jpg', 'png'),
                        default='jpg')
    parser.add_argument('--line-prob', type=float, default=0.5,
                        help='chance of a multi-word line')
    parser.add_argument('--max-words', type=int, default=5)
    parser.add_argument('--document-prob', type=float, default=None,
                        help='chance of the receipt/paper style (default: '
                        'from the corpus)')
    parser.add_argument('--font-size', type=int, nargs=2, default=(22, 56),
                        metavar=('MIN', 'MAX'),
                        help='em size range before resizing to --height; '
                        'small sizes give the blurred, upscaled look of '
                        'low-resolution crops (default: 22 56)')
    parser.add_argument('--no-progress', action='store_true')
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.num < 1 or args.workers < 1:
        raise ValueError('--num and --workers must be >= 1')
    cfg = RecogConfig(seed=args.seed, corpus=args.corpus,
                      charset=args.charset, font_dirs=tuple(args.font_dir),
                      use_fontconfig=not args.no_fontconfig,
                      bg_dirs=tuple(args.bg_dir), height=args.height,
                      line_prob=args.line_prob, max_words=args.max_words,
                      document_prob=args.document_prob,
                      font_size=tuple(args.font_size),
                      img_format=args.img_format)
    # bad fonts/backgrounds/corpus/charset, no fonts or an unusable --out
    # raise user errors that run_tool prints as one line
    generator = RecogGenerator(cfg)
    writer = (LmdbRecogWriter(args.out) if args.format == 'lmdb' else
              TxtRecogWriter(args.out, args.img_format))
    try:
        rate = run_generator(generator, args.num,
                             lambda _, sample: writer.add(*sample),
                             workers=args.workers, desc='recog',
                             progress=not args.no_progress)
    finally:
        writer.close()
    print(f'{writer.count} samples ({len(generator.fonts)} fonts) written to '
          f'{osp.abspath(args.out)}: {rate:.1f} samples/s')


if __name__ == '__main__':
    sys.exit(run_tool(main, 'gen_recog.py'))
