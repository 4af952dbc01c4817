from .roi_align import RoIAlign
from .single_roi_extractor import SingleRoIExtractor, bbox2roi

__all__ = ['RoIAlign', 'SingleRoIExtractor', 'bbox2roi']
