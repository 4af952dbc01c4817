"""Test-time augmentation for text recognition: rotated views of an image."""
from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

from mmocr.registry import PIPELINES
from mmocr.utils.errors import InvalidValueError

from .compose import Compose

__all__ = ['MultiRotateAugOCR']


@PIPELINES.register_module()
class MultiRotateAugOCR:
    """Run ``transforms`` on several rotations of a (vertical) text image.

    Tall images (height > width) are often vertical text; the recognizer
    then sees one view per angle in ``rotate_degrees`` (0 always included)
    and keeps the most confident. Images that are not taller than wide get
    only the 0-degree view unless ``force_rotate``.

    In: ``img`` ``(H, W[, C])``. Out: a dict of lists, one entry per view,
    e.g. ``{'img': [view0, view90, ...], 'img_metas': [...]}``; the views
    are in increasing angle order, 0 first. Rotations are counter-clockwise.

    Args:
        transforms: Transforms applied to each view.
        rotate_degrees: Angles among 0, 90, 180, 270 (an int or a list).
        force_rotate: Rotate whatever the image's shape.
    """

    def __init__(self, transforms: Sequence[dict | Callable],
                 rotate_degrees: int | Sequence[int] | None = None,
                 force_rotate: bool = False):
        self.transforms = Compose(transforms)
        self.force_rotate = force_rotate
        if rotate_degrees is None:
            degrees = [0]
        elif isinstance(rotate_degrees, int):
            degrees = [rotate_degrees]
        else:
            degrees = list(rotate_degrees)
        for degree in degrees:
            if not isinstance(degree, int) or isinstance(degree, bool) or \
                    degree not in (0, 90, 180, 270):
                raise InvalidValueError(f'rotate_degrees must be among 0, 90, 180, '
                                        f'270, got {rotate_degrees!r}')
        self.rotate_degrees = sorted(set(degrees) | {0})

    def __call__(self, results: dict[str, Any]) -> dict[str, list[Any]] | None:
        img = results['img']
        height, width = img.shape[:2]
        degrees = self.rotate_degrees if (self.force_rotate
                                          or height > width) else [0]
        views = []
        for degree in degrees:
            view = results.copy()
            if degree:
                rotated = np.ascontiguousarray(np.rot90(img, degree // 90))
                view['img'] = rotated
                view['img_shape'] = rotated.shape
            out = self.transforms(view)
            if out is None:
                return None
            views.append(out)
        return {key: [view[key] for view in views] for key in views[0]}

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(transforms={self.transforms}, '
                f'rotate_degrees={self.rotate_degrees}, '
                f'force_rotate={self.force_rotate})')
