"""``Compose``: chain pipeline steps."""
from __future__ import annotations

from typing import Any, Callable, Sequence

from mmocr.registry import PIPELINES, build_from_cfg
from mmocr.utils.errors import InvalidTypeError

__all__ = ['Compose']


@PIPELINES.register_module()
class Compose:
    """Apply transforms in order; stop and return ``None`` as soon as one
    returns ``None`` (the sample is dropped).

    Args:
        transforms: Config dicts (built from ``PIPELINES``) or callables.
            ``None`` means an empty pipeline.
    """

    def __init__(self, transforms: Sequence[dict | Callable] | None):
        if transforms is None:
            transforms = []
        if isinstance(transforms, (dict, str)) or not isinstance(
                transforms, Sequence):
            raise InvalidTypeError(f'pipeline must be a list of transforms, got '
                                   f'{type(transforms).__name__}')
        self.transforms: list[Callable] = []
        for i, transform in enumerate(transforms):
            if isinstance(transform, dict):
                transform = build_from_cfg(transform, PIPELINES)
            elif not callable(transform):
                raise InvalidTypeError(f'pipeline step {i} must be a dict or a '
                                       f'callable, got {transform!r}')
            self.transforms.append(transform)

    def __call__(self, data: dict[str, Any]) -> dict[str, Any] | None:
        for transform in self.transforms:
            data = transform(data)
            if data is None:
                return None
        return data

    def __repr__(self) -> str:
        inner = ''.join(f'\n    {t}' for t in self.transforms)
        return f'{type(self).__name__}({inner}\n)'
