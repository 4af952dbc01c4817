"""Wrappers that apply other transforms: at random, one of several, or
from third-party libraries (albumentations, torchvision; torchvision's
common ops also run without it, see :mod:`.tv_ops`)."""
from __future__ import annotations

import inspect
import random
from typing import Any, Callable, Sequence

import cv2
import numpy as np
from PIL import Image

from mmocr.registry import PIPELINES, build_from_cfg, check_kwargs
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

from .compose import Compose
from .transforms import ColorJitter
from .tv_ops import TV_OPS

__all__ = ['OneOfWrapper', 'RandomWrapper', 'TorchVisionWrapper', 'Albu']


def _build(transform: dict | Callable) -> Callable:
    if isinstance(transform, dict):
        return build_from_cfg(transform, PIPELINES)
    if callable(transform):
        return transform
    raise InvalidTypeError(f'a transform must be a config dict or a callable, got '
                           f'{transform!r}')


@PIPELINES.register_module()
class OneOfWrapper:
    """Apply one transform picked uniformly at random from ``transforms``.

    In/out: whatever the picked transform takes and gives.

    Args:
        transforms: Non-empty list of config dicts or callables.
    """

    def __init__(self, transforms: Sequence[dict | Callable]):
        if isinstance(transforms, dict) or not isinstance(transforms,
                                                          Sequence) \
                or len(transforms) == 0:
            raise InvalidValueError(f'OneOfWrapper needs a non-empty list of '
                                    f'transforms, got {transforms!r}')
        self.transforms = [_build(t) for t in transforms]

    def __call__(self, results: dict[str, Any]) -> dict[str, Any] | None:
        return random.choice(self.transforms)(results)

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(transforms={self.transforms})'


@PIPELINES.register_module()
class RandomWrapper:
    """Apply ``transforms`` (in order) with probability ``p``
    (``np.random.uniform() <= p``, as MMOCR 0.x).

    Args:
        transforms: Config dicts or callables, composed in order.
        p: Probability in ``[0, 1]``.
    """

    def __init__(self, transforms: Sequence[dict | Callable], p: float):
        if not 0 <= p <= 1:
            raise InvalidValueError(f'p must be in [0, 1], got {p}')
        self.transforms = Compose(transforms)
        self.p = p

    def __call__(self, results: dict[str, Any]) -> dict[str, Any] | None:
        # numpy's RNG, as MMOCR 0.x draws it
        return results if np.random.uniform() > self.p else self.transforms(
            results)

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(transforms={self.transforms}, '
                f'p={self.p})')


def _native_color_jitter(**kwargs: Any) -> Callable[[np.ndarray], np.ndarray]:
    """The ``ColorJitter`` step (BGR results) as an op on an RGB array."""
    jitter = ColorJitter(**kwargs)
    return lambda rgb: jitter({'img': rgb[..., ::-1]})['img'][..., ::-1]


# its keys are ColorJitter's (checked by TorchVisionWrapper)
_native_color_jitter.__signature__ = inspect.signature(ColorJitter)


_NATIVE_OPS: dict[str, Callable[..., Callable]] = {
    'ColorJitter': _native_color_jitter, **TV_OPS}


@PIPELINES.register_module()
class TorchVisionWrapper:
    """Apply ``torchvision.transforms.<op>(**kwargs)`` to the image.

    The BGR image is given to the op as RGB and converted back. With
    torchvision installed the op is torchvision's (on a PIL image);
    without it, the common ops run as numpy/OpenCV versions under the
    same names and arguments, drawing torch's RNG as torchvision does
    (:mod:`mmocr.datasets.pipelines.tv_ops`): ``ColorJitter``,
    ``Grayscale``, ``RandomGrayscale``, ``RandomRotation``,
    ``RandomAffine``, ``GaussianBlur``, ``RandomHorizontalFlip``,
    ``RandomVerticalFlip``. Any other op needs torchvision.

    In/out: ``img`` ``(H, W, 3)`` -> ``(H', W', 3)`` (``(H, W)`` after a
    one-channel ``Grayscale``); ``img_shape`` updated.

    Args:
        op: Name of a ``torchvision.transforms`` class, e.g. ``'ColorJitter'``.
        **kwargs: Its arguments (checked against its signature).
    """

    forwards_kwargs = True

    def __init__(self, op: str, **kwargs: Any):
        try:
            import torchvision.transforms as tv_transforms
        except ImportError:
            tv_transforms = None
        self.op = op
        self.kwargs = kwargs
        where = f'torchvision.transforms.{op} (TorchVisionWrapper)'
        if tv_transforms is None:
            if op not in _NATIVE_OPS:
                raise ImportError(
                    f'TorchVisionWrapper(op={op!r}) needs torchvision, which '
                    'is not installed (pip install torchvision); without it '
                    f'these ops run built in: {", ".join(sorted(_NATIVE_OPS))}')
            check_kwargs(_NATIVE_OPS[op], kwargs, where)
            self.transform = _NATIVE_OPS[op](**kwargs)
            self.native = True
            return
        if not isinstance(op, str) or not inspect.isclass(
                getattr(tv_transforms, op, None)):
            raise InvalidValueError(f'torchvision.transforms has no transform '
                                    f'{op!r}')
        op_cls = getattr(tv_transforms, op)
        check_kwargs(op_cls, kwargs, where)
        self.transform = op_cls(**kwargs)
        self.native = False

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        img = results['img']
        rgb = img if img.ndim == 2 else cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
        out = np.asarray(self.transform(rgb if self.native else
                                        Image.fromarray(rgb)))
        results['img'] = out if out.ndim == 2 else cv2.cvtColor(
            out, cv2.COLOR_RGB2BGR)
        results['img_shape'] = results['img'].shape
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(op={self.op!r}, {self.kwargs})'


@PIPELINES.register_module()
class Albu:
    """Apply an albumentations pipeline to the image (only the image: use it
    for recognition crops).

    In/out: ``img`` ``(H, W[, C])`` numpy array; ``img_shape`` updated.

    Args:
        transforms: albumentations transforms as config dicts, e.g.
            ``[dict(type='GaussNoise'), dict(type='OneOf', transforms=[...])]``
            (nested ``transforms`` are built recursively).
    """

    def __init__(self, transforms: Sequence[dict]):
        try:
            import albumentations
        except ImportError:
            raise ImportError(
                'Albu needs albumentations, an optional extra: '
                'pip install albumentations') from None
        self._albu = albumentations
        self.transforms = [dict(t) for t in transforms]
        self.aug = albumentations.Compose(
            [self.albu_builder(t) for t in self.transforms])

    def albu_builder(self, cfg: dict) -> Callable:
        """Build one albumentations transform from a config dict."""
        if not isinstance(cfg, dict) or 'type' not in cfg:
            raise InvalidTypeError(f'albumentations transform config must be a dict '
                                   f'with a "type" key, got {cfg!r}')
        args = dict(cfg)
        obj_type = args.pop('type')
        obj_cls = getattr(self._albu, obj_type, None) if isinstance(
            obj_type, str) else obj_type
        if not callable(obj_cls):
            raise KeyError(f'albumentations has no transform {obj_type!r}')
        if 'transforms' in args:
            args['transforms'] = [self.albu_builder(t)
                                  for t in args['transforms']]
        return obj_cls(**args)

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        results['img'] = self.aug(image=results['img'])['image']
        results['img_shape'] = results['img'].shape
        return results

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state.pop('_albu')
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        import albumentations
        self.__dict__.update(state)
        self._albu = albumentations

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(transforms={self.transforms})'
