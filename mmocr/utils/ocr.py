#!/usr/bin/env python
"""MMOCR 0.x's ``mmocr/utils/ocr.py``: :class:`mmocr.inference.MMOCR` and its
command line under their 0.x path.

``from mmocr.utils.ocr import MMOCR`` and ``python mmocr/utils/ocr.py IMG
[options]`` keep working; the code lives in :mod:`mmocr.inference`.
"""
import os.path as osp
import sys

if __package__ in (None, ''):  # run as a script: python mmocr/utils/ocr.py
    # sys.path[0] is mmocr/utils, whose modules (config, logger, dist...)
    # must not shadow top-level ones: put the checkout root there instead.
    _here = osp.dirname(osp.abspath(__file__))
    if sys.path and osp.abspath(sys.path[0] or '.') == _here:
        sys.path.pop(0)
    sys.path.insert(0, osp.dirname(osp.dirname(_here)))

from mmocr.inference import (  # noqa: E402
    AUTO_RECOG_BATCH,
    EXPORT_FORMATS,
    MMOCR,
    load_image,
    main,
    parse_args,
)
from mmocr.utils.fileio import REPO_ROOT  # noqa: E402

__all__ = ['MMOCR', 'parse_args', 'main', 'load_image', 'REPO_ROOT',
           'EXPORT_FORMATS', 'AUTO_RECOG_BATCH']

if __name__ == '__main__':
    sys.exit(main())
