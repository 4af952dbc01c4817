"""Errors raised for bad arguments and broken input data (an annotation
line, an image file).

:class:`InvalidValueError` and :class:`InvalidTypeError` are raised for a bad
argument or config value where MMOCR 0.x asserts: a clear message that
``except ValueError`` / ``except TypeError`` and 0.x's ``except
AssertionError`` both catch. The data errors name the file (and line);
:class:`BrokenDataError` is the common base a dataset can catch to skip a
broken sample with a warning.

They live here, with no dependency on the rest of MMOCR, so that the
helpers in ``mmocr.utils`` can raise them without import cycles;
``mmocr.datasets.utils.errors`` re-exports them.
"""
from __future__ import annotations

__all__ = ['InvalidValueError', 'InvalidTypeError', 'BrokenDataError',
           'AnnotationParseError', 'ImageLoadError', 'SynthError',
           'ModelZooError']


class InvalidValueError(ValueError, AssertionError):
    """An argument or config value is out of its allowed range or set."""


class InvalidTypeError(TypeError, AssertionError):
    """An argument or config value has the wrong type."""


class BrokenDataError(Exception):
    """An input sample (image or annotation) is missing or malformed."""


class AnnotationParseError(BrokenDataError, ValueError):
    """A line of an annotation file could not be parsed."""


class ImageLoadError(BrokenDataError, OSError):
    """An image file is missing, empty or could not be decoded."""


class SynthError(RuntimeError):
    """The synthetic text engine cannot draw with the given fonts, corpus or
    character set (no usable font, no drawable text)."""


class ModelZooError(RuntimeError):
    """A model-zoo name cannot be used: unknown, not implemented, no weights,
    or a corrupt download (raised by :mod:`mmocr.inference.model_zoo`)."""
