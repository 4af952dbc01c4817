"""Drawing an end-to-end OCR result: numbered boxes beside their texts."""
from __future__ import annotations

from typing import Sequence

import cv2
import numpy as np

from .colors import PALETTE
from .image_io import read_image, write_image
from .text import box_points, draw_texts_by_pil


def _number_boxes(img: np.ndarray, polys: Sequence[np.ndarray]) -> np.ndarray:
    """Outline each polygon in its palette colour with its 1-based number."""
    drawn = img.copy()
    for i, pts in enumerate(polys):
        color = PALETTE[i % len(PALETTE)]
        cv2.polylines(drawn, [np.round(pts).astype(np.int32)], True, color, 2)
        x, y = np.round(pts.min(axis=0)).astype(int)
        label = str(i + 1)
        (tw, th), _ = cv2.getTextSize(label, cv2.FONT_HERSHEY_SIMPLEX, 0.5, 1)
        top = max(int(y) - th - 4, 0)
        cv2.rectangle(drawn, (int(x), top), (int(x) + tw + 4, top + th + 4),
                      color, -1)
        cv2.putText(drawn, label, (int(x) + 2, top + th + 1),
                    cv2.FONT_HERSHEY_SIMPLEX, 0.5, (255, 255, 255), 1)
    return drawn


def det_recog_show_result(img: str | np.ndarray, end2end_res: dict,
                          out_file: str | None = None) -> np.ndarray:
    """Draw an end-to-end OCR result: the image with numbered boxes on the
    left, a white panel with each box's text at its place on the right.

    Args:
        img: Image path or BGR ``(H, W, 3)`` array.
        end2end_res: ``{'result': [{'box': [x1, y1, ..., xn, yn], 'text':
            str, ...}]}``; a ``label`` (KIE) is appended to the text as
            ``text [label]``.
        out_file: Save the drawing there (directories are created).

    Returns:
        The drawing, BGR ``uint8`` ``(H, 2W, 3)``.
    """
    if 'result' not in end2end_res:
        raise KeyError('end2end_res needs a "result" list, got keys '
                       f'{sorted(end2end_res)}')
    image = np.ascontiguousarray(read_image(img))
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    elif image.shape[2] == 4:
        image = cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    boxes, texts = [], []
    for i, res in enumerate(end2end_res['result']):
        if 'box' not in res or 'text' not in res:
            raise KeyError(f'result {i} needs "box" and "text", got '
                           f'{sorted(res)}')
        boxes.append(res['box'])
        label = res.get('label')
        texts.append(f'{res["text"]} [{label}]' if label is not None
                     else str(res['text']))
    polys = [box_points(b) for b in boxes]
    left = _number_boxes(image, polys)
    right = draw_texts_by_pil(image, texts, boxes)
    drawn = np.concatenate([left, right], axis=1)
    if out_file is not None:
        write_image(drawn, out_file)
    return drawn
