from .fpn_ocr import FPNOCR

__all__ = ['FPNOCR']
