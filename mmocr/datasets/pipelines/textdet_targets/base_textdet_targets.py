"""Shared pieces of the text detection target generators."""
from __future__ import annotations

import warnings
from typing import Any, Sequence

import cv2
import numpy as np
from shapely.geometry import Polygon

from mmocr.core.mask import BitmapMasks, PolygonMasks, clip_polygon
from mmocr.utils.errors import InvalidTypeError, InvalidValueError
from mmocr.utils.polygon_utils import (
    offset_polygon,
    poly_make_valid,
    polygon_area,
    shrink_distance,
)

__all__ = ['BaseTextDetTargets']


class BaseTextDetTargets:
    """Kernel/effective-mask helpers; subclasses implement
    ``generate_targets(results) -> results`` (also their ``__call__``)."""

    @staticmethod
    def polygon_area(polygon: np.ndarray) -> float:
        """Signed shoelace area of a flat polygon ``[x1, y1, ...]``, with
        MMOCR 0.x's sign: positive for polygons counter-clockwise on screen
        (:func:`~mmocr.utils.polygon_utils.polygon_area` with the opposite
        sign)."""
        return -polygon_area(np.asarray(polygon).reshape(-1), signed=True)

    #: The per-instance annotations a generator that turns them into maps
    #: removes (they are not batched: images hold different counts).
    INSTANCE_KEYS = ('gt_labels', 'gt_masks', 'gt_masks_ignore', 'gt_bboxes',
                     'gt_bboxes_ignore')

    @classmethod
    def drop_instances(cls, results: dict[str, Any]) -> dict[str, Any]:
        """Remove :attr:`INSTANCE_KEYS` from ``results`` and empty its
        ``bbox_fields``."""
        for key in cls.INSTANCE_KEYS:
            results.pop(key, None)
        results['bbox_fields'] = []
        return results

    @staticmethod
    def pack_maps(results: dict[str, Any],
                  maps: dict[str, np.ndarray | list[np.ndarray]],
                  size: tuple[int, int],
                  mask_fields: bool = True) -> dict[str, Any]:
        """Store each target map of ``maps`` in ``results`` under its key as
        ``BitmapMasks`` of ``size`` ``(h, w)``: an ``(h, w)`` array as one
        mask, a list of them or a ``(K, h, w)`` array as K masks.

        ``results['mask_fields']`` becomes the keys of ``maps`` in order
        (empty with ``mask_fields=False``: maps of another size than the
        image, which the geometric transforms must leave alone).
        """
        results['mask_fields'] = []
        for key, value in maps.items():
            if isinstance(value, np.ndarray) and value.ndim == 2:
                value = [value]
            results[key] = BitmapMasks(value, *size)
            if mask_fields:
                results['mask_fields'].append(key)
        return results

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
        """Fill each polygon shrunk by
        :func:`~mmocr.utils.polygon_utils.shrink_distance` (``area * (1 -
        r^2) / perimeter``, at most ``max_shrink``) with its 1-based index.

        Returns:
            ``(kernel float32 (H, W), ignore_tags)``; an instance that
            vanishes when shrunk is tagged ignored.
        """
        h, w = img_size
        kernel = np.zeros((h, w), dtype=np.float32)
        for idx, inst in enumerate(text_polys):
            pts = np.asarray(inst[0], dtype=np.float64).reshape(-1)
            distance = min(shrink_distance(pts, shrink_ratio), max_shrink)
            shrunk = offset_polygon(pts, -distance)
            if len(shrunk) == 0:
                if ignore_tags is not None:
                    ignore_tags[idx] = True
                continue
            shrunk_pts = shrunk.reshape(-1, 2).astype(np.int32)
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

    @staticmethod
    def generate_text_region_mask(img_size: Sequence[int],
                                  text_polys: Sequence[Sequence[np.ndarray]]
                                  ) -> np.ndarray:
        """``uint8`` ``(h, w)``: 1 inside the polygons (the first of each
        instance, points truncated to ints), filled one instance at a time
        so that overlapping instances stay 1 where they overlap."""
        mask = np.zeros(tuple(img_size), dtype=np.uint8)
        for inst in text_polys:
            pts = np.asarray(inst[0]).reshape(-1, 2).astype(np.int32)
            cv2.fillPoly(mask, [pts], 1)
        return mask

    def gt_polygon_masks(self, results: dict[str, Any]) -> PolygonMasks:
        """``results['gt_masks']``, which every generator needs as polygons.

        Raises:
            KeyError: there is none (no ``LoadTextAnnotations`` before).
            InvalidTypeError: they are bitmaps, not ``PolygonMasks``.
        """
        name = type(self).__name__
        if 'gt_masks' not in results:
            raise KeyError(f'{name} needs gt_masks: add LoadTextAnnotations('
                           'with_mask=True, poly2mask=False) before it')
        masks = results['gt_masks']
        if not isinstance(masks, PolygonMasks):
            raise InvalidTypeError(f'{name} needs PolygonMasks '
                                   '(LoadTextAnnotations(poly2mask=False)), got '
                                   f'{type(masks).__name__}')
        return masks

    def usable_polygons(self, polygons: Sequence[Sequence[np.ndarray]],
                        img_size: tuple[int, int], filename: str | None
                        ) -> list[Sequence[np.ndarray]]:
        """The instances of ``polygons`` whose first polygon has at least 3
        points and overlaps the ``(h, w)`` image; a warning names each one
        skipped."""
        h, w = img_size
        where = filename or 'the image (no filename)'
        kept = []
        for idx, inst in enumerate(polygons):
            poly = np.asarray(inst[0], dtype=np.float64).reshape(-1)
            if poly.size < 6:
                reason = f'has fewer than 3 points ({poly.tolist()})'
            elif clip_polygon(poly, w, h).size < 6:
                reason = f'lies outside the {h}x{w} (h x w) image'
            else:
                kept.append(inst)
                continue
            warnings.warn(f'{type(self).__name__}: skipped text instance '
                          f'{idx} of {where}: it {reason}', stacklevel=2)
        return kept

    @staticmethod
    def even_coordinates(polygon: np.ndarray, label: str) -> np.ndarray:
        """``polygon`` as a flat float64 array of an even number of
        coordinates.

        Raises:
            InvalidValueError: an odd number, naming ``label`` (which
                polygon of which image).
        """
        flat = np.asarray(polygon, dtype=np.float64).reshape(-1)
        if flat.size % 2:
            raise InvalidValueError(f'{label} has an odd number of coordinates '
                                    f'({flat.size}): {flat.tolist()}')
        return flat

    @staticmethod
    def drop_repeated_points(points: np.ndarray) -> np.ndarray:
        """``points`` ``(n, 2)`` without each point equal to the next one
        (cyclically: the last is compared with the first)."""
        if len(points) == 0:
            return points
        step = np.abs(points - np.roll(points, -1, axis=0)).sum(1)
        return points[step > 0]

    @staticmethod
    def boundary_action(flat: np.ndarray, points: np.ndarray, label: str
                        ) -> str:
        """What the curved-text target generators do with a text polygon:
        ``'keep'`` it; ``'skip'`` it (fewer than 4 distinct points or no
        area) or ``'ignore'`` it (self-intersecting: drawn into the
        effective mask as 0), each of these with a warning naming ``label``.

        Args:
            flat: The polygon's coordinates, for the warning.
            points: Its distinct points ``(n, 2)`` as the generator draws
                them (:meth:`drop_repeated_points`).
            label: Which polygon of which image.
        """
        shape = Polygon(points) if len(points) >= 4 else None
        if shape is None or poly_make_valid(shape).area <= 0:
            warnings.warn(f'{label} has fewer than 4 distinct points or no '
                          f'area ({flat.tolist()}); skipped', stacklevel=3)
            return 'skip'
        if not shape.is_valid:
            warnings.warn(f'{label} is self-intersecting ({flat.tolist()}); '
                          'treated as ignored', stacklevel=3)
            return 'ignore'
        return 'keep'

    def generate_targets(self, results: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError(
            f'{type(self).__name__} does not implement generate_targets')

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        return self.generate_targets(results)
