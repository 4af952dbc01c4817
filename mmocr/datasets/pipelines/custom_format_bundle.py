"""MMOCR 0.x's path of :class:`CustomFormatBundle` (its home is
:mod:`mmocr.datasets.pipelines.formatting`)."""
from .formatting import CustomFormatBundle

__all__ = ['CustomFormatBundle']
