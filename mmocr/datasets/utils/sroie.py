"""SROIE (ICDAR 2019 receipts) layout helpers shared by the detection and
recognition converters, so that both use the same train/val split.

Layout of ``root``: ``img/NAME.jpg`` (receipt images), ``box/NAME.csv``
(``x1,y1,x2,y2,x3,y3,x4,y4,TEXT`` per line; the text may contain commas)
and optionally ``key/NAME.json``.
"""
from __future__ import annotations

import os
import os.path as osp

from mmocr.utils.errors import InvalidValueError

from .splits import hold_out

__all__ = ['sroie_samples', 'sroie_split', 'sroie_image', 'read_sroie_boxes']

_IMG_EXTS = ('.jpg', '.jpeg', '.png')


def sroie_samples(root: str) -> list[str]:
    """Sorted names of the samples having both an image and a box file.

    Raises:
        FileNotFoundError: ``root/img`` or ``root/box`` is missing.
    """
    img_dir, box_dir = osp.join(root, 'img'), osp.join(root, 'box')
    for folder in (img_dir, box_dir):
        if not osp.isdir(folder):
            raise FileNotFoundError(f'SROIE folder not found: {folder} '
                                    '(expected ROOT/img and ROOT/box)')
    images = {osp.splitext(f)[0] for f in os.listdir(img_dir)
              if f.lower().endswith(_IMG_EXTS)}
    boxes = {osp.splitext(f)[0] for f in os.listdir(box_dir)
             if f.lower().endswith('.csv')}
    return sorted(images & boxes)


def sroie_split(root: str, val_ratio: float = 0.1, seed: int = 0
                ) -> tuple[list[str], list[str]]:
    """Deterministic train/val split of the SROIE samples under ``root``.

    The sorted sample names are shuffled with ``random.Random(seed)`` and
    the first ``round(n * val_ratio)`` go to val.

    Args:
        root: SROIE root (see module doc).
        val_ratio: Share of samples for validation, in ``[0, 1)``.
        seed: Shuffle seed.

    Returns:
        ``(train_names, val_names)``, each sorted.
    """
    if not 0 <= val_ratio < 1:
        raise InvalidValueError(f'val_ratio must be in [0, 1), got {val_ratio}')
    parts = hold_out(sroie_samples(root), seed, val=val_ratio)
    return parts['train'], parts.get('val', [])


def sroie_image(root: str, name: str) -> str:
    """The path of sample ``name``'s image, ``root/img/NAME.<ext>`` (any
    case of ``.jpg``, ``.jpeg``, ``.png``, tried in that order).

    Raises:
        FileNotFoundError: there is no such image.
    """
    for ext in _IMG_EXTS:
        for suffix in (ext, ext.upper()):
            path = osp.join(root, 'img', name + suffix)
            if osp.isfile(path):
                return path
    raise FileNotFoundError(f'no image for SROIE sample {name!r} in '
                            f'{osp.join(root, "img")}')


def read_sroie_boxes(box_file: str) -> list[tuple[list[float], str]]:
    """Parse a SROIE box file into ``[(quad [x1, y1, ..., x4, y4], text)]``.

    Raises:
        ValueError: a line is malformed; the message names file and line.
    """
    instances = []
    with open(box_file, encoding='utf-8-sig') as f:
        for line_no, line in enumerate(f, 1):
            line = line.rstrip('\r\n')
            if not line.strip():
                continue
            parts = line.split(',', 8)
            try:
                if len(parts) != 9:
                    raise InvalidValueError('expected 8 coordinates and a text')
                quad = [float(v) for v in parts[:8]]
            except ValueError as err:
                raise InvalidValueError(f'{box_file}:{line_no}: malformed SROIE box '
                                        f'line ({err}): {line!r}') from None
            instances.append((quad, parts[8]))
    return instances
