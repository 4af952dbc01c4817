from .backend import AnnLines, HardDiskAnnFileBackend, LmdbAnnFileBackend
from .coco_text import (
    COCOTEXT_ANN_FILE,
    COCOTEXT_SETS,
    TEXTOCR_ANN_FILES,
    coco_text_image_infos,
    coco_text_instance,
    cocotext_is_ignored,
    load_coco_text,
    textocr_is_ignored,
)
from .det_annotations import check_det_annotation, det_info_to_line, make_det_annotation
from .det_convert import (
    check_folders,
    collect_det_files,
    convert_det_gt_files,
    convert_det_splits,
    convert_flat_det,
    det_converter_main,
    gt_lines,
    icdar_gt_name,
    load_det_image_info,
    load_json_annotation,
    load_line_annos,
    load_ltrb_annos,
    val_split_every,
    write_det_split,
)
from .errors import AnnotationParseError, BrokenDataError, ImageLoadError
from .flat_txt import parse_mtwi_line, parse_rctw_line
from .loader import AnnFileLoader, HardDiskLoader, LmdbLoader
from .parser import LineJsonParser, LineStrParser
from .points_json import (
    convert_points_json,
    load_points_json,
    points_annotation,
    points_json_instances,
)
from .recog_convert import (
    coco_text_crop_jobs,
    convert_flat_word_crops,
    convert_icdar_words,
    crop_image_words,
    crop_words,
    icdar_words_main,
    labelled_crops,
    print_label_counts,
    read_icdar_word_gt,
    recog_crop_parser,
    split_crop_converter_main,
    word_crop_name,
    write_recog_labels,
    xywh_quad,
)
from .totaltext import (
    parse_totaltext_record,
    read_totaltext_records,
    read_totaltext_words,
    totaltext_gt_name,
)

__all__ = [
    'AnnLines', 'HardDiskAnnFileBackend', 'LmdbAnnFileBackend', 'AnnFileLoader',
    'HardDiskLoader', 'LmdbLoader', 'AnnotationParseError', 'BrokenDataError',
    'ImageLoadError', 'LineJsonParser', 'LineStrParser', 'check_det_annotation',
    'det_info_to_line', 'make_det_annotation', 'collect_det_files',
    'convert_det_splits', 'load_det_image_info', 'det_converter_main',
    'gt_lines', 'icdar_gt_name', 'load_ltrb_annos', 'write_det_split',
    'load_coco_text', 'coco_text_instance', 'coco_text_image_infos',
    'val_split_every', 'load_points_json', 'points_annotation',
    'convert_points_json', 'load_json_annotation', 'convert_flat_det',
    'load_line_annos', 'convert_det_gt_files', 'check_folders',
    'read_icdar_word_gt', 'write_recog_labels', 'convert_icdar_words',
    'icdar_words_main', 'COCOTEXT_ANN_FILE', 'COCOTEXT_SETS',
    'TEXTOCR_ANN_FILES', 'cocotext_is_ignored', 'textocr_is_ignored',
    'crop_image_words', 'crop_words', 'coco_text_crop_jobs',
    'recog_crop_parser', 'print_label_counts', 'xywh_quad',
    'totaltext_gt_name', 'parse_totaltext_record', 'read_totaltext_records',
    'read_totaltext_words', 'points_json_instances',
    'parse_rctw_line', 'parse_mtwi_line', 'word_crop_name', 'labelled_crops',
    'convert_flat_word_crops', 'split_crop_converter_main'
]
