"""Tesseract as a text detector and/or recognizer (``det='Tesseract'``,
``recog='Tesseract'`` in :class:`mmocr.inference.MMOCR`).

The engine is reached through ``tesserocr`` when it is installed, else
through ``pytesseract`` (which runs the ``tesseract`` program); without
either, building a backend raises :class:`TesseractNotAvailable` saying
how to install one. Results have the toolbox's formats:

* detection: ``{'boundary_result': [[x1, y1, x2, y1, x2, y2, x1, y2,
  score], ...]}``, one axis-aligned box per text line;
* recognition: ``{'text': str, 'score': float}`` (mean confidence in
  ``[0, 1]``).
"""
from __future__ import annotations

import glob
import os
import os.path as osp
import shutil
from typing import Sequence

import cv2
import numpy as np

from mmocr.core.visualize import imshow_pred_boundary, imshow_text_label

__all__ = ['TesseractNotAvailable', 'TesseractDetector', 'TesseractRecognizer']

_INSTALL_HINT = (
    'Tesseract is not available. Install the engine (Debian/Ubuntu: '
    '`apt-get install tesseract-ocr`; macOS: `brew install tesseract`) and '
    'one Python binding: `pip install pytesseract` (or `pip install '
    'tesserocr`).')
_PSM_SINGLE_LINE = 7
_PSM_SPARSE_TEXT = 11


class TesseractNotAvailable(ImportError):
    """Neither ``tesserocr`` nor ``pytesseract`` with a ``tesseract``
    program can be used."""


def _to_rgb(img: np.ndarray) -> np.ndarray:
    """BGR / gray / BGRA ``uint8`` -> RGB ``(H, W, 3)``."""
    if img.ndim == 2:
        return cv2.cvtColor(img, cv2.COLOR_GRAY2RGB)
    if img.shape[2] == 1:
        return cv2.cvtColor(img[..., 0], cv2.COLOR_GRAY2RGB)
    if img.shape[2] == 4:
        return cv2.cvtColor(img, cv2.COLOR_BGRA2RGB)
    return cv2.cvtColor(img, cv2.COLOR_BGR2RGB)


def _tessdata_dir(lang: str, reported: str | None) -> str | None:
    """A tessdata folder holding ``<lang>.traineddata``: ``TESSDATA_PREFIX``,
    the one the binding reports, or a usual system location."""
    candidates = [os.environ.get('TESSDATA_PREFIX'), reported]
    for pattern in ('/usr/share/tesseract-ocr/*/tessdata',
                    '/usr/share/tesseract-ocr/tessdata', '/usr/share/tessdata',
                    '/usr/local/share/tessdata', '/opt/homebrew/share/tessdata'):
        candidates += sorted(glob.glob(pattern), reverse=True)
    first = lang.split('+')[0]
    for path in candidates:
        if path and osp.isfile(osp.join(path, f'{first}.traineddata')):
            return path
    return None


class _TesserocrEngine:
    """The ``tesserocr`` binding (one API object per page mode)."""

    def __init__(self, lang: str):
        import tesserocr
        self._tesserocr = tesserocr
        reported, _ = tesserocr.get_languages()
        path = _tessdata_dir(lang, reported)
        if path is None:
            raise TesseractNotAvailable(
                f'no {lang}.traineddata found (set TESSDATA_PREFIX to the '
                f'tessdata folder). {_INSTALL_HINT}')
        self._page = tesserocr.PyTessBaseAPI(path=path, lang=lang)
        self._line = tesserocr.PyTessBaseAPI(
            path=path, lang=lang, psm=tesserocr.PSM.SINGLE_LINE)

    def lines(self, rgb: np.ndarray) -> list[tuple[int, int, int, int, float]]:
        from PIL import Image
        self._page.SetImage(Image.fromarray(rgb))
        comps = self._page.GetComponentImages(self._tesserocr.RIL.TEXTLINE,
                                              True)
        return [(c[1]['x'], c[1]['y'], c[1]['w'], c[1]['h'], 1.0)
                for c in comps]

    def read_line(self, rgb: np.ndarray) -> tuple[str, float]:
        from PIL import Image
        self._line.SetImage(Image.fromarray(rgb))
        text = self._line.GetUTF8Text().strip()
        return text, max(self._line.MeanTextConf(), 0) / 100


