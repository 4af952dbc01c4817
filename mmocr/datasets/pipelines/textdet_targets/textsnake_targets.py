"""``TextSnakeTargets``: text region, text center region, effective mask and
the radius / sin / cos maps of TextSnake (shared by DRRG's targets)."""
from __future__ import annotations

import warnings
from typing import Any, Sequence

import cv2
import numpy as np

from mmocr.registry import PIPELINES
from mmocr.utils.errors import InvalidValueError

from .base_textdet_targets import BaseTextDetTargets
from .text_sidelines import reorder_poly_edge, resample_sidelines, vector_slope

__all__ = ['TextSnakeTargets']

_FIELDS = ('gt_text_mask', 'gt_center_region_mask', 'gt_mask',
           'gt_radius_map', 'gt_sin_map', 'gt_cos_map')


@PIPELINES.register_module()
class TextSnakeTargets(BaseTextDetTargets):
    """TextSnake's targets (https://arxiv.org/abs/1807.01544, MMOCR 0.x).

    Each text polygon (points truncated to ints, repeated consecutive
    points dropped) is split into head, tail and two sidelines
    (:func:`~.text_sidelines.reorder_poly_edge`), the sidelines resampled
    every ``resample_step`` pixels to the same number of points; the
    center line is their midpoints, run left to right (top to bottom when
    its end-to-end slope exceeds 0.9), with ``|top - bot| / 4 //
    resample_step`` points cut off each end (when enough are left). Each
    segment ``i`` of the center line gets a quadrangle between the
    sidelines shrunk towards the center line by
    ``center_region_shrink_ratio``; its pixels get (a later segment or
    polygon on top):

    * ``gt_center_region_mask`` 1;
    * ``gt_radius_map``: half the distance between the midpoints of the top
      and of the bottom segment;
    * ``gt_sin_map``, ``gt_cos_map``: sin and cos of the center line's
      segment direction (image axes: y down).

    ``gt_text_mask`` is 1 inside the text polygons, ``gt_mask`` 0 inside the
    ignored ones (``gt_masks_ignore``). Each becomes a one-mask
    ``BitmapMasks`` of the image size, appended to the emptied
    ``mask_fields``.

    Bad polygons: an odd number of coordinates is an ``InvalidValueError``
    naming the polygon and the image. A polygon with fewer than 4 distinct
    points or no area is skipped with a warning; a self-intersecting one
    (or one whose sidelines cannot be found) is treated as ignored
    (``gt_mask`` 0 over it) with a warning. An image without text gets
    all-zero maps and ``gt_mask`` 1.

    For subclasses (DRRG's targets, whose maps differ): :meth:`check_polygons`
    (the polygon checks), :meth:`center_line` (sidelines and center line)
    and :meth:`draw_center_region_maps` (one text's maps).

    Args:
        orientation_thr: Head/tail threshold of quadrangles (see
            :func:`~.text_sidelines.find_head_tail`).
        resample_step: Sideline resampling step in pixels.
        center_region_shrink_ratio: Shrink ratio of the text center region.
    """

    def __init__(self, orientation_thr: float = 2.0, resample_step: float = 4.0,
                 center_region_shrink_ratio: float = 0.3):
        name = type(self).__name__
        if resample_step <= 0:
            raise InvalidValueError(f'{name}: resample_step must be > 0, got '
                                    f'{resample_step!r}')
        if not 0 < center_region_shrink_ratio <= 1:
            raise InvalidValueError(f'{name}: center_region_shrink_ratio must be in '
                                    f'(0, 1], got {center_region_shrink_ratio!r}')
        self.orientation_thr = float(orientation_thr)
        self.resample_step = float(resample_step)
        self.center_region_shrink_ratio = float(center_region_shrink_ratio)

    @staticmethod
    def vector_sin(vec: np.ndarray) -> np.ndarray:
        """``dy / |vec|`` of ``(..., 2)`` vectors (norm offset by 1e-8)."""
        return vec[..., 1] / (np.linalg.norm(vec, axis=-1) + 1e-8)

    @staticmethod
    def vector_cos(vec: np.ndarray) -> np.ndarray:
        """``dx / |vec|`` of ``(..., 2)`` vectors (norm offset by 1e-8)."""
        return vec[..., 0] / (np.linalg.norm(vec, axis=-1) + 1e-8)

    #: A center line steeper than this (|dy / dx|) runs top to bottom,
    #: else left to right.
    center_line_slope_thr = 0.9

    def end_shrink(self, height: float) -> float:
        """How far (pixels) the center line is cut back at an end where the
        text is ``height`` high: a quarter of it."""
        return height / 4.0

    def center_line(self, points: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(top, bot, center)`` lines, ``(m, 2)`` float each, of a text
        polygon ``points`` ``(n >= 4, 2)``: the resampled sidelines, the
        bottom one reversed so that point ``i`` faces top point ``i``, and
        their midpoints, oriented and end-shrunk as the class describes."""
        _, _, top, bot = reorder_poly_edge(points, self.orientation_thr)
        top, bot = resample_sidelines(top, bot, self.resample_step)
        bot = bot[::-1]
        center = (top + bot) / 2
        direction = center[-1] - center[0]
        axis = 1 if vector_slope(direction) > self.center_line_slope_thr else 0
        if direction[axis] < 0:
            top, bot, center = top[::-1], bot[::-1], center[::-1]
        head = int(self.end_shrink(np.linalg.norm(top[0] - bot[0]))
                   // self.resample_step)
        tail = int(self.end_shrink(np.linalg.norm(top[-1] - bot[-1]))
                   // self.resample_step)
        if len(center) > head + tail + 2:
            end = len(center) - tail
            top, bot, center = top[head:end], bot[head:end], center[head:end]
        return top, bot, center

    def draw_center_region_maps(self, top_line: np.ndarray, bot_line: np.ndarray,
                                center_line: np.ndarray,
                                center_region_mask: np.ndarray,
                                radius_map: np.ndarray, sin_map: np.ndarray,
                                cos_map: np.ndarray,
                                region_shrink_ratio: float) -> None:
        """Draw, in place, one text's center region and its radius, sin and
        cos (``(h, w)`` maps) from its ``(m, 2)`` lines (see the class)."""
        if not top_line.shape == bot_line.shape == center_line.shape:
            raise InvalidValueError('top_line, bot_line and center_line must have '
                                    f'one shape, got {top_line.shape}, '
                                    f'{bot_line.shape}, {center_line.shape}')
        if len(center_line) < 2:
            return
        radius = np.linalg.norm((top_line[:-1] + top_line[1:]) / 2
                                - (bot_line[:-1] + bot_line[1:]) / 2,
                                axis=1) / 2
        direction = center_line[1:] - center_line[:-1]
        sin, cos = self.vector_sin(direction), self.vector_cos(direction)
        top_in = center_line + (top_line - center_line) * region_shrink_ratio
        bot_in = center_line + (bot_line - center_line) * region_shrink_ratio
        quads = np.stack([top_in[:-1], top_in[1:], bot_in[1:], bot_in[:-1]],
                         axis=1).astype(np.int32)
        # Segment index (1-based) per pixel of the quads' bounding box,
        # later segments on top; then every map is a table lookup.
        h, w = center_region_mask.shape
        x0, y0 = np.maximum(quads.reshape(-1, 2).min(0), 0)
        x1, y1 = np.minimum(quads.reshape(-1, 2).max(0) + 1, (w, h))
        if x1 <= x0 or y1 <= y0:
            return
        owner = np.zeros((y1 - y0, x1 - x0), np.int32)
        for i, quad in enumerate(quads):
            cv2.fillPoly(owner, [quad], i + 1, offset=(-int(x0), -int(y0)))
        ys, xs = np.nonzero(owner)
        seg = owner[ys, xs] - 1
        ys, xs = ys + y0, xs + x0
        center_region_mask[ys, xs] = 1
        radius_map[ys, xs] = radius[seg]
        sin_map[ys, xs] = sin[seg]
        cos_map[ys, xs] = cos[seg]

    def generate_center_mask_attrib_maps(
            self, img_size: tuple[int, int],
            text_polys: Sequence[Sequence[np.ndarray]]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``(center_region_mask uint8, radius_map, sin_map, cos_map
        float32)``, ``(h, w)`` each, of the (valid, see
        :meth:`check_polygons`) ``text_polys``."""
        h, w = img_size
        center_region_mask = np.zeros((h, w), np.uint8)
        radius_map, sin_map, cos_map = (np.zeros((h, w), np.float32)
                                        for _ in range(3))
        for poly in text_polys:
            points = np.asarray(poly[0]).reshape(-1, 2)
            top, bot, center = self.center_line(points)
            self.draw_center_region_maps(top, bot, center, center_region_mask,
                                         radius_map, sin_map, cos_map,
                                         self.center_region_shrink_ratio)
        return center_region_mask, radius_map, sin_map, cos_map

    def check_polygons(self, results: dict[str, Any]
                       ) -> tuple[list[list[np.ndarray]], list[list[np.ndarray]]]:
        """``(text_polys, ignore_polys)`` of ``results``: one flat int32
        polygon (repeated consecutive points dropped) per instance, the bad
        ones skipped or moved to the ignored ones (see the class)."""
        name = type(self).__name__
        self.gt_polygon_masks(results)
        where = results.get('filename') or 'the image (no filename)'
        ignored = results.get('gt_masks_ignore')
        text_polys: list[list[np.ndarray]] = []
        ignore_polys: list[list[np.ndarray]] = []
        for kind, masks in (('text', results['gt_masks'].masks),
                            ('ignored', ignored.masks if ignored else [])):
            for idx, inst in enumerate(masks):
                label = f'{name}: {kind} polygon {idx} of {where}'
                flat = self.even_coordinates(inst[0], label)
                if kind == 'ignored':
                    ignore_polys.append([flat])
                    continue
                points = self.drop_repeated_points(
                    flat.reshape(-1, 2).astype(np.int32))
                action = self.boundary_action(flat, points, label)
                if action == 'keep':
                    try:
                        self.center_line(points)
                    except InvalidValueError as err:
                        warnings.warn(f'{label} has no sidelines ({err}) '
                                      f'({flat.tolist()}); treated as ignored',
                                      stacklevel=3)
                        action = 'ignore'
                if action == 'keep':
                    text_polys.append([points.reshape(-1)])
                elif action == 'ignore':
                    ignore_polys.append([flat])
        return text_polys, ignore_polys

    def generate_targets(self, results: dict[str, Any]) -> dict[str, Any]:
        text_polys, ignore_polys = self.check_polygons(results)
        h, w = results['img_shape'][:2]
        maps = dict(
            gt_text_mask=self.generate_text_region_mask((h, w), text_polys),
            gt_mask=self.generate_effective_mask((h, w), ignore_polys))
        (maps['gt_center_region_mask'], maps['gt_radius_map'],
         maps['gt_sin_map'], maps['gt_cos_map']) = \
            self.generate_center_mask_attrib_maps((h, w), text_polys)
        return self.pack_maps(results, {key: maps[key] for key in _FIELDS},
                              (h, w))

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(orientation_thr={self.orientation_thr}, '
                f'resample_step={self.resample_step}, '
                'center_region_shrink_ratio='
                f'{self.center_region_shrink_ratio})')
