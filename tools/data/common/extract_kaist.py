#!/usr/bin/env python
"""Unpack the KAIST scene text database into the layout of its converters
(``tools/data/textdet/kaist_converter.py``,
``tools/data/textrecog/kaist_converter.py``): ``ROOT/imgs/NNNNN.jpg`` and
``ROOT/annotations/NNNNN.xml``.

The download is ``ROOT/KAIST/{English,Korean,Mixed}/{Digital_Camera,
Mobile_Phone}/*.zip``, each zip holding images and their XML files side by
side. The pairs are numbered from 00000 in that order (zips sorted by
name). As in MMOCR 0.x, an XML file that does not parse, or one without a
``.jpg``/``.JPG`` image beside it, is left out (with a warning naming it).
Unlike 0.x, the zips and the ``KAIST`` folder are kept (0.x deleted
them); the zips are extracted into a temporary folder in ROOT, removed at
the end::

    python tools/data/common/extract_kaist.py data/kaist

A missing ``ROOT/KAIST`` folder is one error line; a missing language or
camera folder, or a zip that does not open, is skipped with a warning.
"""
from __future__ import annotations

import argparse
import os
import os.path as osp
import shutil
import sys
import tempfile
import warnings
import zipfile

from mmocr.apis.utils import run_tool
from mmocr.datasets.utils import AnnotationParseError
from mmocr.datasets.utils.det_convert import check_folders, load_xml_annotation

LANGUAGES = ('English', 'Korean', 'Mixed')
CAMERAS = ('Digital_Camera', 'Mobile_Phone')


def zip_files(root: str) -> list[str]:
    """The zips of the download, in numbering order."""
    check_folders([osp.join(root, 'KAIST')])
    zips = []
    for language in LANGUAGES:
        for camera in CAMERAS:
            folder = osp.join(root, 'KAIST', language, camera)
            if not osp.isdir(folder):
                warnings.warn(f'folder not found: {folder}; skipped',
                              stacklevel=2)
                continue
            zips += [osp.join(folder, f) for f in sorted(os.listdir(folder))
                     if f.lower().endswith('.zip')]
    return zips


def image_pairs(folder: str) -> list[tuple[str, str]]:
    """``(image, xml)`` of the extracted files of one zip, sorted; broken
    XML files and those without an image are left out with a warning."""
    pairs = []
    for dirpath, _, files in sorted(os.walk(folder)):
        for name in sorted(files):
            stem, ext = osp.splitext(name)
            if ext.lower() != '.xml':
                continue
            xml_file = osp.join(dirpath, name)
            try:
                load_xml_annotation(xml_file)
            except AnnotationParseError as err:
                warnings.warn(f'{err}; skipped', stacklevel=2)
                continue
            img = next((osp.join(dirpath, stem + e) for e in ('.jpg', '.JPG')
                        if osp.isfile(osp.join(dirpath, stem + e))), None)
            if img is None:
                warnings.warn(f'{xml_file}: no {stem}.jpg beside it; skipped',
                              stacklevel=2)
                continue
            pairs.append((img, xml_file))
    return pairs


def extract(root: str) -> int:
    """Unpack every zip; returns the number of image/XML pairs written."""
    zips = zip_files(root)
    img_dir, ann_dir = osp.join(root, 'imgs'), osp.join(root, 'annotations')
    os.makedirs(img_dir, exist_ok=True)
    os.makedirs(ann_dir, exist_ok=True)
    count = 0
    with tempfile.TemporaryDirectory(dir=root, prefix='.kaist_') as tmp:
        for k, zip_path in enumerate(zips):
            dst = osp.join(tmp, str(k))
            try:
                with zipfile.ZipFile(zip_path) as archive:
                    archive.extractall(dst)
            except zipfile.BadZipFile as err:
                warnings.warn(f'{zip_path}: {err}; skipped', stacklevel=2)
                continue
            for img, xml_file in image_pairs(dst):
                shutil.move(img, osp.join(img_dir, f'{count:05d}.jpg'))
                shutil.move(xml_file, osp.join(ann_dir, f'{count:05d}.xml'))
                count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description='Extract the KAIST zips')
    parser.add_argument('root_path', help='KAIST root (holding KAIST/)')
    args = parser.parse_args(argv)
    count = extract(args.root_path)
    print(f'{count} images -> {osp.join(args.root_path, "imgs")}')
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'extract_kaist.py'))
