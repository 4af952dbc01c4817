"""End-to-end OCR for users: the :class:`MMOCR` class, the model zoo, the
Tesseract backend, end-to-end evaluation and the ``ocr.py`` command line.

The top layer of the package: it uses :mod:`mmocr.apis` (``init_model``,
``model_inference``) and everything below. ``mmocr.utils.ocr`` is its MMOCR
0.x path.

* :mod:`.loading`: images, and models by zoo name;
* :mod:`.ocr`: :class:`MMOCR` (detection -> crops -> recognition -> KIE);
* :mod:`.export`: results as plain data, result files, drawings;
* :mod:`.cli`: ``python mmocr/utils/ocr.py`` / ``mmocr-ocr``;
* :mod:`.model_zoo`, :mod:`.tesseract`, :mod:`.e2e_eval`.
"""
from .cli import main, parse_args
from .export import EXPORT_FORMATS
from .loading import load_image
from .model_zoo import DEFAULT_DET, DEFAULT_RECOG, ModelZooError
from .ocr import AUTO_RECOG_BATCH, MMOCR

__all__ = ['MMOCR', 'main', 'parse_args', 'load_image', 'EXPORT_FORMATS',
           'AUTO_RECOG_BATCH', 'DEFAULT_DET', 'DEFAULT_RECOG', 'ModelZooError']
