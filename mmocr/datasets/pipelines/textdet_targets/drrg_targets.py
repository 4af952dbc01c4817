"""``DRRGTargets``: TextSnake's regions plus top / bottom height maps and
the text components of DRRG's training graphs."""
from __future__ import annotations

from typing import Any, Sequence

import cv2
import numpy as np

from mmocr.registry import PIPELINES
from mmocr.utils.errors import InvalidValueError

from .text_sidelines import (
    segment_pixels,
)
from .textsnake_targets import TextSnakeTargets

__all__ = ['DRRGTargets']

_FIELDS = ('gt_text_mask', 'gt_center_region_mask', 'gt_mask',
           'gt_top_height_map', 'gt_bot_height_map', 'gt_sin_map', 'gt_cos_map')


def _line_distance(points: np.ndarray, start: np.ndarray,
                   end: np.ndarray) -> np.ndarray:
    """``(n,)`` distance of each point ``(n, 2)`` to the line through its
    ``start``, ``end`` ``(n, 2)``."""
    d = end - start
    rel = points - start
    return np.abs(d[:, 0] * rel[:, 1] - d[:, 1] * rel[:, 0]) / (
        np.linalg.norm(d, axis=1) + 1e-8)


@PIPELINES.register_module()
class DRRGTargets(TextSnakeTargets):
    """DRRG's targets (https://arxiv.org/abs/2003.07493, MMOCR 0.x).

    The polygons are checked as :class:`TextSnakeTargets` does (same
    messages and skips); each text's sidelines are resampled every
    ``resample_step`` pixels and its center line run left to right (top to
    bottom when its end-to-end slope exceeds 2), with ``clip(h *
    comp_w_h_ratio, min_width, max_width) / 2 // resample_step`` points cut
    off each end (``h`` the end's height, when enough points are left). Each
    segment's center quadrangle (shrunk by ``center_region_shrink_ratio``)
    gets, a later one on top:

    * ``gt_center_region_mask`` 1;
    * ``gt_top_height_map`` / ``gt_bot_height_map``: each pixel's distance
      to the segment's top / bottom sideline;
    * ``gt_sin_map``, ``gt_cos_map``: sin and cos of the direction from the
      bottom to the top sideline (mid-points of the segment; y down).

    ``gt_text_mask`` and ``gt_mask`` as TextSnake's. ``gt_comp_attribs`` is
    a ``(num_max_comps, 8)`` float32 array, rows ``[num_comps, x, y, h, w,
    cos, sin, label]`` (zero rows after ``num_comps``): the text components,
    sampled along each text's center line (between its resampled
    sidelines) at a spacing making neighbours of one width overlap with IoU
    ``text_comp_nms_thr`` (the overlap 0.x's NMS of per-pixel components
    leaves): ``h`` the summed distances to the two sidelines, ``w =
    clip(h * comp_w_h_ratio, min_width, max_width)``, ``label`` the text's
    1-based index; their geometry jittered by ``jitter_level``; then random
    background components (label 0, half heights in
    ``[min_rand_half_height, max_rand_half_height)``) up to
    ``num_min_comps``; at most ``num_max_comps`` rows are kept.

    Args:
        orientation_thr: Head/tail threshold of quadrangles.
        resample_step: Sideline resampling step in pixels.
        num_min_comps: Fewest components of an image (more than the GCN's
            first-hop neighbours, ``k_at_hops[0]``).
        num_max_comps: Rows of ``gt_comp_attribs``.
        min_width, max_width: Component width bounds.
        center_region_shrink_ratio: Shrink ratio of the text center region.
        comp_shrink_ratio: Scale of the components' heights.
        comp_w_h_ratio: Component width / height.
        text_comp_nms_thr: IoU of neighbouring components.
        min_rand_half_height, max_rand_half_height: Half-height range of the
            random components.
        jitter_level: Relative jitter of the component geometry.
    """

    def __init__(self, orientation_thr: float = 2.0, resample_step: float = 8.0,
                 num_min_comps: int = 9, num_max_comps: int = 600,
                 min_width: float = 8.0, max_width: float = 24.0,
                 center_region_shrink_ratio: float = 0.3,
                 comp_shrink_ratio: float = 1.0, comp_w_h_ratio: float = 0.3,
                 text_comp_nms_thr: float = 0.25,
                 min_rand_half_height: float = 8.0,
                 max_rand_half_height: float = 24.0,
                 jitter_level: float = 0.2):
        super().__init__(orientation_thr, resample_step,
                         center_region_shrink_ratio)
        if not 1 <= num_min_comps <= num_max_comps:
            raise InvalidValueError('DRRGTargets: need 1 <= num_min_comps <= '
                                    f'num_max_comps, got {num_min_comps!r}, '
                                    f'{num_max_comps!r}')
        if not 0 < min_width <= max_width:
            raise InvalidValueError('DRRGTargets: need 0 < min_width <= max_width, '
                                    f'got {min_width!r}, {max_width!r}')
        if not 0 <= text_comp_nms_thr < 1:
            raise InvalidValueError('DRRGTargets: text_comp_nms_thr must be in [0, '
                                    f'1), got {text_comp_nms_thr!r}')
        if not 0 < min_rand_half_height < max_rand_half_height:
            raise InvalidValueError('DRRGTargets: need 0 < min_rand_half_height < '
                                    'max_rand_half_height, got '
                                    f'{min_rand_half_height!r}, '
                                    f'{max_rand_half_height!r}')
        self.num_min_comps = int(num_min_comps)
        self.num_max_comps = int(num_max_comps)
        self.min_width = float(min_width)
        self.max_width = float(max_width)
        self.comp_shrink_ratio = float(comp_shrink_ratio)
        self.comp_w_h_ratio = float(comp_w_h_ratio)
        self.text_comp_nms_thr = float(text_comp_nms_thr)
        self.min_rand_half_height = float(min_rand_half_height)
        self.max_rand_half_height = float(max_rand_half_height)
        self.jitter_level = float(jitter_level)

    def comp_width(self, height: np.ndarray | float) -> np.ndarray:
        """``clip(height * comp_w_h_ratio, min_width, max_width)``."""
        return np.clip(np.asarray(height) * self.comp_w_h_ratio, self.min_width,
                       self.max_width)

    #: DRRG orients its center lines by a steeper slope than TextSnake.
    center_line_slope_thr = 2.0

    def end_shrink(self, height: float) -> float:
        """Half a component's width (:meth:`comp_width`) at that height."""
        return float(self.comp_width(height)) / 2

    def draw_center_region_maps(self, top_line: np.ndarray, bot_line: np.ndarray,
                                center_line: np.ndarray,
                                center_region_mask: np.ndarray,
                                top_height_map: np.ndarray,
                                bot_height_map: np.ndarray, sin_map: np.ndarray,
                                cos_map: np.ndarray,
                                region_shrink_ratio: float) -> None:
        """Draw, in place, one text's center region, heights, sin and cos
        (``(h, w)`` maps) from its ``(m, 2)`` lines (see the class)."""
        if not top_line.shape == bot_line.shape == center_line.shape:
            raise InvalidValueError('top_line, bot_line and center_line must have '
                                    f'one shape, got {top_line.shape}, '
                                    f'{bot_line.shape}, {center_line.shape}')
        if len(center_line) < 2:
            return
        normal = ((top_line[:-1] + top_line[1:]) / 2
                  - (bot_line[:-1] + bot_line[1:]) / 2)
        sin, cos = self.vector_sin(normal), self.vector_cos(normal)
        top_in = center_line + (top_line - center_line) * region_shrink_ratio
        bot_in = center_line + (bot_line - center_line) * region_shrink_ratio
        quads = np.stack([top_in[:-1], top_in[1:], bot_in[1:], bot_in[:-1]],
                         axis=1).astype(np.int32)
        ys, xs, seg = segment_pixels(quads, center_region_mask.shape)
        pixels = np.stack([xs, ys], axis=1).astype(np.float64)
        center_region_mask[ys, xs] = 1
        top_height_map[ys, xs] = _line_distance(pixels, top_line[seg],
                                                top_line[seg + 1])
        bot_height_map[ys, xs] = _line_distance(pixels, bot_line[seg],
                                                bot_line[seg + 1])
        sin_map[ys, xs] = sin[seg]
        cos_map[ys, xs] = cos[seg]

    def sample_comps(self, top: np.ndarray, bot: np.ndarray,
                     center: np.ndarray, label: int) -> np.ndarray:
        """``(k, 7)`` components ``[x, y, h, w, cos, sin, label]`` of one
        text along its ``(m >= 2, 2)`` lines (see the class)."""
        seg_len = np.linalg.norm(np.diff(center, axis=0), axis=1)
        arc = np.concatenate([[0.0], np.cumsum(seg_len)])
        heights = np.linalg.norm(top - bot, axis=1) * self.comp_shrink_ratio
        thr = self.text_comp_nms_thr
        spacing = max(float(self.comp_width(heights.mean())) * (1 - thr)
                      / (1 + thr), 1.0)
        count = int(arc[-1] // spacing) + 1
        s = (arc[-1] - (count - 1) * spacing) / 2 + spacing * np.arange(count)
        seg = np.clip(np.searchsorted(arc, s, side='right') - 1, 0,
                      len(center) - 2)
        frac = ((s - arc[seg]) / np.maximum(seg_len[seg], 1e-8))[:, None]
        points = center[seg] + frac * (center[seg + 1] - center[seg])
        top_h = _line_distance(points, top[seg], top[seg + 1])
        bot_h = _line_distance(points, bot[seg], bot[seg + 1])
        height = (top_h + bot_h) * self.comp_shrink_ratio
        normal = ((top[seg] + top[seg + 1]) - (bot[seg] + bot[seg + 1])) / 2
        return np.stack([
            points[:, 0], points[:, 1], height, self.comp_width(height),
            self.vector_cos(normal), self.vector_sin(normal),
            np.full(len(points), float(label))
        ], axis=1)

    def generate_rand_comp_attribs(self, num_rand_comps: int,
                                   center_sample_mask: np.ndarray) -> np.ndarray:
        """``(num_rand_comps, 7)`` random background components ``[x, y, h,
        w, cos, sin, 0]`` centred in ``center_sample_mask`` ``(h, w)``
        (eroded, away from the border; anywhere away from the border when
        nothing is left), so that an image has enough graph nodes."""
        h, w = center_sample_mask.shape
        max_half, min_half = self.max_rand_half_height, self.min_rand_half_height
        margin = int(np.hypot(max_half, self.comp_width(2 * max_half) / 2)) + 1
        if 2 * margin + 1 > min(h, w):
            max_half = max(min(h, w) / 4, self.min_width / 2 + 1)
            min_half = max(max_half / 4, self.min_width / 2)
            margin = int(np.hypot(max_half,
                                  self.comp_width(2 * max_half) / 2)) + 1
            if 2 * margin + 1 > min(h, w):
                raise InvalidValueError(f'DRRGTargets: the image ({h}x{w}) is too '
                                        'small for random text components '
                                        f'(min_width={self.min_width})')
        inner = np.zeros_like(center_sample_mask, dtype=np.uint8)
        inner[margin:h - margin, margin:w - margin] = \
            center_sample_mask[margin:h - margin, margin:w - margin]
        size = int(np.clip(max_half, 7, 21))
        inner = cv2.erode(inner, np.ones((size, size), np.uint8))
        candidates = np.argwhere(inner > 0)
        if not len(candidates):
            ys, xs = np.mgrid[margin:h - margin, margin:w - margin]
            candidates = np.stack([ys.ravel(), xs.ravel()], axis=1)
        centers = candidates[np.random.randint(len(candidates),
                                               size=num_rand_comps)]
        half_top = np.random.randint(int(min_half), int(max_half),
                                     size=num_rand_comps)
        half_bot = np.random.randint(int(min_half), int(max_half),
                                     size=num_rand_comps)
        direction = 2 * np.random.random((num_rand_comps, 2)) - 1
        direction /= np.linalg.norm(direction, axis=1, keepdims=True) + 1e-8
        height = (half_top + half_bot).astype(np.float64)
        return np.stack([
            centers[:, 1], centers[:, 0], height, self.comp_width(height),
            direction[:, 0], direction[:, 1], np.zeros(num_rand_comps)
        ], axis=1)

    def jitter_comp_attribs(self, comp_attribs: np.ndarray,
                            jitter_level: float) -> np.ndarray:
        """Components ``(n, 7)`` with their centre, size and direction
        jittered (uniform, relative to ``jitter_level``), direction
        renormalised, labels kept."""
        attribs = np.array(comp_attribs, dtype=np.float64)
        n = len(attribs)
        x, y, h, w, cos, sin = attribs[:, :6].T
        noise = np.random.random((n, 6)) - 0.5
        x += noise[:, 0] * (h * np.abs(cos) + w * np.abs(sin)) * jitter_level
        y += noise[:, 1] * (h * np.abs(sin) + w * np.abs(cos)) * jitter_level
        h += noise[:, 2] * h * jitter_level
        w += noise[:, 3] * w * jitter_level
        cos += noise[:, 4] * 2 * jitter_level
        sin += noise[:, 5] * 2 * jitter_level
        scale = 1.0 / np.sqrt(cos**2 + sin**2 + 1e-8)
        attribs[:, :6] = np.stack([x, y, h, w, cos * scale, sin * scale], 1)
        return attribs

    def generate_comp_attribs(self, lines: Sequence[tuple[np.ndarray, ...]],
                              text_mask: np.ndarray) -> np.ndarray:
        """``gt_comp_attribs`` ``(num_max_comps, 8)`` of the texts' ``(top,
        bot, center)`` lines (see the class)."""
        comps = [self.sample_comps(top, bot, center, i + 1)
                 for i, (top, bot, center) in enumerate(lines)
                 if len(center) >= 2]
        attribs = (self.jitter_comp_attribs(np.concatenate(comps),
                                            self.jitter_level)
                   if comps else np.zeros((0, 7)))
        if len(attribs) < self.num_min_comps:
            attribs = np.concatenate([attribs, self.generate_rand_comp_attribs(
                self.num_min_comps - len(attribs), 1 - text_mask)])
        attribs = attribs[:self.num_max_comps]
        padded = np.zeros((self.num_max_comps, 8), np.float32)
        padded[:len(attribs), 0] = len(attribs)
        padded[:len(attribs), 1:] = attribs
        return padded

    def generate_targets(self, results: dict[str, Any]) -> dict[str, Any]:
        text_polys, ignore_polys = self.check_polygons(results)
        h, w = results['img_shape'][:2]
        maps = dict(
            gt_text_mask=self.generate_text_region_mask((h, w), text_polys),
            gt_mask=self.generate_effective_mask((h, w), ignore_polys),
            gt_center_region_mask=np.zeros((h, w), np.uint8))
        for key in _FIELDS[3:]:
            maps[key] = np.zeros((h, w), np.float32)
        lines = []
        for poly in text_polys:
            top, bot, center = self.center_line(np.asarray(poly[0]).reshape(-1, 2))
            lines.append((top, bot, center))
            self.draw_center_region_maps(
                top, bot, center, maps['gt_center_region_mask'],
                maps['gt_top_height_map'], maps['gt_bot_height_map'],
                maps['gt_sin_map'], maps['gt_cos_map'],
                self.center_region_shrink_ratio)
        results['gt_comp_attribs'] = self.generate_comp_attribs(
            lines, maps['gt_text_mask'])
        return self.pack_maps(results, {key: maps[key] for key in _FIELDS},
                              (h, w))

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(orientation_thr={self.orientation_thr}, '
                f'resample_step={self.resample_step}, num_min_comps='
                f'{self.num_min_comps}, num_max_comps={self.num_max_comps}, '
                f'min_width={self.min_width}, max_width={self.max_width}, '
                'center_region_shrink_ratio='
                f'{self.center_region_shrink_ratio}, comp_shrink_ratio='
                f'{self.comp_shrink_ratio}, comp_w_h_ratio={self.comp_w_h_ratio}, '
                f'text_comp_nms_thr={self.text_comp_nms_thr}, '
                f'min_rand_half_height={self.min_rand_half_height}, '
                f'max_rand_half_height={self.max_rand_half_height}, '
                f'jitter_level={self.jitter_level})')
