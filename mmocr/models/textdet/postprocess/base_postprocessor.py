"""Shared base of the text detection postprocessors."""
from __future__ import annotations

from typing import Any

import numpy as np
import torch

from mmocr.core.mask import points2boundary
from mmocr.utils.errors import InvalidValueError

__all__ = ['BasePostprocessor']


class BasePostprocessor:
    """Turns a head's raw maps into boundaries ``[x1, y1, ..., xn, yn, score]``.

    Args:
        text_repr_type: ``'quad'`` (minimum-area rotated rectangles, 4 points)
            or ``'poly'`` (polygons).
    """

    def __init__(self, text_repr_type: str = 'poly'):
        if text_repr_type not in ('poly', 'quad'):
            raise InvalidValueError("text_repr_type must be 'poly' or 'quad', got "
                                    f'{text_repr_type!r}')
        self.text_repr_type = text_repr_type

    @staticmethod
    def as_array(maps: torch.Tensor | np.ndarray | Any) -> np.ndarray:
        """A head's maps (tensor on any device, or array) as a contiguous
        float32 numpy array."""
        if isinstance(maps, torch.Tensor):
            maps = maps.detach().float().cpu().numpy()
        return np.ascontiguousarray(maps, dtype=np.float32)

    @staticmethod
    def sigmoid(logits: np.ndarray) -> np.ndarray:
        """Sigmoid of float32 logits, clipped to +-50 first (float32 ``exp``
        overflows past 88; ``sigmoid(+-50)`` is already 1 / 0)."""
        return 1 / (1 + np.exp(-np.clip(logits, -50, 50)))

    @staticmethod
    def is_valid_instance(area: float, confidence: float, area_thresh: float,
                          confidence_thresh: float) -> bool:
        """Whether a text instance is large and confident enough to keep."""
        return bool(area >= area_thresh and confidence > confidence_thresh)

    def label_boundaries(self, labels: np.ndarray, region_num: int,
                         areas: np.ndarray, mean_scores: np.ndarray,
                         min_area: float, min_score: float) -> list[list]:
        """One boundary per instance of a label map (PSENet, PANet).

        Args:
            labels: ``(H, W)`` ints, 0 background, ``1 .. region_num - 1``
                the instances.
            region_num: Number of labels, background included.
            areas: ``(region_num,)`` pixel counts per label.
            mean_scores: ``(region_num,)`` mean text scores per label.
            min_area: Instances with fewer pixels are dropped.
            min_score: Instances whose mean score is not above it are
                dropped.

        Returns:
            ``[x1, y1, ..., xn, yn, score]`` per kept instance (in
            :attr:`text_repr_type`), score the mean score capped at 1.
        """
        flat = labels.ravel()
        order = np.argsort(flat, kind='stable')
        starts = np.searchsorted(flat[order], np.arange(region_num + 1))
        ys, xs = np.divmod(order, labels.shape[1])
        boundaries = []
        for label in range(1, region_num):
            if not self.is_valid_instance(areas[label], mean_scores[label],
                                          min_area, min_score):
                continue
            sl = slice(starts[label], starts[label + 1])
            points = np.stack([xs[sl], ys[sl]], axis=1)
            boundary = points2boundary(points, self.text_repr_type,
                                       float(min(mean_scores[label], 1.0)))
            if boundary is not None:
                boundaries.append(boundary)
        return boundaries
