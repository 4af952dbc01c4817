"""Drawing text detection results: boundaries and their scores."""
from __future__ import annotations

import cv2
import numpy as np

from mmocr.utils.errors import InvalidValueError

from .colors import color_val
from .display import show_image
from .image_io import read_image, write_image


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
        points = np.round(np.asarray(boundary[:-1], dtype=np.float64)).astype(
            np.int32).reshape(-1, 1, 2)
        cv2.polylines(img, [points], True, color=box_color,
                      thickness=thickness)
        if show_score:
            x, y = points[0, 0]
            cv2.putText(img, f'{score:.02f}', (int(x), int(y) - 2),
                        cv2.FONT_HERSHEY_COMPLEX, font_scale, txt_color)
    if show:
        show_image(img, win_name, wait_time)
    if out_file is not None:
        write_image(img, out_file)
    return img
