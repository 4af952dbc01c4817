"""Image file helpers: decoding (shared by the loading pipelines, the
visualisation and the dataset converters) and EXIF orientation."""
from __future__ import annotations

import os
import os.path as osp

import cv2
import numpy as np

from mmocr.utils.errors import InvalidTypeError, InvalidValueError

from .errors import ImageLoadError
from .fileio import check_file_exist

__all__ = ['imfrombytes', 'imread', 'read_image_bytes', 'check_image_args',
           'drop_orientation', 'is_not_png', 'IMAGE_EXTENSIONS']

#: Suffixes (lower case) of the image files a folder is scanned for.
IMAGE_EXTENSIONS = ('.jpg', '.jpeg', '.png', '.bmp', '.webp', '.tif', '.tiff')

_COLOR_FLAGS = {
    'color': cv2.IMREAD_COLOR,
    'color_ignore_orientation': cv2.IMREAD_COLOR | cv2.IMREAD_IGNORE_ORIENTATION,
    'grayscale': cv2.IMREAD_GRAYSCALE,
    'grayscale_ignore_orientation':
    cv2.IMREAD_GRAYSCALE | cv2.IMREAD_IGNORE_ORIENTATION,
    'unchanged': cv2.IMREAD_UNCHANGED,
}


def check_image_args(color_type: str, channel_order: str) -> None:
    """Check the ``color_type`` / ``channel_order`` of an image loader."""
    if color_type not in _COLOR_FLAGS:
        raise InvalidValueError(f'color_type must be one of '
                                f'{sorted(_COLOR_FLAGS)}, got {color_type!r}')
    if channel_order not in ('bgr', 'rgb'):
        raise InvalidValueError(f'channel_order must be "bgr" or "rgb", got '
                                f'{channel_order!r}')


def imfrombytes(content: bytes, flag: str = 'color',
                channel_order: str = 'bgr', source: str = '<bytes>'
                ) -> np.ndarray:
    """Decode an encoded image with OpenCV.

    ``color`` types decode to ``uint8`` BGR ``(H, W, 3)`` (16-bit scaled to
    8-bit, alpha dropped; ``color`` applies the EXIF orientation,
    ``color_ignore_orientation`` does not); ``grayscale`` to ``(H, W)``;
    ``unchanged`` keeps depth and channels.

    Raises:
        ImageLoadError: ``content`` is empty or cannot be decoded; the message
            names ``source``.
    """
    check_image_args(flag, channel_order)
    if not content:
        raise ImageLoadError(f'image file is empty: {source}')
    img = cv2.imdecode(np.frombuffer(content, np.uint8), _COLOR_FLAGS[flag])
    if img is None or img.size == 0:
        raise ImageLoadError(f'cannot decode image (corrupt or unsupported '
                             f'format): {source}')
    if channel_order == 'rgb' and img.ndim == 3 and img.shape[2] >= 3:
        img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB if img.shape[2] == 3 else
                           cv2.COLOR_BGRA2RGBA)
    return img


def read_image_bytes(img_file: str) -> bytes:
    """The content of the image file ``img_file``.

    Raises:
        ImageLoadError: the file is missing, a folder or unreadable (the
            message names it).
    """
    try:
        with open(img_file, 'rb') as f:
            return f.read()
    except FileNotFoundError:
        raise ImageLoadError(f'image file not found: {img_file}') from None
    except IsADirectoryError:
        raise ImageLoadError(f'image path is a directory: {img_file}') from None
    except OSError as err:
        raise ImageLoadError(f'cannot read image {img_file}: {err}') from None


def imread(img_file: str, flag: str = 'color',
           channel_order: str = 'bgr') -> np.ndarray:
    """Read and decode the image file ``img_file`` (see :func:`imfrombytes`
    for ``flag`` and ``channel_order``).

    Raises:
        ImageLoadError: the file is missing, unreadable, empty or cannot be
            decoded (the message names it).
    """
    return imfrombytes(read_image_bytes(img_file), flag, channel_order,
                       source=img_file)


def _check_name(img_file: str) -> None:
    if not isinstance(img_file, str) or not img_file:
        raise InvalidTypeError(f'img_file must be a non-empty str, got {img_file!r}')


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

    Raises:
        FileNotFoundError: ``img_file`` does not exist.
        ImageLoadError: ``img_file`` is empty or cannot be decoded.
    """
    _check_name(img_file)
    check_file_exist(img_file, 'image file "{}" does not exist')
    content = read_image_bytes(img_file)
    stored = imfrombytes(content, 'unchanged', source=img_file)
    oriented = imfrombytes(content, 'color', source=img_file)
    if stored.shape[:2] == oriented.shape[:2]:
        return img_file
    target_file = osp.splitext(img_file)[0] + '.png'
    ok, encoded = cv2.imencode('.png', stored)
    if not ok:
        raise InvalidValueError(f'cannot encode "{img_file}" as png')
    encoded.tofile(target_file)
    if osp.abspath(target_file) != osp.abspath(img_file):
        os.remove(img_file)
    print(f'{img_file} has orientation info. Ignore it by converting to png')
    return target_file


def is_not_png(img_file: str) -> bool:
    """True when ``img_file``'s extension is not ``.png`` / ``.PNG``."""
    _check_name(img_file)
    return osp.splitext(img_file)[1] not in ('.PNG', '.png')
