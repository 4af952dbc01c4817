"""TextSnake's postprocessor: center-region skeletons, disks along them, and
the disks' union as the text boundary."""
from __future__ import annotations

import cv2
import numpy as np
import torch

from mmocr.registry import POSTPROCESSOR
from mmocr.utils.errors import InvalidValueError

from .base_postprocessor import BasePostprocessor
from .utils import centralize, fill_hole, merge_disks, skeletonize

__all__ = ['TextSnakePostprocessor']


@POSTPROCESSOR.register_module()
class TextSnakePostprocessor(BasePostprocessor):
    """Decode TextSnake's maps (https://arxiv.org/abs/1807.01544) into text
    polygons, as MMOCR 0.x.

    With ``text = sigmoid(maps[0])`` and ``center = sigmoid(maps[1]) *
    text``: the pixels where ``center > min_center_region_confidence``
    (holes filled) form the center regions; each with a contour area of at
    least ``min_center_area`` is thinned to a skeleton
    (:func:`~.utils.skeletonize`), whose points are moved to the middle of
    the region along the normal of the predicted direction
    (:func:`~.utils.centralize`). Each moved point is a disk of radius
    ``maps[4] * radius_shrink_ratio`` and score ``center`` there; nearly
    coincident disks are merged (:func:`~.utils.merge_disks`) and those of
    radius > 1 drawn; the first outer contour of the drawing (more than 4
    points, non-zero area) is the boundary, scored by the mean ``text``
    inside it. Every region is processed in a crop around it large enough
    for its disks, never on a full-image mask.

    ``__call__(preds)``: ``preds`` ``(5, H, W)`` (logits of text and center
    region, sin, cos, radius; tensor or array). Returns boundaries ``[x1,
    y1, ..., xn, yn, score]`` in map pixels.

    Args:
        text_repr_type: Only ``'poly'``.
        min_text_region_confidence: Text-region threshold (0.x computes the
            mask and never uses it; kept for its configs).
        min_center_region_confidence: Center-region score threshold.
        min_center_area: Minimal contour area of a center region.
        disk_overlap_thr: Disks closer than ``(r1 + r2) * disk_overlap_thr``
            are merged.
        radius_shrink_ratio: Scale of the predicted radii.
    """

    def __init__(self, text_repr_type: str = 'poly',
                 min_text_region_confidence: float = 0.6,
                 min_center_region_confidence: float = 0.2,
                 min_center_area: int = 30, disk_overlap_thr: float = 0.03,
                 radius_shrink_ratio: float = 1.03):
        super().__init__(text_repr_type)
        if text_repr_type != 'poly':
            raise InvalidValueError("TextSnakePostprocessor supports "
                                    f"text_repr_type='poly' only, got "
                                    f'{text_repr_type!r}')
        self.min_text_region_confidence = min_text_region_confidence
        self.min_center_region_confidence = min_center_region_confidence
        self.min_center_area = min_center_area
        self.disk_overlap_thr = disk_overlap_thr
        self.radius_shrink_ratio = radius_shrink_ratio

    def __call__(self, preds: torch.Tensor | np.ndarray) -> list[list[float]]:
        maps = self.as_array(preds)
        if maps.ndim != 3 or maps.shape[0] != 5:
            raise InvalidValueError('TextSnakePostprocessor expects (5, H, W) maps, '
                                    f'got shape {maps.shape}')
        text_score = self.sigmoid(maps[0])
        center_score = self.sigmoid(maps[1]) * text_score
        scale = 1.0 / np.sqrt(maps[2]**2 + maps[3]**2 + 1e-8)
        sin, cos, radius = maps[2] * scale, maps[3] * scale, maps[4]
        center_mask = fill_hole(
            center_score > self.min_center_region_confidence).astype(np.uint8)
        contours, _ = cv2.findContours(center_mask, cv2.RETR_TREE,
                                       cv2.CHAIN_APPROX_SIMPLE)
        h, w = center_mask.shape
        boundaries = []
        for contour in contours:
            if cv2.contourArea(contour) < self.min_center_area:
                continue
            bx, by, bw, bh = cv2.boundingRect(contour)
            # The region's crop, with a 1-pixel background border (skeleton
            # and walks see the same neighbourhood as on the full image).
            cx0, cy0 = max(bx - 1, 0), max(by - 1, 0)
            cx1, cy1 = min(bx + bw + 1, w), min(by + bh + 1, h)
            region = np.zeros((cy1 - cy0, cx1 - cx0), np.uint8)
            cv2.drawContours(region, [contour], -1, 1, -1,
                             offset=(-cx0, -cy0))
            skeleton_yx = np.argwhere(skeletonize(region))
            ys, xs = skeleton_yx[:, 0] + cy0, skeleton_yx[:, 1] + cx0
            centers = centralize(skeleton_yx, cos[ys, xs], -sin[ys, xs],
                                 radius[ys, xs], region)
            ys, xs = centers[:, 0] + cy0, centers[:, 1] + cx0
            disks = merge_disks(np.stack(
                [xs, ys, radius[ys, xs] * self.radius_shrink_ratio,
                 center_score[ys, xs]], axis=1), self.disk_overlap_thr)
            boundary = self.draw_disks(disks, text_score)
            if boundary is not None:
                boundaries.append(boundary)
        return boundaries

    @staticmethod
    def draw_disks(disks: np.ndarray,
                   text_score: np.ndarray) -> list[float] | None:
        """The boundary ``[x1, y1, ..., score]`` of the union of the disks
        ``(m, 4)`` of radius > 1 (drawn in a crop that holds them all),
        scored by the mean ``text_score`` inside; ``None``
        when it has at most 4 points or no area."""
        h, w = text_score.shape
        disks = disks[disks[:, 2] > 1]
        if not len(disks):
            return None
        centers = disks[:, :2].astype(np.int64)
        margin = int(disks[:, 2].max()) + 2
        x0 = max(int(centers[:, 0].min()) - margin, 0)
        y0 = max(int(centers[:, 1].min()) - margin, 0)
        x1 = min(int(centers[:, 0].max()) + margin + 1, w)
        y1 = min(int(centers[:, 1].max()) + margin + 1, h)
        canvas = np.zeros((y1 - y0, x1 - x0), np.uint8)
        for (cx, cy), r in zip(centers, disks[:, 2]):
            cv2.circle(canvas, (int(cx) - x0, int(cy) - y0), int(r), 1, -1)
        contours, _ = cv2.findContours(canvas, cv2.RETR_TREE,
                                       cv2.CHAIN_APPROX_SIMPLE)
        if (not contours or cv2.contourArea(contours[0]) <= 0
                or contours[0].size <= 8):
            return None
        inside = canvas.astype(bool)
        score = float(text_score[y0:y1, x0:x1][inside].sum()
                      / (inside.sum() + 1e-8))
        points = contours[0].reshape(-1, 2) + np.array([x0, y0])
        return points.reshape(-1).tolist() + [score]

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(min_center_region_confidence='
                f'{self.min_center_region_confidence}, min_center_area='
                f'{self.min_center_area}, disk_overlap_thr='
                f'{self.disk_overlap_thr}, radius_shrink_ratio='
                f'{self.radius_shrink_ratio})')
