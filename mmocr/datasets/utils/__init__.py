from .backend import AnnLines, HardDiskAnnFileBackend, LmdbAnnFileBackend
from .det_annotations import check_det_annotation, det_info_to_line, make_det_annotation
from .det_convert import collect_det_files, convert_det_splits, load_det_image_info
from .errors import AnnotationParseError, BrokenDataError, ImageLoadError
from .loader import AnnFileLoader, HardDiskLoader, LmdbLoader
from .parser import LineJsonParser, LineStrParser

__all__ = [
    'AnnLines', 'HardDiskAnnFileBackend', 'LmdbAnnFileBackend', 'AnnFileLoader',
    'HardDiskLoader', 'LmdbLoader', 'AnnotationParseError', 'BrokenDataError',
    'ImageLoadError', 'LineJsonParser', 'LineStrParser', 'check_det_annotation',
    'det_info_to_line', 'make_det_annotation', 'collect_det_files',
    'convert_det_splits', 'load_det_image_info'
]
