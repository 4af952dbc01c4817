"""Reading the image to draw on and writing the drawing."""
from __future__ import annotations

import os

import cv2
import numpy as np

from mmocr.utils.img_util import imread


def read_image(img: str | np.ndarray) -> np.ndarray:
    """``img`` itself, or the BGR image read from the file ``img``
    (:class:`ImageLoadError` naming it when missing, empty or corrupt)."""
    return img if isinstance(img, np.ndarray) else imread(img, 'color')


def write_image(img: np.ndarray, out_file: str) -> None:
    """Write ``img`` to ``out_file`` (format from its extension, PNG
    without one), creating its folder."""
    out_dir = os.path.dirname(os.path.abspath(out_file))
    os.makedirs(out_dir, exist_ok=True)
    ext = os.path.splitext(out_file)[1] or '.png'
    ok, buf = cv2.imencode(ext, img)
    if not ok:
        raise OSError(f'cannot encode image as {ext} for {out_file}')
    buf.tofile(out_file)
