"""DBNet postprocessing: probability map -> text boundaries."""
from __future__ import annotations

import cv2
import numpy as np
import torch

from mmocr.registry import POSTPROCESSOR
from mmocr.utils.box_util import merge_line_boxes
from mmocr.utils.errors import InvalidValueError

from .base_postprocessor import BasePostprocessor
from .utils import box_score_fast, points2boundary, unclip

__all__ = ['DBPostprocessor']


@POSTPROCESSOR.register_module()
class DBPostprocessor(BasePostprocessor):
    """Decode DBNet's probability map into text boundaries.

    The map is thresholded at ``mask_thr``; each connected region's contour is
    simplified (``approxPolyDP`` with ``epsilon_ratio`` * perimeter, but never
    more than a tenth of the region's thickness, so that long thin text lines
    keep their shape instead of collapsing to a segment), scored by the mean
    probability inside it, expanded by ``unclip_ratio`` and turned into a quad
    or polygon.

    Args:
        text_repr_type: ``'quad'`` or ``'poly'``.
        mask_thr: Probability threshold of text pixels.
        min_text_score: Minimum mean probability of a kept region.
        min_text_width: Minimum shorter side of a kept quad.
        unclip_ratio: Expansion ratio of the shrunk text kernel.
        square_unclip_ratio: If given, the expansion ratio of near-square
            kernels (longer side under ``square_max_aspect`` times the
            shorter): single characters, which ``unclip_ratio`` tuned for
            text lines expands to about twice the glyph.
        square_max_aspect: Aspect ratio below which a kernel is near-square.
        epsilon_ratio: Contour simplification tolerance, relative to the
            contour's perimeter.
        max_candidates: At most this many contours are decoded.
        merge_line_gap: If given, boxes of one text line whose gap is at most
            this many text heights are merged into one
            (:func:`mmocr.utils.box_util.merge_line_boxes`): for datasets
            annotated by lines, such as SROIE's receipts, where a line's
            words may stand far apart.

    Call with ``preds``: ``(C, H, W)`` tensor or array whose channel 0 is the
    probability map (DBHead gives prob, threshold and binary maps). Returns a
    list of ``[x1, y1, ..., xn, yn, score]`` in map pixels.
    """

    def __init__(self, text_repr_type: str = 'poly', mask_thr: float = 0.3,
                 min_text_score: float = 0.3, min_text_width: float = 5,
                 unclip_ratio: float = 1.5,
                 square_unclip_ratio: float | None = None,
                 square_max_aspect: float = 2.0, epsilon_ratio: float = 0.01,
                 max_candidates: int = 3000,
                 merge_line_gap: float | None = None):
        super().__init__(text_repr_type)
        if merge_line_gap is not None and merge_line_gap < 0:
            raise InvalidValueError('merge_line_gap must be None or >= 0, got '
                                    f'{merge_line_gap}')
        self.mask_thr = mask_thr
        self.min_text_score = min_text_score
        self.min_text_width = min_text_width
        self.unclip_ratio = unclip_ratio
        self.square_unclip_ratio = square_unclip_ratio
        self.square_max_aspect = square_max_aspect
        self.epsilon_ratio = epsilon_ratio
        self.max_candidates = max_candidates
        self.merge_line_gap = merge_line_gap

    def __call__(self, preds: torch.Tensor | np.ndarray) -> list[list[float]]:
        if preds.ndim != 3:
            raise InvalidValueError('DBPostprocessor expects (C, H, W) maps, got '
                                    f'shape {tuple(preds.shape)}')
        score_map = self.as_array(preds[0])
        text_mask = (score_map > self.mask_thr).astype(np.uint8)
        contours, _ = cv2.findContours(text_mask, cv2.RETR_LIST,
                                       cv2.CHAIN_APPROX_SIMPLE)
        boundaries = []
        for contour in contours[:self.max_candidates]:
            boundary = self._decode_contour(contour, score_map)
            if boundary is not None:
                boundaries.append(boundary)
        if self.merge_line_gap is not None:
            boundaries = merge_line_boxes(boundaries, self.merge_line_gap,
                                          text_repr_type=self.text_repr_type)
        return boundaries

    def _decode_contour(self, contour: np.ndarray,
                        score_map: np.ndarray) -> list[float] | None:
        sides = cv2.minAreaRect(contour)[1]
        thickness = min(sides)
        epsilon = min(self.epsilon_ratio * cv2.arcLength(contour, True),
                      0.1 * thickness)
        poly_pts = cv2.approxPolyDP(contour, epsilon, True).reshape(-1, 2)
        if len(poly_pts) < 4:
            return None
        score = box_score_fast(score_map, poly_pts)
        if score < self.min_text_score:
            return None
        ratio = self.unclip_ratio
        if (self.square_unclip_ratio is not None
                and max(sides) < self.square_max_aspect * thickness):
            ratio = self.square_unclip_ratio
        expanded = unclip(poly_pts, unclip_ratio=ratio)
        if len(expanded) == 0:
            return None
        if self.text_repr_type == 'quad':
            return points2boundary(expanded, 'quad', min(score, 1.0),
                                   self.min_text_width)
        if len(expanded) < 4:
            return None
        return expanded.astype(float).flatten().tolist() + [score]
