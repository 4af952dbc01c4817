"""``MultiScaleFlipAug``: run a pipeline once per test scale and flip."""
from __future__ import annotations

import warnings
from typing import Any, Sequence

from mmocr.registry import PIPELINES
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

from .compose import Compose
from .test_time_aug_ocr import MultiRotateAugOCR  # its MMOCR 0.x path

__all__ = ['MultiScaleFlipAug', 'MultiRotateAugOCR']


def _is_pair(value: Any) -> bool:
    return (isinstance(value, (tuple, list)) and len(value) == 2
            and all(isinstance(v, (int, float)) for v in value))


@PIPELINES.register_module()
class MultiScaleFlipAug:
    """Test-time augmentation (mmdet's ``MultiScaleFlipAug``).

    For each scale in ``img_scale`` (sets ``results['scale']``, used by
    ``Resize``) or each factor in ``scale_factor`` (sets
    ``results['scale_factor']``), and for no flip plus each of
    ``flip_direction`` when ``flip``, ``transforms`` run on a copy of the
    input. The output is a dict of lists, one entry per view: ``{'img':
    [view1, ...], 'img_metas': [...]}``.

    Args:
        transforms: The per-view pipeline.
        img_scale: ``(w, h)`` or a list of them.
        scale_factor: A float or a list of floats (instead of ``img_scale``).
        flip: Add flipped views.
        flip_direction: Direction(s) of the flipped views.
    """

    def __init__(self, transforms: Sequence[dict], img_scale: Any = None,
                 scale_factor: float | Sequence[float] | None = None,
                 flip: bool = False,
                 flip_direction: str | Sequence[str] = 'horizontal'):
        if (img_scale is None) == (scale_factor is None):
            raise InvalidValueError('set exactly one of img_scale and scale_factor')
        self.transforms = Compose(transforms)
        if img_scale is not None:
            scales = [img_scale] if _is_pair(img_scale) else list(img_scale)
            if not all(_is_pair(s) for s in scales):
                raise InvalidTypeError(f'img_scale must be (w, h) or a list of '
                                       f'(w, h), got {img_scale!r}')
            self.img_scale = [tuple(s) for s in scales]
            self.scale_key = 'scale'
        else:
            self.img_scale = (list(scale_factor) if isinstance(
                scale_factor, (list, tuple)) else [scale_factor])
            self.scale_key = 'scale_factor'
        self.flip = flip
        self.flip_direction = ([flip_direction] if isinstance(
            flip_direction, str) else list(flip_direction))
        if not flip and self.flip_direction != ['horizontal']:
            warnings.warn('flip_direction has no effect when flip is False',
                          stacklevel=2)
        if flip and not any(
                type(t).__name__ == 'RandomFlip'
                for t in self.transforms.transforms):
            warnings.warn('flip has no effect without RandomFlip in '
                          'transforms', stacklevel=2)

    def __call__(self, results: dict[str, Any]) -> dict[str, list]:
        flips: list[tuple[bool, str | None]] = [(False, None)]
        if self.flip:
            flips += [(True, d) for d in self.flip_direction]
        views = []
        for scale in self.img_scale:
            for flip, direction in flips:
                view = results.copy()
                view[self.scale_key] = scale
                view['flip'] = flip
                view['flip_direction'] = direction
                out = self.transforms(view)
                if out is None:
                    raise RuntimeError('a MultiScaleFlipAug transform dropped '
                                       f'the test image {results.get("filename")}')
                views.append(out)
        return {key: [v[key] for v in views] for key in views[0]}

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(transforms={self.transforms}, '
                f'img_scale={self.img_scale}, flip={self.flip}, '
                f'flip_direction={self.flip_direction})')
