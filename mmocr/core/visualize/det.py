"""Drawing text detection results: boundaries and their scores, masks,
character boxes, predictions beside ground truths."""
from __future__ import annotations

from typing import Sequence

import cv2
import numpy as np

from mmocr.utils.errors import InvalidTypeError, InvalidValueError

from .colors import PALETTE, color_val
from .display import show_image
from .image_io import read_image, write_image


def _int_points(boundary: Sequence[float] | np.ndarray) -> np.ndarray:
    """A flat boundary ``[x1, y1, ..., xn, yn]`` -> ``(n, 1, 2)`` int32."""
    return np.round(np.asarray(boundary, dtype=np.float64)).astype(
        np.int32).reshape(-1, 1, 2)


def draw_boundaries(img: np.ndarray, boundaries: Sequence, color,
                    thickness: int = 1) -> np.ndarray:
    """Outline flat boundaries on ``img`` in place (``color``: a name, a
    gray level or BGR); returns ``img``."""
    if len(boundaries):
        cv2.polylines(img, [_int_points(b) for b in boundaries], True,
                      color_val(color), thickness)
    return img


def _finish(img: np.ndarray, show: bool, win_name: str, wait_time: int,
            out_file: str | None) -> np.ndarray:
    if show:
        show_image(img, win_name, wait_time)
    if out_file is not None:
        write_image(img, out_file)
    return img


