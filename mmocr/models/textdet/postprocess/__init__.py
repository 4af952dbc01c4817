from .base_postprocessor import BasePostprocessor
from .db_postprocessor import DBPostprocessor
from .pan_postprocessor import PANPostprocessor
from .utils import box_score_fast, points2boundary, unclip

__all__ = ['BasePostprocessor', 'DBPostprocessor', 'PANPostprocessor',
           'box_score_fast', 'points2boundary', 'unclip']
