"""Drawing a text recognition result: prediction and ground truth around
the crop."""
from __future__ import annotations

import cv2
import numpy as np

from mmocr.utils.errors import InvalidTypeError

from .display import show_image
from .image_io import read_image, write_image
from .text import draw_texts_by_pil
from .tiles import tile_image


def _text_row(text: str, height: int, width: int,
              color: tuple[int, int, int]) -> np.ndarray:
    """A white ``(height, width, 3)`` strip with ``text`` written on it:
    with OpenCV's font when it is ASCII, else with a TrueType font
    (:func:`draw_texts_by_pil`)."""
    row = np.full((height, width, 3), 255, dtype=np.uint8)
    if all(32 <= ord(c) < 127 for c in text):
        cv2.putText(row, text, (5, int(height * 0.65)),
                    cv2.FONT_HERSHEY_SIMPLEX, 0.9, color, 2)
        return row
    return draw_texts_by_pil(row, [text], [[5, 8, width - 5, 8, width - 5,
                                           height - 8, 5, height - 8]],
                             draw_box=False, on_ori_img=True,
                             fill_color=color)


def imshow_text_label(img: str | np.ndarray, pred_label: str, gt_label: str = '',
                      show: bool = False, win_name: str = '',
                      wait_time: int = -1,
                      out_file: str | None = None) -> np.ndarray:
    """Draw a recognition result: the prediction (red) above the image
    resized to height 64, and the ground truth (blue) below when given.

    Args:
        img: Image path or BGR ``(H, W)`` / ``(H, W, 3)`` array.
        pred_label: Predicted text.
        gt_label: Ground-truth text; no third row when empty.
        out_file: Save the drawing there (directories are created).

    Returns:
        The drawing, BGR ``uint8`` ``(64 * rows, W', 3)``.
    """
    if not isinstance(pred_label, str) or not isinstance(gt_label, str):
        raise InvalidTypeError('pred_label and gt_label must be str, got '
                               f'{type(pred_label).__name__} and '
                               f'{type(gt_label).__name__}')
    image = read_image(img)
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    src_h, src_w = image.shape[:2]
    height = 64
    width = max(1, int(round(src_w / max(src_h, 1) * height)))
    # Leave room for the text on very narrow crops.
    text_width = max(width, 20 * max(len(pred_label), len(gt_label), 1))
    image = cv2.resize(image, (width, height))
    image = cv2.copyMakeBorder(image, 0, 0, 0, text_width - width,
                               cv2.BORDER_CONSTANT, value=(255, 255, 255))
    rows = [_text_row(pred_label, height, text_width, (0, 0, 255)), image]
    if gt_label:
        rows.append(_text_row(gt_label, height, text_width, (255, 0, 0)))
    drawn = tile_image(rows)
    if show:
        show_image(drawn, win_name, wait_time)
    if out_file is not None:
        write_image(drawn, out_file)
    return drawn