def overlay_mask_img(img: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Outline the outer contours of a mask's instances in green, on
    ``img`` in place.

    Args:
        img: BGR ``(H, W, 3)`` array.
        mask: ``(H, W)`` mask (non-zero is foreground).

    Returns:
        ``img``.
    """
    if not isinstance(img, np.ndarray) or not isinstance(mask, np.ndarray):
        raise InvalidTypeError('img and mask must be ndarrays, got '
                               f'{type(img).__name__} and {type(mask).__name__}')
    contours, _ = cv2.findContours((mask != 0).astype(np.uint8),
                                   cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    cv2.drawContours(img, contours, -1, (0, 255, 0), 1)
    return img


def show_img_boundary(img: np.ndarray, boundary: Sequence[float]) -> np.ndarray:
    """Outline one flat boundary in green on ``img`` (in place) and show
    it (a window when a display exists, see :func:`show_image`).

    Returns:
        ``img``.
    """
    if not isinstance(img, np.ndarray):
        raise InvalidTypeError(f'img must be an ndarray, got {type(img).__name__}')
    draw_boundaries(img, [boundary], 'green')
    show_image(img, 'boundary')
    return img


def show_pred_gt(preds: Sequence[Sequence[float]],
                 gts: Sequence[Sequence[float]], show: bool = False,
                 win_name: str = '', wait_time: int = 0,
                 out_file: str | None = None) -> np.ndarray:
    """Draw predicted (red) and ground-truth (blue) boundaries of one image
    on a white canvas reaching 100 pixels past the largest coordinate.

    Returns:
        The BGR ``uint8`` drawing ``(max_y + 100, max_x + 100, 3)``.
    """
    points = [np.asarray(b, dtype=np.float64).reshape(-1, 2)
              for b in [*preds, *gts]]
    if not points:
        raise InvalidValueError('show_pred_gt needs at least one boundary')
    max_x, max_y = np.concatenate(points).max(axis=0)
    canvas = np.full((int(max_y) + 100, int(max_x) + 100, 3), 255, np.uint8)
    draw_boundaries(canvas, preds, 'red')
    draw_boundaries(canvas, gts, 'blue')
    return _finish(canvas, show, win_name, wait_time, out_file)


def draw_polygons(img: np.ndarray, polys: Sequence[Sequence[float]]) -> np.ndarray:
    """Fill each polygon in its palette colour, blended half and half with
    ``img`` (which is left unchanged).

    Returns:
        The BGR drawing, ``img``'s shape.
    """
    filled = img.copy()
    for idx, poly in enumerate(polys):
        cv2.fillPoly(filled, [_int_points(poly)], PALETTE[idx % len(PALETTE)])
    return cv2.addWeighted(img, 0.5, filled, 0.5, 0)


def imshow_text_char_boundary(img: str | np.ndarray,
                              text_quads: Sequence[Sequence[float]],
                              boundaries: Sequence[Sequence[float]],
                              char_quads: Sequence[Sequence[Sequence[float]]],
                              chars: Sequence[Sequence[str]],
                              show: bool = False, thickness: int = 1,
                              font_scale: float = 0.5, win_name: str = '',
                              wait_time: int = -1,
                              out_file: str | None = None) -> np.ndarray:
    """Draw text quads and boundaries (red), their character boxes (blue and
    green, alternating by text) and each text's characters above its quad.

    Args:
        img: Image path or BGR ``(H, W, 3)`` array (drawn on a copy).
        text_quads: One flat quad per text.
        boundaries: One flat boundary per text (may be empty).
        char_quads: Per text, one flat quad per character.
        chars: Per text, its characters.

    Returns:
        The drawn image.
    """
    if not len(text_quads) == len(boundaries) == len(char_quads) == len(chars):
        raise InvalidValueError(f'{len(text_quads)} text quads, {len(boundaries)} '
                                f'boundaries, {len(char_quads)} char quad lists '
                                f'and {len(chars)} char lists differ in length')
    img = np.ascontiguousarray(read_image(img)).copy()
    char_colors = ('blue', 'green')
    for i, (quad, boundary, quads, txt) in enumerate(
            zip(text_quads, boundaries, char_quads, chars)):
        draw_boundaries(img, [quad], 'red', thickness)
        if len(boundary):
            draw_boundaries(img, [boundary], 'red', thickness)
        draw_boundaries(img, quads, char_colors[i % 2], thickness)
        x, y = _int_points(quad)[0, 0]
        cv2.putText(img, ''.join(txt), (int(x), int(y) - 2),
                    cv2.FONT_HERSHEY_COMPLEX, font_scale, color_val('red'))
    return _finish(img, show, win_name, wait_time, out_file)


def imshow_pred_boundary(img: str | np.ndarray,
                         boundaries_with_scores: list[list[float]],
                         labels: list[int], score_thr: float = 0,
                         boundary_color='blue', text_color='blue',
                         thickness: int = 1, font_scale: float = 0.5,
                         show: bool = False, win_name: str = '',
                         wait_time: int = -1, out_file: str | None = None,
                         show_score: bool = False) -> np.ndarray:
    """Draw predicted boundaries whose score exceeds ``score_thr``.

    Args:
        img: Image path or BGR ``(H, W, 3)`` array (drawn on a copy).
        boundaries_with_scores: ``[x1, y1, ..., xn, yn, score]`` per text.
        labels: One label per boundary (same length).
        show_score: Write the score next to the first point.
        out_file: Save the drawing there (directories are created).

    Returns:
        The drawn image.
    """
    if len(labels) != len(boundaries_with_scores):
        raise InvalidValueError(f'{len(labels)} labels for '
                                f'{len(boundaries_with_scores)} boundaries')
    for i, b in enumerate(boundaries_with_scores):
        if len(b) < 9 or (len(b) - 1) % 2:
            raise InvalidValueError(f'boundary {i} must be [x1, y1, ..., xn, yn, '
                                    f'score] with n >= 4, got {len(b)} values')
    img = np.ascontiguousarray(read_image(img)).copy()
    box_color = color_val(boundary_color)
    txt_color = color_val(text_color)
    for boundary in boundaries_with_scores:
        score = float(boundary[-1])
        if score <= score_thr:
            continue
        points = _int_points(boundary[:-1])
        cv2.polylines(img, [points], True, color=box_color,
                      thickness=thickness)
        if show_score:
            x, y = points[0, 0]
            cv2.putText(img, f'{score:.02f}', (int(x), int(y) - 2),
                        cv2.FONT_HERSHEY_COMPLEX, font_scale, txt_color)
    return _finish(img, show, win_name, wait_time, out_file)
