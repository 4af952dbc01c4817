"""Drawing Unicode text with a TrueType font (OpenCV's fonts draw ASCII
only), found by :func:`mmocr.utils.fonts.find_font`."""
from __future__ import annotations

from typing import Sequence

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from mmocr.utils.errors import InvalidValueError
from mmocr.utils.fonts import find_font
from mmocr.utils.logger import get_root_logger

from .colors import PALETTE
from .image_io import read_image

_FALLBACK_WARNED: list[bool] = []


def _load_font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


def box_points(box: Sequence[float]) -> np.ndarray:
    """The ``(n, 2)`` points of a ``[x1, y1, ..., xn, yn]`` box."""
    pts = np.asarray(box, dtype=np.float64).reshape(-1)
    if pts.size < 4 or pts.size % 2:
        raise InvalidValueError(f'a box must be [x1, y1, ..., xn, yn], got '
                                f'{pts.size} values')
    return pts.reshape(-1, 2)


def is_contain_chinese(check_str: str) -> bool:
    """Whether ``check_str`` holds a CJK unified ideograph (U+4E00-U+9FFF)."""
    return any('\u4e00' <= ch <= '\u9fff' for ch in check_str)


def get_optimal_font_scale(text: str, width: int) -> float:
    """The largest ``cv2.FONT_HERSHEY_SIMPLEX`` scale (a multiple of 0.1
    below 6) at which ``text`` fits in ``width`` pixels; 1 when none does."""
    for scale in np.arange(59, -1, -1) / 10:
        (text_w, _), _ = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX,
                                         float(scale), 1)
        if text_w <= width:
            return float(scale)
    return 1.0


def draw_texts(img: np.ndarray, texts: Sequence[str],
               boxes: Sequence[Sequence[float]] | None = None,
               draw_box: bool = True, on_ori_img: bool = False) -> np.ndarray:
    """Write each text in black across its box with OpenCV's font (ASCII;
    use :func:`draw_texts_by_pil` for other scripts), scaled to the box
    width (:func:`get_optimal_font_scale`).

    Args:
        img: BGR ``(H, W, 3)`` image giving the canvas size.
        texts: One string per box.
        boxes: ``[x1, y1, ..., xn, yn]`` per text; default the whole image
            (one text).
        draw_box: Outline each box in its palette colour.
        on_ori_img: Draw on ``img`` itself (in place) instead of a white
            canvas.

    Returns:
        The BGR ``uint8`` drawing ``(H, W, 3)``.
    """
    height, width = img.shape[:2]
    if boxes is None:
        boxes = [[0, 0, width, 0, width, height, 0, height]]
    if len(boxes) != len(texts):
        raise InvalidValueError(f'{len(texts)} texts for {len(boxes)} boxes')
    canvas = img if on_ori_img else np.full((height, width, 3), 255, np.uint8)
    for idx, (box, text) in enumerate(zip(boxes, texts)):
        pts = box_points(box)
        if draw_box:
            cv2.polylines(canvas, [np.round(pts).astype(np.int32)], True,
                          PALETTE[idx % len(PALETTE)], 1)
        (x0, y0), (x1, y1) = pts.min(axis=0), pts.max(axis=0)
        baseline = int(pts[:, 1].mean() + 0.2 * (y1 - y0))
        scale = get_optimal_font_scale(text, int(x1 - x0))
        cv2.putText(canvas, text, (int(x0), baseline),
                    cv2.FONT_HERSHEY_SIMPLEX, scale, (0, 0, 0), 1)
    return canvas


def _warn_fallback(reason: str) -> None:
    if not _FALLBACK_WARNED:
        _FALLBACK_WARNED.append(True)
        get_root_logger().warning(
            f'{reason}: drawing text with cv2.putText, which shows '
            'non-ASCII characters as "?"; install a TrueType font (e.g. '
            'fonts-dejavu) or set MMOCR_FONT to a .ttf file')


def _fit_font_size(font_path: str, text: str, box_w: float, box_h: float,
                   font_size: int | None) -> int:
    if font_size is not None:
        return max(int(font_size), 1)
    size = max(int(box_h * 0.8), 8)
    if text and box_w > 0:
        width = _load_font(font_path, size).getlength(text)
        if width > box_w * 1.05:
            size = max(int(size * box_w * 1.05 / width), 8)
    return size


