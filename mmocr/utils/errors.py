"""Errors raised for broken input data (an annotation line, an image file).

Their messages name the file (and line). :class:`BrokenDataError` is the
common base a dataset can catch to skip a broken sample with a warning.

They live here, with no dependency on the rest of MMOCR, so that the
helpers in ``mmocr.utils`` can raise them without import cycles;
``mmocr.datasets.utils.errors`` re-exports them.
"""
from __future__ import annotations

__all__ = ['BrokenDataError', 'AnnotationParseError', 'ImageLoadError',
           'SynthError']


class BrokenDataError(Exception):
    """An input sample (image or annotation) is missing or malformed."""


class AnnotationParseError(BrokenDataError, ValueError):
    """A line of an annotation file could not be parsed."""


class ImageLoadError(BrokenDataError, OSError):
    """An image file is missing, empty or could not be decoded."""


class SynthError(RuntimeError):
    """The synthetic text engine cannot draw with the given fonts, corpus or
    character set (no usable font, no drawable text)."""
