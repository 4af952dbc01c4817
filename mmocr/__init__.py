"""MMOCR: a config-driven OCR toolbox (text detection, recognition, KIE)."""
from .version import __version__, digit_version, short_version

__all__ = ['__version__', 'short_version', 'digit_version']
