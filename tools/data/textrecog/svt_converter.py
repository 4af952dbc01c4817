#!/usr/bin/env python
"""Crop the words of the Street View Text test set into recognition
samples, with the label file ``test_label.txt``.

The input is the unzipped ``svt.zip`` (MMOCR 0.x's layout: ROOT holds
``test.xml`` and ``img/``). Each ``<taggedRectangle x y width height>``
of ``test.xml`` is cut out of its ``<imageName>`` (clipped to the image;
``--resize`` scales the crops to ``--width`` x ``--height``) into
``OUT/image/img_NNNN.jpg``, numbered from 1 in the file's order. Each label
line is ``image/img_NNNN.jpg word lexicon``, lower-cased as in MMOCR 0.x
(SVT's words are upper-case), the image's ``<lex>`` words comma-separated
(use ``img_prefix=OUT``; ``LineStrParser`` reads the first two fields)::

    python tools/data/textrecog/svt_converter.py data/svt/svt1 --nproc 4

A rectangle without integer ``x``, ``y``, ``width`` and ``height`` or a
``<tag>`` is skipped with a warning naming the file, image and rectangle;
an unreadable image is skipped with a warning; a missing or broken
``test.xml`` is one error line.
"""
from __future__ import annotations

import argparse
import os.path as osp
import sys
import warnings
import xml.etree.ElementTree as ET

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils.det_convert import load_xml_annotation
from mmocr.datasets.utils.recog_convert import (
    crop_words,
    print_label_counts,
    write_recog_labels,
    xywh_quad,
)

BOX_KEYS = ('x', 'y', 'width', 'height')


def _box(rect: ET.Element) -> tuple[list[int], str] | None:
    """``([x, y, w, h], word)`` of a ``<taggedRectangle>``, or ``None``."""
    tag = rect.find('tag')
    try:
        box = [int(rect.attrib[k]) for k in BOX_KEYS]
    except (KeyError, ValueError):
        return None
    if tag is None or not (tag.text or '').strip():
        return None
    return box, tag.text.strip()


def read_svt_jobs(xml_file: str, root: str) -> list[tuple]:
    """Crop jobs (see :func:`mmocr.datasets.utils.crop_words`) of an SVT
    xml file; the crop texts are ``word lexicon`` (lower-cased).

    Raises:
        FileNotFoundError: no such file.
        AnnotationParseError: not valid XML.
    """
    jobs, index = [], 1
    for k, image in enumerate(load_xml_annotation(xml_file).iter('image')):
        name = (image.findtext('imageName') or '').strip()
        lex = (image.findtext('lex') or '').strip().lower()
        words = []
        for j, rect in enumerate(image.iter('taggedRectangle')):
            parsed = _box(rect) if name else None
            if parsed is None:
                warnings.warn(f'{xml_file}: image {k} ({name or "no name"}) '
                              f'rectangle {j}: skipped, expected integer '
                              f'{", ".join(BOX_KEYS)} and a <tag> '
                              f'({ET.tostring(rect, "unicode")[:100]!r})',
                              stacklevel=2)
                continue
            box, word = parsed
            words.append((f'image/img_{index:04}.jpg', xywh_quad(box),
                          f'{word.lower()} {lex}'.rstrip()))
            index += 1
        if words:
            jobs.append((osp.join(root, name), words))
    return jobs


def convert(root: str, out_dir: str, resize: tuple[int, int] | None = None,
            nproc: int = 1) -> dict[str, int]:
    """Crop the test set; returns ``{'test': number of samples}``."""
    jobs = read_svt_jobs(osp.join(root, 'test.xml'), root)
    samples = crop_words(jobs, out_dir, nproc, resize, desc='test')
    return {'test': write_recog_labels(
        samples, osp.join(out_dir, 'test_label.txt'), 'txt')}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description='Crop the SVT test words into recognition samples')
    parser.add_argument('root_path', help='SVT root holding test.xml, e.g. '
                        'data/svt/svt1')
    parser.add_argument('-o', '--out-dir', help='output directory for '
                        'image/ and test_label.txt (default: root_path)')
    parser.add_argument('--resize', action='store_true',
                        help='resize the crops to --width x --height')
    parser.add_argument('--height', default=32, type=int,
                        help='resize height')
    parser.add_argument('--width', default=100, type=int, help='resize width')
    parser.add_argument('--nproc', default=1, type=int,
                        help='number of processes')
    args = parser.parse_args(argv)
    out_dir = args.out_dir or args.root_path
    resize = (args.width, args.height) if args.resize else None
    print_label_counts(convert(args.root_path, out_dir, resize, args.nproc),
                       out_dir, 'txt')
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'svt_converter.py'))
