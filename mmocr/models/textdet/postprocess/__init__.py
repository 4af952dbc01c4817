from .base_postprocessor import BasePostprocessor
from .db_postprocessor import DBPostprocessor
from .utils import box_score_fast, points2boundary, unclip

__all__ = ['BasePostprocessor', 'DBPostprocessor', 'box_score_fast',
           'points2boundary', 'unclip']
