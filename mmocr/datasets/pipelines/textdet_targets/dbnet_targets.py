"""``DBNetTargets``: probability, threshold and mask maps for DBNet."""
from __future__ import annotations

from typing import Any

import cv2
import numpy as np

from mmocr.core.mask import PolygonMasks
from mmocr.registry import PIPELINES
from mmocr.utils.errors import InvalidValueError
from mmocr.utils.polygon_utils import offset_polygon, shrink_distance

from .base_textdet_targets import BaseTextDetTargets

__all__ = ['DBNetTargets', 'segment_distances']


def segment_distances(xs: np.ndarray, ys: np.ndarray,
                      polygon: np.ndarray) -> np.ndarray:
    """Distance from each point ``(xs, ys)`` (shape (H, W)) to the closest
    edge of the closed ``polygon`` ``(N, 2)``; shape (H, W)."""
    start = polygon.astype(np.float64)
    end = np.roll(start, -1, axis=0)
    edge = end - start  # (N, 2)
    length_sq = np.maximum((edge**2).sum(1), 1e-12)[:, None, None]
    px = xs[None] - start[:, 0, None, None]  # (N, H, W)
    py = ys[None] - start[:, 1, None, None]
    t = np.clip((px * edge[:, 0, None, None] + py * edge[:, 1, None, None]) /
                length_sq, 0, 1)
    dx = px - t * edge[:, 0, None, None]
    dy = py - t * edge[:, 1, None, None]
    return np.sqrt(dx**2 + dy**2).min(axis=0)


@PIPELINES.register_module()
class DBNetTargets(BaseTextDetTargets):
    """Generate DBNet's targets from ``gt_masks`` / ``gt_masks_ignore``
    (:class:`PolygonMasks`).

    Instances whose area is < 1 or whose shorter side is < ``min_short_size``
    (or that vanish when shrunk) move to the ignored set. Outputs, each a
    :class:`BitmapMasks` of one ``(H, W)`` map, appended to ``mask_fields``
    (which then holds only them; ``gt_masks``, ``gt_labels`` and the boxes are
    removed):

    * ``gt_shrink``: polygons shrunk by ``D = area * (1 - shrink_ratio^2) /
      perimeter`` (:func:`~mmocr.utils.polygon_utils.shrink_distance`, not
      rounded) filled with their 1-based index (float32);
    * ``gt_shrink_mask``: 0 inside ignored polygons, else 1 (uint8);
    * ``gt_thr``: ``thr_min + (thr_max - thr_min) * (1 - d / D)`` near each
      polygon edge, ``d`` the distance to the edge and ``D`` the shrink
      distance, ``thr_min`` elsewhere (float32);
    * ``gt_thr_mask``: 1 inside the polygons dilated by ``D`` (uint8).
    """

    def __init__(self, shrink_ratio: float = 0.4, thr_min: float = 0.3,
                 thr_max: float = 0.7, min_short_size: int = 8):
        if not 0 < shrink_ratio < 1:
            raise InvalidValueError(f'shrink_ratio must be in (0, 1), got '
                                    f'{shrink_ratio}')
        self.shrink_ratio = shrink_ratio
        self.thr_min = thr_min
        self.thr_max = thr_max
        self.min_short_size = min_short_size

    def invalid_polygon(self, poly: np.ndarray) -> bool:
        if abs(self.polygon_area(poly)) < 1:
            return True
        return min(self.polygon_size(poly)) < self.min_short_size

    def find_invalid(self, results: dict[str, Any]) -> list[bool]:
        return [self.invalid_polygon(inst[0])
                for inst in results['gt_masks'].masks]

    @staticmethod
    def ignore_texts(results: dict[str, Any],
                     ignore_tags: list[bool]) -> tuple[dict, list[bool]]:
        """Move the instances tagged in ``ignore_tags`` from ``gt_masks`` to
        ``gt_masks_ignore`` (dropping their labels)."""
        masks = results['gt_masks']
        ignored = results['gt_masks_ignore']
        keep = [not t for t in ignore_tags]
        results['gt_masks_ignore'] = PolygonMasks(
            ignored.masks + [m for m, k in zip(masks.masks, keep) if not k],
            ignored.height, ignored.width)
        results['gt_masks'] = PolygonMasks(
            [m for m, k in zip(masks.masks, keep) if k], masks.height,
            masks.width)
        if 'gt_labels' in results:
            labels = np.asarray(results['gt_labels'])
            if len(labels) == len(keep):
                results['gt_labels'] = labels[np.asarray(keep, bool)]
        return results, [False] * sum(keep)

    def draw_border_map(self, polygon: np.ndarray, canvas: np.ndarray,
                        mask: np.ndarray) -> None:
        """Draw one polygon's normalised edge distance into ``canvas``
        (max-combined) and its dilated area into ``mask``."""
        pts = np.asarray(polygon, dtype=np.float64).reshape(-1, 2)
        distance = shrink_distance(pts, self.shrink_ratio)
        if distance <= 0:
            return
        padded = offset_polygon(pts, distance).reshape(-1, 2)
        padded = (padded if len(padded) else pts).astype(np.int32)
        cv2.fillPoly(mask, [padded], 1)
        x_min, y_min = padded.min(0)
        x_max, y_max = padded.max(0)
        hgt, wid = canvas.shape
        x0, x1 = max(x_min, 0), min(x_max, wid - 1)
        y0, y1 = max(y_min, 0), min(y_max, hgt - 1)
        if x0 > x1 or y0 > y1:
            return
        ys, xs = np.mgrid[y0:y1 + 1, x0:x1 + 1].astype(np.float64)
        dist = np.clip(segment_distances(xs, ys, pts) / distance, 0, 1)
        region = canvas[y0:y1 + 1, x0:x1 + 1]
        np.fmax(region, 1 - dist, out=region)

    def generate_thr_map(self, img_size: tuple[int, int],
                         polygons: list) -> tuple[np.ndarray, np.ndarray]:
        thr_map = np.zeros(img_size, dtype=np.float32)
        thr_mask = np.zeros(img_size, dtype=np.uint8)
        for inst in polygons:
            self.draw_border_map(inst[0], thr_map, thr_mask)
        thr_map = thr_map * (self.thr_max - self.thr_min) + self.thr_min
        return thr_map, thr_mask

    def generate_targets(self, results: dict[str, Any]) -> dict[str, Any]:
        self.gt_polygon_masks(results)
        h, w = results['img_shape'][:2]
        if 'gt_masks_ignore' not in results:
            results['gt_masks_ignore'] = PolygonMasks([], h, w)
        results['bbox_fields'] = []
        results, tags = self.ignore_texts(results, self.find_invalid(results))
        gt_shrink, tags = self.generate_kernels(
            (h, w), results['gt_masks'].masks, self.shrink_ratio,
            ignore_tags=tags)
        results, _ = self.ignore_texts(results, tags)
        gt_shrink_mask = self.generate_effective_mask(
            (h, w), results['gt_masks_ignore'].masks)
        gt_thr, gt_thr_mask = self.generate_thr_map(
            (h, w), results['gt_masks'].masks)
        self.drop_instances(results)
        return self.pack_maps(
            results, dict(gt_shrink=gt_shrink, gt_shrink_mask=gt_shrink_mask,
                          gt_thr=gt_thr, gt_thr_mask=gt_thr_mask), (h, w))

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(shrink_ratio={self.shrink_ratio}, '
                f'thr_min={self.thr_min}, thr_max={self.thr_max}, '
                f'min_short_size={self.min_short_size})')
