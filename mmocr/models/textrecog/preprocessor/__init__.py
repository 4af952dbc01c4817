from .base_preprocessor import BasePreprocessor
from .tps_preprocessor import TPSPreprocessor

__all__ = ['BasePreprocessor', 'TPSPreprocessor']
