from .base_postprocessor import BasePostprocessor
from .db_postprocessor import DBPostprocessor
from .east_postprocessor import EASTPostprocessor
from .lanms import locality_aware_nms
from .pan_postprocessor import PANPostprocessor
from .utils import box_score_fast, points2boundary, unclip

__all__ = ['BasePostprocessor', 'DBPostprocessor', 'EASTPostprocessor',
           'locality_aware_nms', 'PANPostprocessor',
           'box_score_fast', 'points2boundary', 'unclip']
