"""General utilities: configs, logging, environment info, files, checks.

``Registry`` and ``build_from_cfg`` are :mod:`mmocr.registry`'s, here at
their MMOCR 0.x path.
"""
from mmocr.registry import Registry, build_from_cfg

from .box_util import (
    bezier_to_polygon,
    is_on_same_line,
    reading_order,
    rectify_crop,
    sort_points,
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
from .lmdb_util import (
    check_image_is_valid,
    lmdb_converter,
    parse_line,
    recog2lmdb,
    write_cache,
)
from .logger import get_logger, get_root_logger, print_log
from .model import revert_sync_batchnorm
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
    sort_vertex,
    sort_vertex8,
)
from .setup_env import setup_multi_processes
from .string_util import StringStrip
from .util_distribution import (
    build_ddp,
    build_dp,
    get_device,
    is_mlu_available,
    is_npu_available,
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
    'stitch_boxes_into_lines', 'bezier_to_polygon', 'StringStrip',
    'revert_sync_batchnorm', 'setup_multi_processes', 'get_device', 'build_dp',
    'build_ddp', 'check_image_is_valid', 'parse_line', 'write_cache',
    'is_npu_available', 'is_mlu_available', 'Registry', 'build_from_cfg'
]
