"""Image file helpers used by the dataset converters."""
from __future__ import annotations

import os
import os.path as osp

import cv2
import numpy as np

from .fileio import check_file_exist

__all__ = ['drop_orientation', 'is_not_png']


def _imread(img_file: str, flag: int) -> np.ndarray:
    data = np.fromfile(img_file, dtype=np.uint8)
    img = cv2.imdecode(data, flag)
    if img is None:
        raise ValueError(f'cannot decode image file "{img_file}"')
    return img


def _check_name(img_file: str) -> None:
    if not isinstance(img_file, str) or not img_file:
        raise TypeError(f'img_file must be a non-empty str, got {img_file!r}')


def drop_orientation(img_file: str) -> str:
    """Drop the EXIF orientation of an image, as MMOCR's converters do.

    Annotations refer to the stored pixel grid, but an image with an EXIF
    rotation is loaded rotated. If ``img_file``'s EXIF orientation changes its
    shape, the stored pixels are written (without EXIF) to a ``.png`` next to
    it, **the original file is deleted** (overwritten for a ``.png``), and
    the ``.png`` path is returned;
    otherwise ``img_file`` is returned unchanged.

    Args:
        img_file: Path of the image.

    Returns:
        The path of the image to use.
    """
    _check_name(img_file)
    check_file_exist(img_file, 'image file "{}" does not exist')
    stored = _imread(img_file, cv2.IMREAD_UNCHANGED)
    oriented = _imread(img_file, cv2.IMREAD_COLOR)
    if stored.shape[:2] == oriented.shape[:2]:
        return img_file
    target_file = osp.splitext(img_file)[0] + '.png'
    ok, encoded = cv2.imencode('.png', stored)
    if not ok:
        raise ValueError(f'cannot encode "{img_file}" as png')
    encoded.tofile(target_file)
    if osp.abspath(target_file) != osp.abspath(img_file):
        os.remove(img_file)
    print(f'{img_file} has orientation info. Ignore it by converting to png')
    return target_file


def is_not_png(img_file: str) -> bool:
    """True when ``img_file``'s extension is not ``.png`` / ``.PNG``."""
    _check_name(img_file)
    return osp.splitext(img_file)[1] not in ('.PNG', '.png')
