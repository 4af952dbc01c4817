"""``PANetTargets``: text-region and kernel instance maps for PANet."""
from __future__ import annotations

from typing import Any, Sequence

from mmocr.registry import PIPELINES
from mmocr.utils.errors import InvalidValueError

from .base_textdet_targets import BaseTextDetTargets

__all__ = ['PANetTargets']


@PIPELINES.register_module()
class PANetTargets(BaseTextDetTargets):
    """PANet's targets (MMOCR 0.x).

    For each ``r`` in ``shrink_ratio`` an ``(H, W)`` float32 map with every
    text polygon shrunk by ``area * (1 - r^2) / perimeter`` (at most
    ``max_shrink`` pixels) filled with its 1-based instance index
    (:meth:`BaseTextDetTargets.generate_kernels`); ``r = 1`` gives the text
    regions. Adds ``results['gt_kernels']`` (``BitmapMasks`` of the
    ``len(shrink_ratio)`` maps) and ``results['gt_mask']`` (``BitmapMasks``
    of the effective mask: 0 inside ``gt_masks_ignore``), both in
    ``mask_fields`` (which is reset); removes ``gt_labels``, ``gt_masks``,
    ``gt_masks_ignore``, ``gt_bboxes``, ``gt_bboxes_ignore`` and clears
    ``bbox_fields``.

    A text polygon with fewer than 3 points, or with nothing inside the
    image, is skipped with a warning naming the image (MMOCR 0.x draws
    nothing for it; :meth:`~BaseTextDetTargets.usable_polygons`); the others
    keep their order (indices ``1..K``).

    Args:
        shrink_ratio: Shrink ratios, largest first (``(1.0, 0.5)``: text
            regions then kernels); at least two (PANLoss reads the first two
            maps).
        max_shrink: Largest shrink distance in pixels.
    """

    def __init__(self, shrink_ratio: Sequence[float] = (1.0, 0.5),
                 max_shrink: int = 20):
        if (not isinstance(shrink_ratio, (list, tuple)) or not shrink_ratio
                or len(shrink_ratio) < 2
                or not all(0 < r <= 1 for r in shrink_ratio)):
            raise InvalidValueError(f'{type(self).__name__}: shrink_ratio must be a '
                                    'tuple of at least 2 ratios in (0, 1] (the text '
                                    'regions, then the kernels), got '
                                    f'{shrink_ratio!r}')
        self.shrink_ratio = tuple(shrink_ratio)
        self.max_shrink = max_shrink

    def generate_targets(self, results: dict[str, Any]) -> dict[str, Any]:
        self.gt_polygon_masks(results)
        h, w = results['img_shape'][:2]
        polygons = self.usable_polygons(results['gt_masks'].masks, (h, w),
                                        results.get('filename'))
        ignored = results.get('gt_masks_ignore')
        ignored = ignored.masks if ignored is not None else []
        gt_kernels = [
            self.generate_kernels((h, w), polygons, ratio,
                                  max_shrink=self.max_shrink)[0]
            for ratio in self.shrink_ratio]
        gt_mask = self.generate_effective_mask((h, w), ignored)
        self.drop_instances(results)
        return self.pack_maps(
            results, dict(gt_kernels=gt_kernels, gt_mask=gt_mask), (h, w))

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(shrink_ratio={self.shrink_ratio}, '
                f'max_shrink={self.max_shrink})')
