"""Write the README demo images with the synthetic text engine.

Deterministic for a given set of installed fonts (see docs/en/synth.md):

    python tools/data/synth/make_demo_images.py --out demo/

writes ``demo_text_ocr.jpg`` (a receipt), ``demo_text_det.jpg`` (a scene),
``demo_text_recog.jpg`` (one cropped word), ``demo_kie.jpg`` (a receipt
with company, date, address and total) and ``demo_curved.jpg`` (a scene of
curved lines, ``gen_det.py --curved``); ``--with-gt`` adds a ``.json`` of
each image's ground truth (line polygons and texts) next to it; ``--only
demo_curved`` writes just the named images.
"""
from __future__ import annotations

import argparse
import json
import os
import os.path as osp

import numpy as np

from mmocr.datasets.synth import (
    CLEAN_RECEIPT,
    DetConfig,
    DetGenerator,
    FontPool,
    encode_image,
)
from mmocr.datasets.synth.backgrounds import paper
from mmocr.datasets.synth.det import instances_to_annotations
from mmocr.datasets.synth.render import composite, render_line

# (file stem, DetConfig options, seed); sample 0 of each.
_PAGES = (
    # body text at a common scan resolution (22-30 px fonts)
    ('demo_text_ocr', dict(CLEAN_RECEIPT, max_size=1024,
                          receipt_font_size=(22, 30)), 15),
    ('demo_kie', dict(kind='receipt', max_size=1024, scan_prob=1.0), 23),
    ('demo_text_det', dict(kind='scene', max_size=768, corpus='words'), 4),
    ('demo_curved', dict(kind='curved', max_size=768, corpus='words'), 4),
)
_RECOG_WORD = 'Synthetic'


def _write(path: str, data: bytes) -> None:
    with open(path, 'wb') as f:
        f.write(data)
    print(f'{path}: {len(data) / 1024:.0f} KiB')


def _write_gt(path: str, record: dict) -> None:
    with open(path, 'w', encoding='utf-8') as f:
        json.dump(record, f, ensure_ascii=False, indent=1)


def _page(out: str, stem: str, options: dict, seed: int,
          with_gt: bool) -> None:
    gen = DetGenerator(DetConfig(**{'seed': seed, 'degrade': False,
                                    'jpeg_quality': 85, **options}))
    img, instances = gen.sample(0)
    _write(osp.join(out, f'{stem}.jpg'), encode_image(img, 'jpg', 85))
    if with_gt:
        h, w = img.shape[:2]
        _write_gt(osp.join(out, f'{stem}.json'), {
            'file_name': f'{stem}.jpg', 'height': h, 'width': w,
            'annotations': instances_to_annotations(instances, 'line', w, h)})


def _word(out: str, with_gt: bool) -> None:
    pool = FontPool(_RECOG_WORD)
    fonts = pool.candidates(_RECOG_WORD, 'scene')
    info = next((f for f in fonts if 'Bold' in f.name and not f.italic),
                fonts[0])
    layout = render_line(_RECOG_WORD, FontPool.load(info, 48), pad=10)
    rng = np.random.default_rng(0)
    h, w = layout.mask.shape
    bg = paper(rng, h, w, tone=235.0)
    img = composite(bg, layout.mask, np.float32([40, 60, 140]))
    x0, y0 = np.floor(layout.line_quad.min(0)).astype(int) - 6
    x1, y1 = np.ceil(layout.line_quad.max(0)).astype(int) + 6
    crop = img[max(y0, 0):y1, max(x0, 0):x1]
    _write(osp.join(out, 'demo_text_recog.jpg'), encode_image(crop, 'jpg',
                                                              92))
    if with_gt:
        _write_gt(osp.join(out, 'demo_text_recog.json'),
                  {'file_name': 'demo_text_recog.jpg', 'text': _RECOG_WORD})


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--out', default='demo', help='output folder')
    parser.add_argument('--with-gt', action='store_true',
                        help='also write each image\'s ground truth json')
    stems = [p[0] for p in _PAGES] + ['demo_text_recog']
    parser.add_argument('--only', nargs='+', choices=stems, default=stems,
                        help='write only these images')
    args = parser.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    for stem, options, seed in _PAGES:
        if stem in args.only:
            _page(args.out, stem, options, seed, args.with_gt)
    if 'demo_text_recog' in args.only:
        _word(args.out, args.with_gt)


if __name__ == '__main__':
    main()
