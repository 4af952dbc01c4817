"""Two-stage RoI heads (mmdet's ``StandardRoIHead`` with its box and mask
heads), used by ``OCRMaskRCNN``."""
from .fcn_mask_head import FCNMaskHead
from .shared2fc_bbox_head import Shared2FCBBoxHead
from .standard_roi_head import StandardRoIHead

__all__ = ['FCNMaskHead', 'Shared2FCBBoxHead', 'StandardRoIHead']
