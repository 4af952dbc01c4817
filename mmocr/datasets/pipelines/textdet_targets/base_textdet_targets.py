"""Shared pieces of the text detection target generators."""
from __future__ import annotations

from typing import Any, Sequence

import cv2
import numpy as np
import pyclipper
from shapely.geometry import Polygon

__all__ = ['BaseTextDetTargets']


class BaseTextDetTargets:
    """Kernel/effective-mask helpers; subclasses implement
    ``generate_targets(results) -> results`` (also their ``__call__``)."""

    @staticmethod
    def polygon_area(polygon: np.ndarray) -> float:
        """Signed shoelace area of a flat polygon ``[x1, y1, ...]``."""
        pts = np.asarray(polygon, dtype=np.float64).reshape(-1, 2)
        nxt = np.roll(pts, -1, axis=0)
        return float(((nxt[:, 0] - pts[:, 0]) * (nxt[:, 1] + pts[:, 1])).sum()
                     / 2.0)

    @staticmethod
    def polygon_size(polygon: np.ndarray) -> tuple[float, float]:
        """Side lengths of the minimum-area rectangle around ``polygon``."""
        pts = np.asarray(polygon).reshape(-1, 2).astype(np.int32)
        return cv2.minAreaRect(pts)[1]

    @staticmethod
    def generate_kernels(img_size: Sequence[int],
                         text_polys: Sequence[Sequence[np.ndarray]],
                         shrink_ratio: float, max_shrink: int = 2**31,
                         ignore_tags: list[bool] | None = None
                         ) -> tuple[np.ndarray, list[bool] | None]:
        """Fill each polygon shrunk by ``d = area * (1 - r^2) / perimeter``
        with its 1-based index.

        Returns:
            ``(kernel float32 (H, W), ignore_tags)``; an instance that
            vanishes when shrunk is tagged ignored.
        """
        h, w = img_size
        kernel = np.zeros((h, w), dtype=np.float32)
        for idx, inst in enumerate(text_polys):
            pts = np.asarray(inst[0]).reshape(-1, 2).astype(np.int32)
            area = Polygon(pts).area
            peri = cv2.arcLength(pts, True)
            distance = min(int(area * (1 - shrink_ratio**2) / (peri + 0.001)
                               + 0.5), max_shrink)
            offset = pyclipper.PyclipperOffset()
            offset.AddPath(pts.tolist(), pyclipper.JT_ROUND,
                           pyclipper.ET_CLOSEDPOLYGON)
            shrunk = offset.Execute(-distance)
            if len(shrunk) == 0 or len(shrunk[0]) < 3:
                if ignore_tags is not None:
                    ignore_tags[idx] = True
                continue
            shrunk_pts = np.asarray(shrunk[0], dtype=np.int32).reshape(-1, 2)
            cv2.fillPoly(kernel, [shrunk_pts], idx + 1)
        return kernel, ignore_tags

    @staticmethod
    def generate_effective_mask(mask_size: Sequence[int],
                                polygons_ignore: Sequence[Sequence[np.ndarray]]
                                ) -> np.ndarray:
        """``uint8`` (H, W): 1 everywhere except inside ignored polygons."""
        mask = np.ones(mask_size, dtype=np.uint8)
        for inst in polygons_ignore:
            pts = [np.asarray(p).reshape(-1, 2).astype(np.int32) for p in inst]
            cv2.fillPoly(mask, pts, 0)
        return mask

    def generate_targets(self, results: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError(
            f'{type(self).__name__} does not implement generate_targets')

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        return self.generate_targets(results)
