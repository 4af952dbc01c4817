"""EAST postprocessing: quads restored at the confident pixels, then
locality-aware NMS."""
from __future__ import annotations

import numpy as np
import torch

from mmocr.registry import POSTPROCESSOR
from mmocr.utils.errors import InvalidValueError

from .base_postprocessor import BasePostprocessor
from .lanms import locality_aware_nms

__all__ = ['EASTPostprocessor', 'restore_rbox', 'restore_quad']


def restore_rbox(xs: np.ndarray, ys: np.ndarray, geo: np.ndarray,
                 downsample_ratio: float) -> np.ndarray:
    """Rotated rectangles ``(n, 8)`` in map pixels from RBOX geometry.

    Args:
        xs, ys: ``(n,)`` map pixel coordinates; the pixel stands for the
            input point ``(x, y) / downsample_ratio``.
        geo: ``(5, n)``: distances (input pixels) to the top, right, bottom
            and left sides, and the angle ``theta`` of the rectangle's
            "width" axis ``u = (cos theta, sin theta)`` (y down; ``v = (-sin
            theta, cos theta)`` points to the bottom side).
        downsample_ratio: Map size / input size.

    Returns:
        Corners top-left, top-right, bottom-right, bottom-left (clockwise
        on screen) as ``[x1, y1, ..., x4, y4]``.
    """
    top, right, bottom, left = (g * downsample_ratio for g in geo[:4])
    cos, sin = np.cos(geo[4]), np.sin(geo[4])
    u = np.stack([cos, sin], axis=1)
    v = np.stack([-sin, cos], axis=1)
    p = np.stack([xs, ys], axis=1).astype(np.float64)
    corners = [p - left[:, None] * u - top[:, None] * v,
               p + right[:, None] * u - top[:, None] * v,
               p + right[:, None] * u + bottom[:, None] * v,
               p - left[:, None] * u + bottom[:, None] * v]
    return np.concatenate(corners, axis=1)


def restore_quad(xs: np.ndarray, ys: np.ndarray, geo: np.ndarray,
                 downsample_ratio: float) -> np.ndarray:
    """Quads ``(n, 8)`` in map pixels from QUAD geometry ``(8, n)``: the
    offsets ``(dx1, dy1, ..., dx4, dy4)`` (input pixels) from the point
    ``(x, y) / downsample_ratio`` to the 4 corners."""
    p = np.stack([xs, ys] * 4, axis=1).astype(np.float64)
    return p + geo.T.astype(np.float64) * downsample_ratio


@POSTPROCESSOR.register_module()
class EASTPostprocessor(BasePostprocessor):
    """Decode EAST's maps into quadrilaterals.

    The pixels with score > ``score_thr`` each restore a quad from their
    geometry (:func:`restore_rbox` / :func:`restore_quad`, vectorised over
    the pixels); :func:`~.lanms.locality_aware_nms` merges them row by row
    and suppresses the overlaps (both with ``nms_thr``). The score of a box
    is the mean score of the pixels merged into it.

    Args:
        text_repr_type: ``'quad'`` or ``'poly'`` (the same 4 points).
        score_thr: Score threshold of the pixels (0.9 in the paper).
        nms_thr: IoU threshold of the merge and of the NMS.
        downsample_ratio: Map size / input size (the head's; ``EASTHead``
            passes its own).

    Call with ``preds``: ``(6, H, W)`` (score probability, RBOX geometry)
    or ``(9, H, W)`` (score, QUAD geometry) as ``EASTHead`` outputs; it is
    not modified. Returns a list of ``[x1, y1, ..., x4, y4, score]`` in map
    pixels (``[]`` when no pixel passes ``score_thr``).
    """

    def __init__(self, text_repr_type: str = 'quad', score_thr: float = 0.9,
                 nms_thr: float = 0.2, downsample_ratio: float = 0.25):
        super().__init__(text_repr_type)
        if not 0 <= score_thr < 1:
            raise InvalidValueError('EASTPostprocessor: score_thr must be in [0, 1), '
                                    f'got {score_thr!r}')
        if not 0 <= nms_thr <= 1:
            raise InvalidValueError('EASTPostprocessor: nms_thr must be in [0, 1], '
                                    f'got {nms_thr!r}')
        if not 0 < downsample_ratio <= 1:
            raise InvalidValueError('EASTPostprocessor: downsample_ratio must be in '
                                    f'(0, 1], got {downsample_ratio!r}')
        self.score_thr = score_thr
        self.nms_thr = nms_thr
        self.downsample_ratio = float(downsample_ratio)

    def __call__(self, preds: torch.Tensor | np.ndarray) -> list[list[float]]:
        if preds.ndim != 3 or preds.shape[0] not in (6, 9):
            raise InvalidValueError('EASTPostprocessor expects (6, H, W) (score + '
                                    'RBOX) or (9, H, W) (score + QUAD) maps, got '
                                    f'shape {tuple(preds.shape)}')
        preds = self.as_array(preds)
        ys, xs = np.nonzero(preds[0] > self.score_thr)
        if len(ys) == 0:
            return []
        geo = preds[1:, ys, xs]
        restore = restore_rbox if preds.shape[0] == 6 else restore_quad
        quads = restore(xs, ys, geo, self.downsample_ratio)
        boxes, scores = locality_aware_nms(
            quads, preds[0, ys, xs], ys, self.nms_thr)
        return [box.tolist() + [float(min(score, 1.0))]
                for box, score in zip(boxes, scores)]
