"""``EASTTargets``: EAST's score, geometry and training-mask maps."""
from __future__ import annotations

import math
from typing import Any

import cv2
import numpy as np

from mmocr.registry import PIPELINES
from mmocr.utils.errors import InvalidValueError
from mmocr.utils.polygon_utils import polygon_area, sort_points

from .base_textdet_targets import BaseTextDetTargets

__all__ = ['EASTTargets']

# Sub-pixel bits of the vertices given to cv2.fillPoly.
_SHIFT = 4


def _fill(canvas: np.ndarray, polygon: np.ndarray, value: float) -> None:
    """Fill ``polygon`` ``(K, 2)`` (float canvas pixels) into ``canvas``."""
    pts = np.round(polygon * (1 << _SHIFT)).astype(np.int32)
    cv2.fillPoly(canvas, [pts.reshape(-1, 1, 2)], value, lineType=cv2.LINE_8,
                 shift=_SHIFT)


@PIPELINES.register_module()
class EASTTargets(BaseTextDetTargets):
    """EAST's targets (Zhou et al. 2017, section 3.3), at the head's
    resolution.

    Map pixel ``(i, j)`` stands for the input point ``(x, y) = (j, i) /
    downsample_ratio``; the maps have ``round(H * downsample_ratio) x
    round(W * downsample_ratio)`` pixels for an ``H x W`` image
    (``results['img']``). Each text polygon of ``gt_masks`` becomes a quad:
    its 4 points sorted clockwise from the top-left one, or, with more (or
    fewer) than 4 points, its minimum-area rectangle. Then:

    * ``gt_score`` ``(1, h, w)``: 1 inside the quad shrunk as in the
      paper: each vertex ``p_i`` has the reference length ``r_i = min(|p_i
      p_{i+1}|, |p_i p_{i-1}|)``; each edge's end points move inwards along
      it by ``shrink_ratio * r`` of their vertex, the longer pair of
      opposite edges first;
    * ``gt_geo`` at those pixels: ``geometry='RBOX'`` ``(5, h, w)``: the
      distances (input pixels) from the point to the top, right, bottom and
      left sides of the quad's minimum-area rectangle, and its angle
      ``theta`` in ``[-pi/4, pi/4)``, the direction of the rectangle's
      "width" axis ``(cos theta, sin theta)`` (y down; the top side is the
      one towards ``(sin theta, -cos theta)``); ``'QUAD'`` ``(8, h, w)``:
      the offsets ``(dx1, dy1, ..., dx4, dy4)`` (input pixels) from the
      point to the sorted corners;
    * ``gt_mask`` ``(1, h, w)`` ``uint8``: 0 inside the polygons of
      ``gt_masks_ignore``, inside texts whose rectangle's shorter side is
      below ``min_text_size`` input pixels (zero-area quads included) and
      inside texts whose shrunk quad covers no map pixel; 1 elsewhere.

    Later texts overwrite earlier ones where they overlap. A polygon with
    fewer than 3 points or entirely outside the image is skipped with a
    warning (:meth:`~BaseTextDetTargets.usable_polygons`). The step must
    come after every geometric transform and after ``Pad`` (the maps are
    not images' masks: they are not in ``mask_fields``). Adds ``gt_score``,
    ``gt_geo``, ``gt_mask`` (``BitmapMasks``); removes ``gt_labels``, ``gt_masks``,
    ``gt_masks_ignore``, ``gt_bboxes``, ``gt_bboxes_ignore`` and clears
    ``bbox_fields`` and ``mask_fields``.

    Args:
        geometry: ``'RBOX'`` or ``'QUAD'`` (as the head).
        downsample_ratio: Map size / image size (as the head).
        shrink_ratio: Shrink of the score quad, as a fraction of each
            vertex's reference length (0.3 in the paper).
        min_text_size: Texts with a shorter side below this (input pixels)
            are masked out.
    """

    def __init__(self, geometry: str = 'RBOX', downsample_ratio: float = 0.25,
                 shrink_ratio: float = 0.3, min_text_size: float = 10):
        if geometry not in ('RBOX', 'QUAD'):
            raise InvalidValueError("EASTTargets: geometry must be 'RBOX' or 'QUAD', "
                                    f'got {geometry!r}')
        if not 0 < downsample_ratio <= 1:
            raise InvalidValueError('EASTTargets: downsample_ratio must be in (0, 1], '
                                    f'got {downsample_ratio!r}')
        if not 0 <= shrink_ratio < 0.5:
            raise InvalidValueError('EASTTargets: shrink_ratio must be in [0, 0.5), '
                                    f'got {shrink_ratio!r}')
        if not min_text_size >= 0:
            raise InvalidValueError('EASTTargets: min_text_size must be >= 0, got '
                                    f'{min_text_size!r}')
        self.geometry = geometry
        self.downsample_ratio = float(downsample_ratio)
        self.shrink_ratio = shrink_ratio
        self.min_text_size = min_text_size

    @staticmethod
    def to_quad(polygon: np.ndarray) -> np.ndarray:
        """``(4, 2)`` quad of a polygon ``(K, 2)``: its points sorted
        clockwise from the top-left one when ``K == 4``, else its
        minimum-area rectangle (sorted the same way)."""
        pts = np.asarray(polygon, dtype=np.float64).reshape(-1, 2)
        if len(pts) != 4:
            pts = cv2.boxPoints(cv2.minAreaRect(pts.astype(np.float32)))
        return sort_points(pts)

    @staticmethod
    def shrink_quad(quad: np.ndarray, ratio: float) -> np.ndarray:
        """The paper's shrunk quad ``(4, 2)`` of a sorted ``(4, 2)`` quad."""
        quad = np.asarray(quad, dtype=np.float64).copy()
        edge = np.linalg.norm(quad - np.roll(quad, -1, axis=0), axis=1)
        ref = np.minimum(edge, np.roll(edge, 1))  # r_i = min of i's 2 edges
        longer = (0, 2) if edge[0] + edge[2] > edge[1] + edge[3] else (1, 3)
        for i in longer + tuple({0, 1, 2, 3} - set(longer)):
            j = (i + 1) % 4
            vec = quad[j] - quad[i]
            length = np.linalg.norm(vec)
            if length == 0:
                continue
            unit = vec / length
            quad[i] += ratio * ref[i] * unit
            quad[j] -= ratio * ref[j] * unit
        return quad

    @staticmethod
    def rbox_frame(quad: np.ndarray) -> tuple[float, np.ndarray, np.ndarray,
                                              np.ndarray]:
        """``(theta, u, v, (u_min, u_max, v_min, v_max))`` of the
        minimum-area rectangle of ``quad`` ``(4, 2)``: its angle in ``[-pi/4,
        pi/4)``, its axes ``u = (cos, sin)``, ``v = (-sin, cos)`` and the
        extent of its corners' projections on them."""
        corners = cv2.boxPoints(cv2.minAreaRect(
            np.asarray(quad, dtype=np.float32))).astype(np.float64)
        dx, dy = corners[1] - corners[0]
        theta = (math.atan2(dy, dx) + math.pi / 4) % (math.pi / 2) - math.pi / 4
        u = np.array([math.cos(theta), math.sin(theta)])
        v = np.array([-math.sin(theta), math.cos(theta)])
        pu, pv = corners @ u, corners @ v
        return theta, u, v, np.array([pu.min(), pu.max(), pv.min(), pv.max()])

    def generate_targets(self, results: dict[str, Any]) -> dict[str, Any]:
        self.gt_polygon_masks(results)
        ratio = self.downsample_ratio
        img_h, img_w = results['img'].shape[:2]
        h, w = int(img_h * ratio + 0.5), int(img_w * ratio + 0.5)
        geo_channels = 5 if self.geometry == 'RBOX' else 8
        score = np.zeros((h, w), dtype=np.float32)
        geo = np.zeros((geo_channels, h, w), dtype=np.float32)
        mask = np.ones((h, w), dtype=np.uint8)
        ignored = results.get('gt_masks_ignore')
        for inst in (ignored.masks if ignored is not None else []):
            for poly in inst:
                pts = np.asarray(poly, dtype=np.float64).reshape(-1, 2)
                if len(pts) >= 3:
                    _fill(mask, pts * ratio, 0)
        for inst in self.usable_polygons(results['gt_masks'].masks,
                                         (img_h, img_w), results.get('filename')):
            pts = np.asarray(inst[0], dtype=np.float64).reshape(-1, 2)
            quad = self.to_quad(pts)
            side = min(cv2.minAreaRect(quad.astype(np.float32))[1])
            if (side < self.min_text_size or side == 0
                    or polygon_area(quad.reshape(-1)) == 0):
                _fill(mask, quad * ratio, 0)
                continue
            ys, xs = self._pixels(self.shrink_quad(quad, self.shrink_ratio)
                                  * ratio, (h, w))
            if len(ys) == 0:
                _fill(mask, quad * ratio, 0)
                continue
            px, py = xs / ratio, ys / ratio
            score[ys, xs] = 1
            if self.geometry == 'RBOX':
                theta, u, v, (u_min, u_max, v_min, v_max) = self.rbox_frame(
                    quad)
                pu, pv = px * u[0] + py * u[1], px * v[0] + py * v[1]
                geo[0, ys, xs] = np.maximum(pv - v_min, 0)  # top
                geo[1, ys, xs] = np.maximum(u_max - pu, 0)  # right
                geo[2, ys, xs] = np.maximum(v_max - pv, 0)  # bottom
                geo[3, ys, xs] = np.maximum(pu - u_min, 0)  # left
                geo[4, ys, xs] = theta
            else:
                geo[0::2, ys, xs] = quad[:, 0:1] - px
                geo[1::2, ys, xs] = quad[:, 1:2] - py
        self.drop_instances(results)
        return self.pack_maps(
            results, dict(gt_score=score, gt_geo=geo, gt_mask=mask), (h, w),
            mask_fields=False)

    @staticmethod
    def _pixels(polygon: np.ndarray, size: tuple[int, int]
                ) -> tuple[np.ndarray, np.ndarray]:
        """``(ys, xs)`` of the map pixels inside ``polygon`` ``(K, 2)``
        (map pixels), rasterised over its bounding box only."""
        h, w = size
        x0 = max(int(math.floor(polygon[:, 0].min())), 0)
        y0 = max(int(math.floor(polygon[:, 1].min())), 0)
        x1 = min(int(math.ceil(polygon[:, 0].max())), w - 1)
        y1 = min(int(math.ceil(polygon[:, 1].max())), h - 1)
        if x1 < x0 or y1 < y0:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        local = np.zeros((y1 - y0 + 1, x1 - x0 + 1), dtype=np.uint8)
        _fill(local, polygon - (x0, y0), 1)
        ys, xs = np.nonzero(local)
        return ys + y0, xs + x0

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(geometry={self.geometry!r}, '
                f'downsample_ratio={self.downsample_ratio}, '
                f'shrink_ratio={self.shrink_ratio}, '
                f'min_text_size={self.min_text_size})')
