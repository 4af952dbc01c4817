"""General utilities: configs, logging, environment info, files, checks."""
from .box_util import (
    is_on_same_line,
    reading_order,
    rectify_crop,
    stitch_boxes_into_lines,
)
from .check_argument import (
    equal_len,
    is_2dlist,
    is_3dlist,
    is_ndarray_list,
    is_none_or_type,
    is_type_list,
    valid_boundary,
)
from .collect_env import collect_env, get_git_hash
from .config import Config, ConfigDict, DictAction, import_modules_from_strings
from .data_convert_util import convert_annotations
from .fileio import (
    atomic_write_text,
    check_file_exist,
    list_from_file,
    list_to_file,
    mkdir_or_exist,
    scandir,
)
from .img_util import drop_orientation, is_not_png
from .lmdb_util import lmdb_converter, recog2lmdb
from .logger import get_logger, get_root_logger, print_log
from .polygon_utils import (
    bbox2poly,
    boundary_iou,
    crop_polygon,
    is_poly_inside_rect,
    offset_polygon,
    poly2bbox,
    poly2shapely,
    poly_intersection,
    poly_iou,
    poly_make_valid,
    poly_union,
    polygon_area,
    polys2shapely,
    rescale_polygon,
    rescale_polygons,
    sort_points,
    sort_vertex,
    sort_vertex8,
)

__all__ = [
    'Config', 'ConfigDict', 'DictAction', 'import_modules_from_strings',
    'get_root_logger', 'get_logger', 'print_log', 'collect_env',
    'get_git_hash', 'is_3dlist', 'is_2dlist', 'is_type_list',
    'is_ndarray_list', 'is_none_or_type', 'equal_len', 'valid_boundary',
    'drop_orientation', 'is_not_png', 'convert_annotations',
    'list_from_file', 'list_to_file', 'atomic_write_text', 'mkdir_or_exist',
    'check_file_exist', 'scandir',
    'bbox2poly', 'boundary_iou', 'crop_polygon', 'is_poly_inside_rect',
    'offset_polygon', 'poly2bbox', 'poly2shapely', 'poly_intersection',
    'poly_iou', 'poly_make_valid', 'poly_union', 'polygon_area',
    'polys2shapely', 'rescale_polygon', 'rescale_polygons', 'sort_points',
    'sort_vertex', 'sort_vertex8', 'recog2lmdb', 'lmdb_converter',
    'is_on_same_line', 'reading_order', 'rectify_crop',
    'stitch_boxes_into_lines'
]
