"""The shared skeleton of the detection dataset converters
(``tools/data/textdet/*_converter.py``): pair images with ground-truth
files, read each image's size and instances (in parallel, with a progress
bar) and write MMOCR's COCO ``instances_{split}.json`` and line-json
``instances_{split}.txt``. A converter supplies how a ground-truth file is
named and how it is read."""
from __future__ import annotations

import os
import os.path as osp
import warnings
from functools import partial
from typing import Callable

from mmocr.utils.data_convert_util import convert_annotations
from mmocr.utils.errors import ImageLoadError
from mmocr.utils.fileio import atomic_write_text
from mmocr.utils.img_util import imread
from mmocr.utils.parallel import parallel_map

from .det_annotations import det_info_to_line

__all__ = ['IMG_EXTS', 'collect_det_files', 'load_det_image_info',
           'convert_det_splits']

IMG_EXTS = ('.jpg', '.jpeg', '.png', '.gif', '.bmp')

#: ``gt_name(image stem, split) -> ground-truth file name``.
GtName = Callable[[str, str], str]
#: ``load_annos(gt_file, split) -> [COCO instance, ...]``.
LoadAnnos = Callable[[str, str], list]


def collect_det_files(img_dir: str, gt_dir: str, split: str,
                      gt_name: GtName) -> list[tuple[str, str]]:
    """``(image, gt file)`` pairs, sorted by image name; images without a
    gt file are skipped with a warning."""
    for folder in (img_dir, gt_dir):
        if not osp.isdir(folder):
            raise FileNotFoundError(f'folder not found: {folder}')
    pairs = []
    for name in sorted(os.listdir(img_dir)):
        stem, ext = osp.splitext(name)
        if ext.lower() not in IMG_EXTS:
            continue
        gt_file = osp.join(gt_dir, gt_name(stem, split))
        if not osp.isfile(gt_file):
            warnings.warn(f'no ground truth {gt_file} for image '
                          f'{osp.join(img_dir, name)}; skipped', stacklevel=2)
            continue
        pairs.append((osp.join(img_dir, name), gt_file))
    return pairs


def load_det_image_info(files: tuple[str, str], split: str,
                        load_annos: LoadAnnos) -> dict | None:
    """Image info (``file_name`` ``{split}/NAME``, size, ``segm_file``,
    ``anno_info``), or ``None`` with a warning if the image is unreadable."""
    img_file, gt_file = files
    try:
        img = imread(img_file, 'unchanged')
    except ImageLoadError as err:
        warnings.warn(f'{err}; skipped', stacklevel=2)
        return None
    return dict(file_name=f'{split}/{osp.basename(img_file)}',
                height=int(img.shape[0]), width=int(img.shape[1]),
                segm_file=f'{split}/{osp.basename(gt_file)}',
                anno_info=load_annos(gt_file, split))


def convert_det_splits(root: str, out_dir: str, splits: list[str],
                       gt_name: GtName, load_annos: LoadAnnos,
                       nproc: int = 1) -> dict[str, int]:
    """Convert ``root/imgs/{split}`` + ``root/annotations/{split}`` for each
    split; returns the number of images per split. ``gt_name`` and
    ``load_annos`` must be picklable (module-level functions or partials of
    them) when ``nproc > 1``."""
    os.makedirs(out_dir, exist_ok=True)
    counts = {}
    for split in splits:
        files = collect_det_files(osp.join(root, 'imgs', split),
                                  osp.join(root, 'annotations', split),
                                  split, gt_name)
        worker = partial(load_det_image_info, split=split,
                         load_annos=load_annos)
        infos = [i for i in parallel_map(worker, files, nproc, desc=split)
                 if i is not None]
        convert_annotations(infos, osp.join(out_dir, f'instances_{split}.json'))
        atomic_write_text(osp.join(out_dir, f'instances_{split}.txt'),
                          ''.join(det_info_to_line(i) + '\n' for i in infos))
        counts[split] = len(infos)
    return counts