class _PytesseractEngine:
    """The ``pytesseract`` binding (runs the ``tesseract`` program)."""

    def __init__(self, lang: str):
        import pytesseract
        self._pt = pytesseract
        self.lang = lang
        try:
            pytesseract.get_tesseract_version()
        except (pytesseract.TesseractNotFoundError, OSError) as err:
            raise TesseractNotAvailable(
                f'pytesseract is installed but the tesseract program is not '
                f'({err}). {_INSTALL_HINT}') from err

    def _data(self, rgb: np.ndarray, psm: int) -> dict[str, list]:
        return self._pt.image_to_data(rgb, lang=self.lang,
                                      config=f'--psm {psm}',
                                      output_type=self._pt.Output.DICT)

    def lines(self, rgb: np.ndarray) -> list[tuple[int, int, int, int, float]]:
        data = self._data(rgb, _PSM_SPARSE_TEXT)
        words: dict[tuple[int, int, int], list[int]] = {}
        for i, level in enumerate(data['level']):
            if level == 5 and str(data['text'][i]).strip():
                key = (data['block_num'][i], data['par_num'][i],
                       data['line_num'][i])
                words.setdefault(key, []).append(i)
        lines = []
        for idx in words.values():
            x1 = min(data['left'][i] for i in idx)
            y1 = min(data['top'][i] for i in idx)
            x2 = max(data['left'][i] + data['width'][i] for i in idx)
            y2 = max(data['top'][i] + data['height'][i] for i in idx)
            conf = float(np.mean([max(float(data['conf'][i]), 0) for i in idx]))
            lines.append((x1, y1, x2 - x1, y2 - y1, conf / 100))
        return lines

    def read_line(self, rgb: np.ndarray) -> tuple[str, float]:
        data = self._data(rgb, _PSM_SINGLE_LINE)
        idx = [i for i, level in enumerate(data['level'])
               if level == 5 and str(data['text'][i]).strip()]
        if not idx:
            return '', 0.0
        text = ' '.join(str(data['text'][i]).strip() for i in idx)
        conf = float(np.mean([max(float(data['conf'][i]), 0) for i in idx]))
        return text, conf / 100


def _make_engine(lang: str):
    try:
        import tesserocr  # noqa: F401
    except ImportError:
        pass
    else:
        return _TesserocrEngine(lang)
    try:
        import pytesseract  # noqa: F401
    except ImportError:
        if shutil.which('tesseract'):
            raise TesseractNotAvailable(
                'the tesseract program is installed but no Python binding: '
                '`pip install pytesseract` (or tesserocr)') from None
        raise TesseractNotAvailable(_INSTALL_HINT) from None
    return _PytesseractEngine(lang)


class _TesseractBackend:
    task = ''

    def __init__(self, lang: str = 'eng'):
        self.lang = lang
        self.engine = _make_engine(lang)

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(lang={self.lang!r}, engine='
                f'{type(self.engine).__name__.strip("_")})')


class TesseractDetector(_TesseractBackend):
    """Tesseract's text lines as detection results.

    ``inference(imgs)``: BGR ``uint8`` images -> one ``{'boundary_result':
    [[x1, y1, x2, y1, x2, y2, x1, y2, score], ...]}`` per image (score: the
    mean word confidence with pytesseract, 1.0 with tesserocr).
    """

    task = 'textdet'

    def inference(self, imgs: Sequence[np.ndarray]) -> list[dict]:
        results = []
        for img in imgs:
            boundaries = [[float(v) for v in (x, y, x + w, y, x + w, y + h, x,
                                              y + h)] + [float(score)]
                          for x, y, w, h, score in self.engine.lines(_to_rgb(img))]
            results.append({'boundary_result': boundaries})
        return results

    def show_result(self, img: np.ndarray, result: dict,
                    out_file: str | None = None, show: bool = False,
                    **kwargs) -> np.ndarray:
        """Draw the boundaries (see ``imshow_pred_boundary``)."""
        boundaries = result.get('boundary_result', [])
        return imshow_pred_boundary(img, boundaries, [0] * len(boundaries),
                                    boundary_color='green', show=show,
                                    out_file=out_file)


class TesseractRecognizer(_TesseractBackend):
    """Tesseract reading each image as one text line.

    ``inference(imgs)``: BGR ``uint8`` crops -> one ``{'text': str,
    'score': float}`` per crop (score: mean confidence in ``[0, 1]``).
    """

    task = 'textrecog'

    def inference(self, imgs: Sequence[np.ndarray]) -> list[dict]:
        results = []
        for img in imgs:
            text, score = self.engine.read_line(_to_rgb(img))
            results.append({'text': text, 'score': float(score)})
        return results

    def show_result(self, img: np.ndarray, result: dict,
                    out_file: str | None = None, show: bool = False,
                    **kwargs) -> np.ndarray:
        """Draw the text above the image (see ``imshow_text_label``)."""
        return imshow_text_label(img, result['text'], show=show,
                                 out_file=out_file)
