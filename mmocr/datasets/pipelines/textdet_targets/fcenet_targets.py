"""``FCENetTargets``: per-level text region, text center, effective mask and
Fourier coefficient maps for FCENet."""
from __future__ import annotations

import warnings
from typing import Any, Sequence

import cv2
import numpy as np

from mmocr.registry import PIPELINES
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

from .base_textdet_targets import BaseTextDetTargets
from .text_sidelines import reorder_poly_edge, resample_sidelines

__all__ = ['FCENetTargets']


@PIPELINES.register_module()
class FCENetTargets(BaseTextDetTargets):
    """FCENet's targets (https://arxiv.org/abs/2104.10442, MMOCR 0.x).

    Each text (and ignored) polygon goes to every level whose
    ``level_proportion_range`` (open interval) holds ``max(box_w, box_h) /
    image_h`` (its bounding box), scaled by ``1 / level_size_divisors``.
    Level ``i`` gets an ``(4K + 5, H // d_i, W // d_i)`` float32 array:
    text region mask, text center region mask, effective mask (0 inside
    ignored polygons), then the real and the imaginary parts of the ``2K +
    1`` Fourier coefficients ``c_{-K}..c_K`` of the text contour on its
    pixels, ``c_0`` relative to the pixel (``c_0 - (x + 1j * y)``); a later
    polygon overwrites an earlier one. The coefficients come from an FFT of
    the contour resampled to 400 points by arc length, starting at its
    top middle point and made clockwise (``|c_1| > |c_-1|``).

    The text center region is the band between the two sidelines
    (:func:`~.text_sidelines.reorder_poly_edge`, resampled every
    ``resample_step`` pixels) shrunk towards the center line by
    ``center_region_shrink_ratio``, with a quarter of the end widths cut off
    each end.

    Adds ``p3_maps``, ``p4_maps``, ``p5_maps`` (one per level) and empties
    ``mask_fields``.

    Bad polygons (:class:`TextSnakeTargets`' rules): an odd number of
    coordinates is an ``InvalidValueError`` naming the polygon and the image;
    a text polygon with fewer than 4 distinct points or no area is skipped
    with a warning, a self-intersecting one treated as ignored (effective
    mask 0 over it, no text) with a warning; an ignored polygon with fewer
    than 4 points is skipped with a warning. An image without text gets
    all-zero maps and effective masks 1.

    Args:
        fourier_degree: The maximum Fourier degree ``K``.
        resample_step: Sideline resampling step (at most half the smallest
            text width is best).
        center_region_shrink_ratio: Shrink ratio of the text center region.
        level_size_divisors: Downsample ratio of each level.
        level_proportion_range: Text size range (relative to the image
            height) of each level.
        orientation_thr: Head/tail threshold of quadrangles (see
            :func:`~.text_sidelines.find_head_tail`).
    """

    def __init__(self, fourier_degree: int = 5, resample_step: float = 4.0,
                 center_region_shrink_ratio: float = 0.3,
                 level_size_divisors: Sequence[int] = (8, 16, 32),
                 level_proportion_range: Sequence[Sequence[float]] = (
                     (0, 0.4), (0.3, 0.7), (0.6, 1.0)),
                 orientation_thr: float = 2.0):
        name = type(self).__name__
        if not isinstance(fourier_degree, int) or fourier_degree < 1:
            raise InvalidValueError(f'{name}: fourier_degree must be an int >= 1, '
                                    f'got {fourier_degree!r}')
        if not isinstance(level_size_divisors, (list, tuple)) or not isinstance(
                level_proportion_range, (list, tuple)):
            raise InvalidTypeError(f'{name}: level_size_divisors and '
                                   'level_proportion_range must be tuples')
        if len(level_size_divisors) != len(level_proportion_range):
            raise InvalidValueError(
                f'{name}: {len(level_size_divisors)} level_size_divisors but '
                f'{len(level_proportion_range)} level_proportion_range')
        if len(level_size_divisors) != 3:
            raise InvalidValueError(f'{name}: FCENet has 3 levels (p3_maps, '
                                    'p4_maps, p5_maps), got '
                                    f'{len(level_size_divisors)}')
        if resample_step <= 0:
            raise InvalidValueError(f'{name}: resample_step must be > 0, got '
                                    f'{resample_step!r}')
        self.fourier_degree = fourier_degree
        self.resample_step = float(resample_step)
        self.center_region_shrink_ratio = center_region_shrink_ratio
        self.level_size_divisors = tuple(level_size_divisors)
        self.level_proportion_range = tuple(
            tuple(r) for r in level_proportion_range)
        self.orientation_thr = float(orientation_thr)

    def generate_center_region_mask(self, img_size: tuple[int, int],
                                    text_polys: Sequence[Sequence[np.ndarray]]
                                    ) -> np.ndarray:
        """``uint8`` ``(h, w)`` text center region mask of ``text_polys``
        (instances of one flat polygon each). Each instance's segment quads
        are filled in one call, one instance at a time, so that overlapping
        instances stay 1 where they overlap."""
        h, w = img_size
        mask = np.zeros((h, w), np.uint8)
        for poly in text_polys:
            points = np.asarray(poly[0], dtype=np.float64).reshape(-1, 2)
            _, _, top, bot = reorder_poly_edge(points, self.orientation_thr)
            top, bot = resample_sidelines(top, bot, self.resample_step)
            bot = bot[::-1]
            center = (top + bot) / 2
            head = int(np.linalg.norm(top[0] - bot[0]) / 4.0
                       // self.resample_step)
            tail = int(np.linalg.norm(top[-1] - bot[-1]) / 4.0
                       // self.resample_step)
            if len(center) > head + tail + 2:
                end = len(center) - tail
                center, top, bot = center[head:end], top[head:end], bot[head:end]
            r = self.center_region_shrink_ratio
            top_in = center + (top - center) * r
            bot_in = center + (bot - center) * r
            # One quadrangle per segment: tl, tr, br, bl.
            quads = np.stack([top_in[:-1], top_in[1:], bot_in[1:],
                              bot_in[:-1]], axis=1).astype(np.int32)
            if len(quads):
                cv2.fillPoly(mask, list(quads), 1)
        return mask

    @staticmethod
    def resample_polygon(polygon: np.ndarray, n: int = 400) -> np.ndarray:
        """About ``n`` points along the closed ``(m, 2)`` polygon: each edge
        gets ``int(n * length / perimeter)`` points evenly spaced from its
        start."""
        polygon = np.asarray(polygon, dtype=np.float64)
        ends = np.roll(polygon, -1, axis=0)
        length = np.linalg.norm(ends - polygon, axis=1)
        counts = (length / (length.sum() + 1e-8) * n).astype(np.int64)
        edge = np.repeat(np.arange(len(polygon)), counts)
        # Position of each point within its edge: 0, 1/c, ..., (c-1)/c.
        starts = np.repeat(np.cumsum(counts) - counts, counts)
        frac = (np.arange(counts.sum()) - starts) / np.repeat(
            np.maximum(counts, 1), counts)
        return polygon[edge] + (ends - polygon)[edge] * frac[:, None]

    @staticmethod
    def normalize_polygon(polygon: np.ndarray) -> np.ndarray:
        """``polygon`` ``(m, 2)`` rolled to start at its top: of the 8
        points closest to the vertical through the centroid, the one of
        smallest ``y``."""
        rel = polygon - polygon.mean(axis=0)
        nearest = np.argsort(np.abs(rel[:, 0]))[:8]
        start = nearest[np.argmin(rel[nearest, 1])]
        return np.concatenate([polygon[start:], polygon[:start]])

    @staticmethod
    def fourier_transform(polygon: np.ndarray,
                          fourier_degree: int) -> np.ndarray:
        """Complex ``c_{-K}..c_K`` (``(2K + 1,)``) of the closed contour
        ``polygon`` ``(n, 2)``: ``c_k = mean_j z_j exp(-2 pi 1j * k * j /
        n)``, ``z = x + 1j * y`` (one FFT)."""
        points = polygon[:, 0] + 1j * polygon[:, 1]
        spectrum = np.fft.fft(points) / len(points)
        k = np.arange(-fourier_degree, fourier_degree + 1)
        return spectrum[k % len(points)]

    @staticmethod
    def clockwise(c: np.ndarray, fourier_degree: int) -> np.ndarray:
        """``c`` reversed (``c_k <-> c_-k``, the contour traversed the other
        way) unless ``|c_1| > |c_-1|`` (ties: ``|c_2| > |c_-2|``)."""
        k = fourier_degree
        a, b = np.abs(c[k + 1]), np.abs(c[k - 1])
        if a > b:
            return c
        if a < b:
            return c[::-1]
        if k >= 2 and np.abs(c[k + 2]) > np.abs(c[k - 2]):
            return c
        return c[::-1]

    def cal_fourier_signature(self, polygon: np.ndarray,
                              fourier_degree: int) -> np.ndarray:
        """``(2K + 1, 2)`` real and imaginary parts of the clockwise Fourier
        coefficients of ``polygon`` ``(m, 2)`` resampled to 400 points."""
        resampled = self.resample_polygon(polygon)
        if len(resampled) == 0:  # zero perimeter: a point
            resampled = np.asarray(polygon, dtype=np.float64)
        resampled = self.normalize_polygon(resampled)
        coeff = self.clockwise(self.fourier_transform(resampled,
                                                      fourier_degree),
                               fourier_degree)
        return np.stack([coeff.real, coeff.imag], axis=1)

    def generate_fourier_maps(self, img_size: tuple[int, int],
                              text_polys: Sequence[Sequence[np.ndarray]]
                              ) -> tuple[np.ndarray, np.ndarray]:
        """``(2K + 1, h, w)`` real and imaginary coefficient maps: each
        polygon's coefficients on its pixels (later polygons on top), ``c_0``
        minus the pixel position; 0 elsewhere."""
        h, w = img_size
        k = self.fourier_degree
        owner = np.zeros((h, w), dtype=np.int32)  # 1-based polygon index
        table = np.zeros((len(text_polys) + 1, 2 * k + 1, 2), np.float32)
        for i, poly in enumerate(text_polys):
            points = np.asarray(poly[0], dtype=np.float64).reshape(-1, 2)
            cv2.fillPoly(owner, [points.astype(np.int32)], i + 1)
            table[i + 1] = self.cal_fourier_signature(points, k)
        maps = table[owner]  # (h, w, 2K + 1, 2)
        inside = owner > 0
        ys, xs = np.nonzero(inside)
        maps[ys, xs, k, 0] -= xs
        maps[ys, xs, k, 1] -= ys
        return (np.ascontiguousarray(maps[..., 0].transpose(2, 0, 1)),
                np.ascontiguousarray(maps[..., 1].transpose(2, 0, 1)))

    def generate_level_targets(self, img_size: tuple[int, int],
                               text_polys: Sequence[Sequence[np.ndarray]],
                               ignore_polys: Sequence[Sequence[np.ndarray]]
                               ) -> list[np.ndarray]:
        """One ``(4K + 5, h // d, w // d)`` float32 array per level."""
        h, w = img_size
        num_levels = len(self.level_size_divisors)
        level_text = [[] for _ in range(num_levels)]
        level_ignore = [[] for _ in range(num_levels)]
        for polys, per_level in ((text_polys, level_text),
                                 (ignore_polys, level_ignore)):
            for poly in polys:
                flat = np.asarray(poly[0], dtype=np.float64).reshape(-1)
                _, _, box_w, box_h = cv2.boundingRect(
                    flat.reshape(-1, 2).astype(np.int32))
                proportion = max(box_h, box_w) / (h + 1e-8)
                for ind, (low, high) in enumerate(self.level_proportion_range):
                    if low < proportion < high:
                        per_level[ind].append(
                            [flat / self.level_size_divisors[ind]])
        level_maps = []
        for ind, divisor in enumerate(self.level_size_divisors):
            size = (h // divisor, w // divisor)
            real, imag = self.generate_fourier_maps(size, level_text[ind])
            level_maps.append(np.concatenate([
                self.generate_text_region_mask(size, level_text[ind])[None],
                self.generate_center_region_mask(size, level_text[ind])[None],
                self.generate_effective_mask(size, level_ignore[ind])[None],
                real, imag]).astype(np.float32))
        return level_maps

    def generate_targets(self, results: dict[str, Any]) -> dict[str, Any]:
        name = type(self).__name__
        self.gt_polygon_masks(results)
        h, w = results['img'].shape[:2]  # padded size when Pad came first
        where = results.get('filename') or 'the image (no filename)'
        ignored = results.get('gt_masks_ignore')
        text_polys, ignore_polys = [], []
        for idx, inst in enumerate(results['gt_masks'].masks):
            label = f'{name}: text polygon {idx} of {where}'
            flat = self.even_coordinates(inst[0], label)
            action = self.boundary_action(
                flat, self.drop_repeated_points(flat.reshape(-1, 2)), label)
            if action == 'keep':
                text_polys.append(inst)
            elif action == 'ignore':
                ignore_polys.append([flat])
        for idx, inst in enumerate(ignored.masks if ignored else []):
            label = f'{name}: ignored polygon {idx} of {where}'
            flat = self.even_coordinates(inst[0], label)
            if flat.size < 8:
                warnings.warn(f'{label} has fewer than 4 points '
                              f'({flat.tolist()}); skipped', stacklevel=2)
                continue
            ignore_polys.append(inst)
        level_maps = self.generate_level_targets((h, w), text_polys,
                                                 ignore_polys)
        results['mask_fields'] = []
        for key, value in zip(('p3_maps', 'p4_maps', 'p5_maps'), level_maps):
            results[key] = value
        return results

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(fourier_degree={self.fourier_degree}, '
                f'resample_step={self.resample_step}, '
                'center_region_shrink_ratio='
                f'{self.center_region_shrink_ratio}, level_size_divisors='
                f'{self.level_size_divisors}, level_proportion_range='
                f'{self.level_proportion_range})')
