"""Drawing of OCR results on images (BGR ``uint8`` arrays, OpenCV order).

One module per kind of result (``det``, ``recog``, ``kie``, ``end2end``),
with ``text`` (texts through OpenCV's or TrueType fonts), ``tiles``
(stacks and grids), ``display`` (windows), ``colors`` and ``image_io``
beside them; the names of MMOCR 0.x's ``mmocr/core/visualize.py``. Fonts are found by
:mod:`mmocr.utils.fonts`.
"""
from mmocr.utils.fonts import find_font

from .colors import color_val, gen_color
from .det import (
    draw_polygons,
    imshow_pred_boundary,
    imshow_text_char_boundary,
    overlay_mask_img,
    show_img_boundary,
    show_pred_gt,
)
from .display import display_available, show_image
from .end2end import det_recog_show_result
from .kie import draw_edge_result, imshow_edge, imshow_edge_node, imshow_node
from .recog import imshow_text_label
from .text import (
    draw_texts,
    draw_texts_by_pil,
    get_optimal_font_scale,
    is_contain_chinese,
)
from .tiles import show_feature, tile_image

__all__ = ['color_val', 'imshow_pred_boundary', 'imshow_text_label',
           'imshow_edge_node', 'display_available', 'show_image', 'find_font',
           'draw_texts_by_pil', 'det_recog_show_result', 'gen_color',
           'draw_polygons', 'imshow_text_char_boundary', 'overlay_mask_img',
           'show_img_boundary', 'show_pred_gt', 'imshow_edge', 'imshow_node',
           'draw_texts', 'get_optimal_font_scale', 'is_contain_chinese',
           'show_feature', 'tile_image', 'draw_edge_result']
