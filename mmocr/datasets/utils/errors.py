"""Errors raised for broken input data (an annotation line, an image file).

Defined in :mod:`mmocr.utils.errors` (importable from ``mmocr.utils``'s
helpers without import cycles) and re-exported here, where datasets and
pipelines import them from.
"""
from mmocr.utils.errors import AnnotationParseError, BrokenDataError, ImageLoadError

__all__ = ['BrokenDataError', 'AnnotationParseError', 'ImageLoadError']