def draw_texts_by_pil(img: np.ndarray, texts: Sequence[str],
                      boxes: Sequence[Sequence[float]] | None = None,
                      draw_box: bool = True, on_ori_img: bool = False,
                      font_size: int | None = None,
                      fill_color: Sequence[int] | None = None,
                      draw_pos: Sequence[tuple[int, int]] | None = None,
                      return_text_size: bool = False):
    """Draw ``texts`` (any Unicode) with a TrueType font, each at its box.

    Falls back to ``cv2.putText`` (ASCII only, with one logged warning)
    when no TrueType font is found (see :func:`find_font`).

    Args:
        img: BGR ``(H, W, 3)`` image giving the canvas size (and the canvas
            itself with ``on_ori_img``).
        texts: One string per box.
        boxes: ``[x1, y1, ..., xn, yn]`` per text; ``None`` stacks the texts
            in rows from the top-left corner.
        draw_box: Outline each box in its colour.
        on_ori_img: Draw on a copy of ``img`` instead of a white canvas.
        font_size: Fixed font size in pixels; default fits each box (80% of
            its height, shrunk to its width).
        fill_color: BGR text colour; default one palette colour per box.
        draw_pos: Top-left text position per box (default the box's
            top-left corner).
        return_text_size: Also return the ``(width, height)`` of each text.

    Returns:
        The BGR ``uint8`` drawing ``(H, W, 3)``; with ``return_text_size``
        a tuple ``(drawing, sizes)``.
    """
    image = read_image(img)
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    height, width = image.shape[:2]
    if boxes is None:
        row = max(height // max(len(texts), 1), 12)
        boxes = [[0, i * row, width, i * row, width, (i + 1) * row, 0,
                  (i + 1) * row] for i in range(len(texts))]
    if len(boxes) != len(texts):
        raise InvalidValueError(f'{len(texts)} texts for {len(boxes)} boxes')
    if draw_pos is not None and len(draw_pos) != len(texts):
        raise InvalidValueError(f'{len(draw_pos)} draw positions for {len(texts)} '
                                'texts')
    canvas = image.copy() if on_ori_img else np.full(
        (height, width, 3), 255, dtype=np.uint8)
    font_path = find_font(''.join(texts))
    polys = [box_points(b) for b in boxes]
    colors = [tuple(fill_color) if fill_color is not None else
              PALETTE[i % len(PALETTE)] for i in range(len(texts))]
    if draw_box:
        for i, pts in enumerate(polys):
            cv2.polylines(canvas, [np.round(pts).astype(np.int32)], True,
                          PALETTE[i % len(PALETTE)], 1)
    sizes: list[tuple[int, int]] = []
    if font_path is None:
        _warn_fallback('no TrueType font found')
        for i, (text, pts) in enumerate(zip(texts, polys)):
            x0, y0 = pts.min(axis=0)
            x1, y1 = pts.max(axis=0)
            scale = max((y1 - y0) / 30, 0.3)
            x, y = draw_pos[i] if draw_pos is not None else (x0, y0)
            printable = ''.join(c if 32 <= ord(c) < 127 else '?' for c in text)
            (tw, th), _ = cv2.getTextSize(printable, cv2.FONT_HERSHEY_SIMPLEX,
                                          scale, 1)
            cv2.putText(canvas, printable, (int(x), int(y + th)),
                        cv2.FONT_HERSHEY_SIMPLEX, scale, colors[i], 1)
            sizes.append((tw, th))
    else:
        pil = Image.fromarray(canvas[..., ::-1])
        draw = ImageDraw.Draw(pil)
        for i, (text, pts) in enumerate(zip(texts, polys)):
            x0, y0 = pts.min(axis=0)
            x1, y1 = pts.max(axis=0)
            size = _fit_font_size(font_path, text, x1 - x0, y1 - y0,
                                  font_size)
            font = _load_font(font_path, size)
            x, y = draw_pos[i] if draw_pos is not None else (x0, y0)
            b, g, r = colors[i]
            draw.text((float(x), float(y)), text, font=font, fill=(r, g, b))
            left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
            sizes.append((int(right - left), int(bottom - top)))
        canvas = np.ascontiguousarray(np.asarray(pil)[..., ::-1])
    if return_text_size:
        return canvas, sizes
    return canvas
