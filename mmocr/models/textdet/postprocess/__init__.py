from .base_postprocessor import BasePostprocessor
from .db_postprocessor import DBPostprocessor
from .drrg_postprocessor import DRRGPostprocessor
from .east_postprocessor import EASTPostprocessor
from .fce_postprocessor import FCEPostprocessor
from .lanms import locality_aware_nms
from .pan_postprocessor import PANPostprocessor
from .pse_postprocessor import PSEPostprocessor
from .textsnake_postprocessor import TextSnakePostprocessor
from .utils import (
    box_score_fast,
    centralize,
    fill_hole,
    fourier2poly,
    merge_disks,
    points2boundary,
    poly_nms,
    skeletonize,
    unclip,
)

__all__ = ['BasePostprocessor', 'DBPostprocessor', 'EASTPostprocessor',
           'FCEPostprocessor', 'locality_aware_nms', 'PANPostprocessor',
           'PSEPostprocessor', 'box_score_fast', 'fill_hole', 'fourier2poly',
           'points2boundary', 'poly_nms', 'unclip', 'TextSnakePostprocessor',
           'skeletonize', 'centralize', 'merge_disks', 'DRRGPostprocessor']
