from .base_postprocessor import BasePostprocessor
from .db_postprocessor import DBPostprocessor
from .pan_postprocessor import PANPostprocessor
from .pse_postprocessor import PSEPostprocessor
from .utils import box_score_fast, points2boundary, unclip

__all__ = ['BasePostprocessor', 'DBPostprocessor', 'PANPostprocessor',
           'PSEPostprocessor',
           'box_score_fast', 'points2boundary', 'unclip']
