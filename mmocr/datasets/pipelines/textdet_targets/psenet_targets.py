"""``PSENetTargets``: text-region and kernel instance maps for PSENet."""
from __future__ import annotations

from typing import Sequence

from mmocr.registry import PIPELINES

from .panet_targets import PANetTargets

__all__ = ['PSENetTargets']


@PIPELINES.register_module()
class PSENetTargets(PANetTargets):
    """PSENet's targets (MMOCR 0.x): :class:`PANetTargets` with PSENet's
    seven shrink ratios by default, so ``results['gt_kernels']`` holds the
    text regions then six kernels (``PSEHead(out_channels=7)``).

    Args:
        shrink_ratio: Shrink ratios, largest first (the first is 1.0: the
            text regions).
        max_shrink: Largest shrink distance in pixels.
    """

    def __init__(self, shrink_ratio: Sequence[float] = (1.0, 0.9, 0.8, 0.7,
                                                        0.6, 0.5, 0.4),
                 max_shrink: int = 20):
        super().__init__(shrink_ratio=shrink_ratio, max_shrink=max_shrink)
