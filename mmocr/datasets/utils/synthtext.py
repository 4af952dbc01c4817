"""SynthText's ground truth (``gt.mat``, Gupta et al. 2016), read for the
SynthText converters (``tools/data/textdet/synthtext_converter.py``,
``tools/data/textrecog/synthtext_converter.py``).

``gt.mat`` holds, per image ``i``: ``imnames[i]`` (a path relative to the
image folder), ``txt[i]`` (text instances; each may hold several words
separated by spaces or newlines), ``wordBB[i]`` ``(2, 4, n_words)`` and
``charBB[i]`` ``(2, 4, n_chars)`` (x and y of the 4 corners, clockwise
from the top-left; a 2-d array when there is only one box).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.io import loadmat  # optional dependency (requirements/optional.txt)
from scipy.io.matlab import MatReadError

from mmocr.utils.errors import AnnotationParseError

__all__ = ['SynthTextImage', 'load_synthtext_gt', 'char_boundary']


@dataclass
class SynthTextImage:
    """One image of ``gt.mat``.

    Attributes:
        name: Image path relative to the image folder.
        words: The ``n`` words (``txt`` split on whitespace).
        word_quads: ``(n, 8)`` float word quadrilaterals.
        char_quads: One ``(len(word), 8)`` array of character quads per word.
    """
    name: str
    words: list[str]
    word_quads: np.ndarray
    char_quads: list[np.ndarray]


def _quads(boxes: np.ndarray, what: str) -> np.ndarray:
    """``(2, 4, n)`` or ``(2, 4)`` -> ``(n, 8)`` ``[x1, y1, ..., x4, y4]``."""
    boxes = np.asarray(boxes, dtype=np.float64)
    if boxes.ndim == 2:
        boxes = boxes[:, :, None]
    if boxes.ndim != 3 or boxes.shape[:2] != (2, 4):
        raise AnnotationParseError(f'{what}: expected boxes of shape (2, 4, n), '
                                   f'got {boxes.shape}')
    return boxes.transpose(2, 1, 0).reshape(-1, 8)


def _words(txt) -> list[str]:
    if isinstance(txt, str):
        return txt.split()
    return [word for line in np.ravel(txt) for word in str(line).split()]


def load_synthtext_gt(mat_file: str) -> list[SynthTextImage]:
    """Every image of a SynthText ``gt.mat``.

    Raises:
        FileNotFoundError: no such file.
        AnnotationParseError: the file is not a SynthText ``gt.mat``, or an
            image's words, word boxes and character boxes do not match (the
            message names the image).
    """
    try:
        mat = loadmat(mat_file, simplify_cells=True)
    except (MatReadError, ValueError, TypeError, IndexError) as err:
        raise AnnotationParseError(f'{mat_file}: not a MATLAB file ({err})') from err
    missing = [k for k in ('imnames', 'txt', 'wordBB', 'charBB') if k not in mat]
    if missing:
        raise AnnotationParseError(f'{mat_file}: no {", ".join(missing)} (is it '
                                   "SynthText's gt.mat?)")
    names, texts = np.ravel(mat['imnames']), np.ravel(mat['txt'])
    word_bbs, char_bbs = mat['wordBB'], mat['charBB']
    if isinstance(word_bbs, np.ndarray) and word_bbs.dtype != object:
        word_bbs, char_bbs = [word_bbs], [char_bbs]  # a single image
    if not len(names) == len(texts) == len(word_bbs) == len(char_bbs):
        raise AnnotationParseError(
            f'{mat_file}: {len(names)} imnames, {len(texts)} txt, '
            f'{len(word_bbs)} wordBB and {len(char_bbs)} charBB')
    images = []
    for i, (name, txt, word_bb, char_bb) in enumerate(
            zip(names, texts, word_bbs, char_bbs)):
        where = f'{mat_file}: image {i} ({name})'
        words = _words(txt)
        word_quads = _quads(word_bb, f'{where} wordBB')
        chars = _quads(char_bb, f'{where} charBB')
        lengths = [len(w) for w in words]
        if len(words) != len(word_quads) or sum(lengths) != len(chars):
            raise AnnotationParseError(
                f'{where}: {len(words)} words of {sum(lengths)} characters, '
                f'but {len(word_quads)} word boxes and {len(chars)} '
                'character boxes')
        ends = np.cumsum(lengths)
        images.append(SynthTextImage(str(name), words, word_quads,
                                     np.split(chars, ends[:-1])))
    return images


def char_boundary(char_quads: np.ndarray) -> np.ndarray:
    """A word's polygon traced along its characters: the top-left and
    top-right corners of each character from the first to the last, then
    the bottom-right and bottom-left corners from the last back to the
    first (so curved or bent words keep their shape).

    Args:
        char_quads: ``(k, 8)`` character quads in reading order.

    Returns:
        ``(4k,)`` flat polygon ``[x1, y1, ...]``.
    """
    pts = np.asarray(char_quads, dtype=np.float64).reshape(-1, 4, 2)
    top = pts[:, :2].reshape(-1, 2)
    bottom = pts[::-1, 2:].reshape(-1, 2)
    return np.concatenate([top, bottom]).reshape(-1)
