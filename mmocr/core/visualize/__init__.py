"""Drawing of OCR results on images (BGR ``uint8`` arrays, OpenCV order).

One module per kind of result (``det``, ``recog``, ``kie``, ``end2end``),
with ``text`` (Unicode text through TrueType fonts), ``display`` (windows),
``colors`` and ``image_io`` beside them. Fonts are found by
:mod:`mmocr.utils.fonts`.
"""
from mmocr.utils.fonts import find_font

from .colors import color_val
from .det import imshow_pred_boundary
from .display import display_available, show_image
from .end2end import det_recog_show_result
from .kie import imshow_edge_node
from .recog import imshow_text_label
from .text import draw_texts_by_pil

__all__ = ['color_val', 'imshow_pred_boundary', 'imshow_text_label',
           'imshow_edge_node', 'display_available', 'show_image', 'find_font',
           'draw_texts_by_pil', 'det_recog_show_result']
