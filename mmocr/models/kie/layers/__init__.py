from .roi_align import RoIAlign
from .roi_align_rotated import RoIAlignRotated
from .single_roi_extractor import SingleRoIExtractor, bbox2roi

__all__ = ['RoIAlign', 'SingleRoIExtractor', 'bbox2roi', 'RoIAlignRotated']
