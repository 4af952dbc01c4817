"""Geometric and photometric transforms for text detection pipelines.

Each transform changes ``results['img']`` and keeps everything registered in
``bbox_fields`` (``(K, 4)`` boxes), ``mask_fields`` (:class:`PolygonMasks` or
:class:`BitmapMasks`) and ``seg_fields`` (maps) consistent with it.
"""
from __future__ import annotations

from typing import Any, Sequence

import cv2
import numpy as np
import shapely
import torch

from mmocr.core.mask import (
    BitmapMasks,
    PolygonMasks,
    imflip,
    impad,
    imrescale,
    imresize,
)
from mmocr.registry import PIPELINES
from mmocr.utils.errors import InvalidTypeError, InvalidValueError
from mmocr.utils.polygon_utils import polys2shapely_array

from .tv_ops import RandomAffine

__all__ = [
    'Resize', 'RandomFlip', 'Normalize', 'Pad', 'ColorJitter',
    'RandomScaling', 'RandomRotateTextDet', 'RandomCropPolyInstances',
    'ScaleAspectJitter', 'RandomCropInstances', 'SquareResizePad',
    'RandomCropFlip', 'RandomRotatePolyInstances', 'AffineJitter',
    'PyramidRescale'
]


def _is_scale(value: Any) -> bool:
    return (isinstance(value, (tuple, list)) and len(value) == 2
            and all(isinstance(v, (int, float)) for v in value))


def _check_not_empty(results: dict[str, Any], step: str) -> None:
    """Raise a ``ValueError`` naming the image file when ``results['img']``
    has no pixel (0 x W, H x 0)."""
    img = results['img']
    if img.ndim < 2 or img.shape[0] == 0 or img.shape[1] == 0:
        name = results.get('filename') or 'the image'
        raise InvalidValueError(f'{name} is empty ({"x".join(map(str, img.shape))} '
                                f'pixels): {step} cannot resize it; remove it from '
                                'the annotations')


@PIPELINES.register_module()
class Resize:
    """Resize the image and its annotations (mmdet's ``Resize``).

    The target scale is ``results['scale']`` when set (e.g. by
    ``MultiScaleFlipAug``), derived from a float ``results['scale_factor']``,
    or sampled from ``img_scale``: the single scale (times a random ratio in
    ``ratio_range`` if given), or, with several scales, one of them
    (``multiscale_mode='value'``) or a random (long, short) edge pair between
    them (``'range'``). With ``keep_ratio`` the image is scaled to fit inside
    ``(long_edge, short_edge)``; otherwise it is resized to ``(w, h)``.

    Adds ``scale``, ``scale_idx``, ``img_shape``, ``pad_shape``,
    ``scale_factor`` (float32 ``[w_scale, h_scale, w_scale, h_scale]``) and
    ``keep_ratio``.

    Args:
        img_scale: ``(w, h)``/``(long, short)`` or a list of them.
        multiscale_mode: ``'range'`` or ``'value'``.
        ratio_range: ``(min_ratio, max_ratio)`` applied to a single scale.
        keep_ratio: Keep the aspect ratio.
        bbox_clip_border: Clip boxes to the image.
        backend: Only ``'cv2'``.
        interpolation: ``'nearest'``, ``'bilinear'``, ``'bicubic'``,
            ``'area'`` or ``'lanczos'``.
        override: Re-sample the scale even if ``results['scale']`` is set.
    """

    def __init__(self, img_scale: Sequence | None = None,
                 multiscale_mode: str = 'range',
                 ratio_range: Sequence[float] | None = None,
                 keep_ratio: bool = True, bbox_clip_border: bool = True,
                 backend: str = 'cv2', interpolation: str = 'bilinear',
                 override: bool = False):
        if img_scale is None:
            self.img_scale = None
        elif _is_scale(img_scale):
            self.img_scale = [tuple(img_scale)]
        elif isinstance(img_scale, (list, tuple)) and all(
                _is_scale(s) for s in img_scale):
            self.img_scale = [tuple(s) for s in img_scale]
        else:
            raise InvalidTypeError(f'img_scale must be a (w, h) pair or a list of '
                                   f'pairs, got {img_scale!r}')
        if ratio_range is not None:
            if self.img_scale is None or len(self.img_scale) != 1:
                raise InvalidValueError('ratio_range needs exactly one img_scale')
        elif multiscale_mode not in ('value', 'range'):
            raise InvalidValueError(f'multiscale_mode must be "value" or "range", '
                                    f'got {multiscale_mode!r}')
        if backend != 'cv2':
            raise NotImplementedError(f'backend {backend!r} is not available; '
                                      'use "cv2"')
        self.multiscale_mode = multiscale_mode
        self.ratio_range = ratio_range
        self.keep_ratio = keep_ratio
        self.bbox_clip_border = bbox_clip_border
        self.interpolation = interpolation
        self.override = override

    def _random_scale(self, results: dict[str, Any]) -> None:
        if self.img_scale is None:
            raise InvalidValueError('Resize has no img_scale and results has no '
                                    '"scale" or "scale_factor"')
        scale_idx = None
        if self.ratio_range is not None:
            low, high = self.ratio_range
            ratio = np.random.uniform(low, high)
            base = self.img_scale[0]
            scale = (int(base[0] * ratio), int(base[1] * ratio))
        elif len(self.img_scale) == 1:
            scale, scale_idx = self.img_scale[0], 0
        elif self.multiscale_mode == 'range':
            longs = [max(s) for s in self.img_scale]
            shorts = [min(s) for s in self.img_scale]
            scale = (np.random.randint(min(longs), max(longs) + 1),
                     np.random.randint(min(shorts), max(shorts) + 1))
        else:
            scale_idx = np.random.randint(len(self.img_scale))
            scale = self.img_scale[scale_idx]
        results['scale'] = scale
        results['scale_idx'] = scale_idx

    def _resize_img(self, results: dict[str, Any]) -> None:
        for key in results.get('img_fields', ['img']):
            img = results[key]
            h, w = img.shape[:2]
            try:
                if self.keep_ratio:
                    out = imrescale(img, results['scale'], self.interpolation)
                else:
                    out = imresize(img, results['scale'], self.interpolation)
            except ValueError as err:
                if not results.get('filename'):
                    raise
                raise InvalidValueError(f'{results["filename"]}: {err}') from None
            results[key] = out
        new_h, new_w = out.shape[:2]
        results['img_shape'] = out.shape
        results['pad_shape'] = out.shape
        results['scale_factor'] = np.array(
            [new_w / w, new_h / h, new_w / w, new_h / h], dtype=np.float32)
        results['keep_ratio'] = self.keep_ratio

    def _resize_bboxes(self, results: dict[str, Any]) -> None:
        h, w = results['img_shape'][:2]
        for key in results.get('bbox_fields', []):
            boxes = np.asarray(results[key], dtype=np.float32).reshape(-1, 4)
            boxes = boxes * results['scale_factor']
            if self.bbox_clip_border:
                boxes[:, 0::2] = np.clip(boxes[:, 0::2], 0, w)
                boxes[:, 1::2] = np.clip(boxes[:, 1::2], 0, h)
            results[key] = boxes

    def _resize_masks(self, results: dict[str, Any]) -> None:
        h, w = results['img_shape'][:2]
        for key in results.get('mask_fields', []):
            results[key] = results[key].resize((h, w))

    def _resize_seg(self, results: dict[str, Any]) -> None:
        h, w = results['img_shape'][:2]
        for key in results.get('seg_fields', []):
            results[key] = imresize(results[key], (w, h), 'nearest')

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        _check_not_empty(results, type(self).__name__)
        if 'scale' not in results:
            if 'scale_factor' in results:
                factor = results['scale_factor']
                if not isinstance(factor, (int, float)):
                    raise InvalidTypeError('a preset scale_factor must be a float, '
                                           f'got {factor!r}')
                h, w = results['img'].shape[:2]
                results['scale'] = (int(w * factor), int(h * factor))
            else:
                self._random_scale(results)
        elif self.override:
            results.pop('scale')
            results.pop('scale_factor', None)
            self._random_scale(results)
        elif 'scale_factor' in results:
            raise InvalidValueError('results has both "scale" and "scale_factor"; '
                                    'set override=True to resample')
        self._resize_img(results)
        self._resize_bboxes(results)
        self._resize_masks(results)
        self._resize_seg(results)
        return results

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(img_scale={self.img_scale}, '
                f'multiscale_mode={self.multiscale_mode}, ratio_range='
                f'{self.ratio_range}, keep_ratio={self.keep_ratio})')


def _flip_bboxes(bboxes: np.ndarray, img_shape: Sequence[int],
                 direction: str) -> np.ndarray:
    h, w = img_shape[:2]
    flipped = bboxes.copy()
    if direction in ('horizontal', 'diagonal'):
        flipped[..., 0::4] = w - bboxes[..., 2::4]
        flipped[..., 2::4] = w - bboxes[..., 0::4]
    if direction in ('vertical', 'diagonal'):
        flipped[..., 1::4] = h - bboxes[..., 3::4]
        flipped[..., 3::4] = h - bboxes[..., 1::4]
    return flipped


@PIPELINES.register_module()
class RandomFlip:
    """Flip the image and annotations with probability ``flip_ratio``.

    ``results['flip']``/``['flip_direction']``, when already set (e.g. by
    ``MultiScaleFlipAug``), decide instead of sampling.

    Args:
        flip_ratio: Probability, or one probability per direction.
        direction: ``'horizontal'``, ``'vertical'``, ``'diagonal'`` or a list.
    """

    _DIRECTIONS = ('horizontal', 'vertical', 'diagonal')

    def __init__(self, flip_ratio: float | Sequence[float] | None = None,
                 direction: str | Sequence[str] = 'horizontal'):
        directions = [direction] if isinstance(direction, str) else list(
            direction)
        if any(d not in self._DIRECTIONS for d in directions):
            raise InvalidValueError(f'flip directions must be in {self._DIRECTIONS}, '
                                    f'got {direction!r}')
        if isinstance(flip_ratio, (list, tuple)):
            if len(flip_ratio) != len(directions) or sum(flip_ratio) > 1:
                raise InvalidValueError('one flip ratio per direction, summing to <=1')
        elif flip_ratio is not None and not 0 <= flip_ratio <= 1:
            raise InvalidValueError(f'flip_ratio must be in [0, 1], got {flip_ratio}')
        self.flip_ratio = flip_ratio
        self.direction = directions

    def _sample(self) -> str | None:
        if self.flip_ratio is None:
            return None
        if isinstance(self.flip_ratio, (list, tuple)):
            probs = list(self.flip_ratio)
        else:
            probs = [self.flip_ratio / len(self.direction)] * len(self.direction)
        probs.append(1 - sum(probs))
        choice = np.random.choice(len(probs), p=probs)
        return None if choice == len(self.direction) else self.direction[choice]

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        if 'flip' not in results:
            direction = self._sample()
            results['flip'] = direction is not None
            results['flip_direction'] = direction
        results.setdefault('flip_direction', self.direction[0])
        if results['flip']:
            direction = results['flip_direction']
            for key in results.get('img_fields', ['img']):
                results[key] = imflip(results[key], direction)
            for key in results.get('bbox_fields', []):
                results[key] = _flip_bboxes(results[key], results['img_shape'],
                                            direction)
            for key in results.get('mask_fields', []):
                results[key] = results[key].flip(direction)
            for key in results.get('seg_fields', []):
                results[key] = imflip(results[key], direction)
        return results

    def __repr__(self) -> str:
        return f'{type(self).__name__}(flip_ratio={self.flip_ratio})'


@PIPELINES.register_module()
class Normalize:
    """``img = (img - mean) / std`` as float32, after BGR->RGB if ``to_rgb``;
    records ``img_norm_cfg``."""

    def __init__(self, mean: Sequence[float], std: Sequence[float],
                 to_rgb: bool = True):
        self.mean = np.array(mean, dtype=np.float32)
        self.std = np.array(std, dtype=np.float32)
        if np.any(self.std == 0):
            raise InvalidValueError(f'std must be non-zero, got {std}')
        self.to_rgb = to_rgb

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        for key in results.get('img_fields', ['img']):
            img = results[key].astype(np.float32)
            # to_rgb leaves single-channel (grayscale) images unchanged, as
            # mmcv does: MMOCR's CRNN configs rely on it.
            if self.to_rgb and not (img.ndim == 2 or img.shape[2] == 1):
                if img.shape[2] != 3:
                    raise InvalidValueError(f'to_rgb needs a 3-channel image, got '
                                            f'shape {img.shape}')
                img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
            results[key] = (img - self.mean) / self.std
        results['img_norm_cfg'] = dict(mean=self.mean, std=self.std,
                                       to_rgb=self.to_rgb)
        return results

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(mean={self.mean.tolist()}, '
                f'std={self.std.tolist()}, to_rgb={self.to_rgb})')


@PIPELINES.register_module()
class Pad:
    """Pad the image (bottom/right) to ``size=(h, w)`` or to a multiple of
    ``size_divisor``; masks and maps are padded to match. Adds
    ``pad_shape``, ``pad_fixed_size`` and ``pad_size_divisor``.

    Args:
        size: Fixed ``(h, w)``.
        size_divisor: Pad height and width up to multiples of it.
        pad_to_square: Pad to a square of the longer side.
        pad_val: A number for the image, or ``dict(img=0, masks=0,
            seg=255)``.
    """

    def __init__(self, size: Sequence[int] | None = None,
                 size_divisor: int | None = None, pad_to_square: bool = False,
                 pad_val: float | dict = 0):
        if pad_to_square:
            if size is not None or size_divisor is not None:
                raise InvalidValueError('pad_to_square excludes size and '
                                        'size_divisor')
        elif (size is None) == (size_divisor is None):
            raise InvalidValueError('set exactly one of size and size_divisor')
        if isinstance(pad_val, dict):
            pad_val = dict(dict(img=0, masks=0, seg=255), **pad_val)
        else:
            pad_val = dict(img=pad_val, masks=0, seg=255)
        self.size = tuple(size) if size is not None else None
        self.size_divisor = size_divisor
        self.pad_to_square = pad_to_square
        self.pad_val = pad_val

    def _target(self, img: np.ndarray) -> tuple[int, int]:
        h, w = img.shape[:2]
        if self.pad_to_square:
            return max(h, w), max(h, w)
        if self.size is not None:
            return int(self.size[0]), int(self.size[1])
        d = self.size_divisor
        return int(np.ceil(h / d)) * d, int(np.ceil(w / d)) * d

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        for key in results.get('img_fields', ['img']):
            shape = self._target(results[key])
            results[key] = impad(results[key], shape, self.pad_val['img'])
            results['pad_shape'] = results[key].shape
        results['pad_fixed_size'] = self.size
        results['pad_size_divisor'] = self.size_divisor
        pad_hw = results['pad_shape'][:2]
        for key in results.get('mask_fields', []):
            results[key] = results[key].pad(pad_hw, self.pad_val['masks'])
        for key in results.get('seg_fields', []):
            results[key] = impad(results[key], pad_hw, self.pad_val['seg'])
        return results

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(size={self.size}, size_divisor='
                f'{self.size_divisor}, pad_val={self.pad_val})')


def _gray(img: np.ndarray) -> np.ndarray:
    """ITU-R 601 luma of an RGB float image, shape (H, W, 1)."""
    return (img[..., 0] * 0.299 + img[..., 1] * 0.587 +
            img[..., 2] * 0.114)[..., None]


def _factor_range(value: float | Sequence[float], name: str,
                  center: float = 1.0, bound: tuple | None = (0, None)
                  ) -> tuple[float, float] | None:
    if isinstance(value, (int, float)):
        if value < 0:
            raise InvalidValueError(f'{name} must be non-negative, got {value}')
        low, high = center - value, center + value
        if bound is not None and bound[0] is not None:
            low = max(low, bound[0])
    else:
        low, high = float(value[0]), float(value[1])
    if low == high == center:
        return None
    return low, high


@PIPELINES.register_module()
class ColorJitter:
    """Randomly change brightness, contrast, saturation and hue (in random
    order), as torchvision's ``ColorJitter`` does on a PIL image, on the BGR
    ``uint8`` (or float) image.

    Factors are drawn uniformly from ``[max(0, 1 - v), 1 + v]`` (or a given
    ``(min, max)``); hue from ``[-hue, hue]`` (fraction of a full turn,
    ``hue <= 0.5``). Randomness as MMOCR 0.x (which wraps torchvision's
    ``ColorJitter``): torch's global RNG, ``torch.randperm(4)`` for the
    order, then one ``uniform_`` draw per enabled factor (brightness,
    contrast, saturation, hue).
    """

    def __init__(self, brightness: float | Sequence[float] = 0,
                 contrast: float | Sequence[float] = 0,
                 saturation: float | Sequence[float] = 0,
                 hue: float | Sequence[float] = 0):
        self.brightness = _factor_range(brightness, 'brightness')
        self.contrast = _factor_range(contrast, 'contrast')
        self.saturation = _factor_range(saturation, 'saturation')
        self.hue = _factor_range(hue, 'hue', center=0.0, bound=None)
        if self.hue is not None and not -0.5 <= self.hue[0] <= self.hue[
                1] <= 0.5:
            raise InvalidValueError(f'hue must be within [-0.5, 0.5], got {hue}')

    @staticmethod
    def _adjust_hue(rgb: np.ndarray, shift: float) -> np.ndarray:
        hsv = cv2.cvtColor(np.clip(rgb, 0, 255).astype(np.float32) / 255.0,
                           cv2.COLOR_RGB2HSV)
        hsv[..., 0] = (hsv[..., 0] + shift * 360.0) % 360.0
        return cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB) * 255.0

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        img = results['img']
        if img.ndim != 3 or img.shape[2] != 3:
            raise InvalidValueError(f'ColorJitter needs a 3-channel image, got shape '
                                    f'{img.shape}')
        rgb = img[..., ::-1].astype(np.float32)
        order = torch.randperm(4).tolist()
        factors = [
            None if bounds is None else float(
                torch.empty(1).uniform_(bounds[0], bounds[1]))
            for bounds in (self.brightness, self.contrast, self.saturation,
                           self.hue)]
        for op in order:
            factor = factors[op]
            if factor is None:
                continue
            if op == 0:
                rgb = rgb * factor
            elif op == 1:
                rgb = rgb * factor + _gray(rgb).mean() * (1 - factor)
            elif op == 2:
                rgb = rgb * factor + _gray(rgb) * (1 - factor)
            else:
                rgb = self._adjust_hue(rgb, factor)
            rgb = np.clip(rgb, 0, 255)
        out = np.ascontiguousarray(rgb[..., ::-1])
        results['img'] = (np.round(out).astype(np.uint8)
                          if img.dtype == np.uint8 else out.astype(img.dtype))
        return results

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(brightness={self.brightness}, '
                f'contrast={self.contrast}, saturation={self.saturation}, '
                f'hue={self.hue})')


@PIPELINES.register_module()
class RandomScaling:
    """Resize so that the long side is ``size * r``, ``r`` uniform in
    ``scale`` (a ``(min, max)`` pair, or ``s`` meaning ``(1 - s, 1 + s)``)."""

    def __init__(self, size: int = 800,
                 scale: float | Sequence[float] = (3. / 4, 5. / 2)):
        if not isinstance(size, int) or size <= 0:
            raise InvalidValueError(f'size must be a positive int, got {size!r}')
        self.size = size
        self.scale = (tuple(scale) if isinstance(scale, (tuple, list)) else
                      (1 - scale, 1 + scale))

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        _check_not_empty(results, type(self).__name__)
        h, w = results['img'].shape[:2]
        ratio = np.random.uniform(min(self.scale), max(self.scale))
        factor = self.size / max(h, w) * ratio
        out_h, out_w = max(int(h * factor), 1), max(int(w * factor), 1)
        results['img'] = imresize(results['img'], (out_w, out_h))
        results['img_shape'] = results['img'].shape
        for key in results.get('mask_fields', []):
            results[key] = results[key].resize((out_h, out_w))
        return results

    def __repr__(self) -> str:
        return f'{type(self).__name__}(size={self.size}, scale={self.scale})'


@PIPELINES.register_module(name=['RandomRotateTextDet', 'RandomRotate'])
class RandomRotateTextDet:
    """(Also ``RandomRotate``, the name in MMOCR 0.x's ABINet pipeline.)
    With probability ``rotate_ratio``, rotate the image and masks by an
    angle uniform in ``[-max_angle, max_angle]`` degrees (counter-clockwise
    positive) about the image centre, keeping the image size; records
    ``rotated_angle``."""

    def __init__(self, rotate_ratio: float = 1.0, max_angle: float = 10):
        self.rotate_ratio = rotate_ratio
        self.max_angle = max_angle

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        if np.random.random_sample() >= self.rotate_ratio:
            return results
        angle = np.random.uniform(-self.max_angle, self.max_angle)
        results['rotated_angle'] = angle
        img = results['img']
        h, w = img.shape[:2]
        center = (w / 2, h / 2)
        matrix = cv2.getRotationMatrix2D(center, angle, 1)
        results['img'] = cv2.warpAffine(img, matrix, (w, h),
                                        flags=cv2.INTER_NEAREST)
        results['img_shape'] = results['img'].shape
        for key in results.get('mask_fields', []):
            # Masks rotate clockwise-positive (mmcv), hence -angle.
            results[key] = results[key].rotate((h, w), -angle, center=center)
        return results

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(rotate_ratio={self.rotate_ratio}, '
                f'max_angle={self.max_angle})')


@PIPELINES.register_module()
class RandomCropPolyInstances:
    """With probability ``crop_ratio``, crop a region that keeps one random
    instance of ``instance_key`` whole and cuts through no text instance;
    instances left outside are removed (with their ``gt_labels``).

    Polygon masks only (one polygon per instance). Adds ``crop_region``
    ``[x1, y1, x2, y2]``.

    Args:
        instance_key: Mask field whose instances drive the crop.
        crop_ratio: Probability of cropping.
        min_side_ratio: Minimum crop side as a fraction of the image side.
    """

    def __init__(self, instance_key: str = 'gt_masks',
                 crop_ratio: float = 5.0 / 8.0, min_side_ratio: float = 0.4):
        if not 0 <= min_side_ratio <= 1:
            raise InvalidValueError(f'min_side_ratio must be in [0, 1], got '
                                    f'{min_side_ratio}')
        self.instance_key = instance_key
        self.crop_ratio = crop_ratio
        self.min_side_ratio = min_side_ratio

    @staticmethod
    def sample_valid_start_end(valid_array: np.ndarray, min_len: int,
                               max_start: int, min_end: int
                               ) -> tuple[int, int]:
        """Sample ``start <= max_start`` and ``end >= min_end`` (and
        ``end - start >= min_len``) among positions where ``valid_array`` is 1
        (no text); position 0 and the last one are always allowed."""
        size = len(valid_array)
        min_len = min(min_len, size - 1)
        start_ok = valid_array.astype(bool).copy()
        start_ok[min(size - min_len, max_start) + 1:] = False
        start_ok[0] = True
        start = int(np.random.choice(np.flatnonzero(start_ok)))
        end_ok = valid_array.astype(bool).copy()
        end_ok[:max(start + min_len, min_end)] = False
        end_ok[-1] = True
        end = int(np.random.choice(np.flatnonzero(end_ok)))
        return start, end + 1

    def sample_crop_box(self, img_size: Sequence[int],
                        results: dict[str, Any]) -> np.ndarray:
        h, w = img_size[:2]
        x_valid = np.ones(w, dtype=np.int32)
        y_valid = np.ones(h, dtype=np.int32)
        for key in results.get('mask_fields', []):
            for mask in results[key].masks:
                pts = np.concatenate([p.reshape(-1, 2) for p in mask])
                xs = np.clip(pts[:, 0], 0, w - 1).astype(np.int32)
                ys = np.clip(pts[:, 1], 0, h - 1).astype(np.int32)
                x_valid[max(xs.min() - 2, 0):xs.max() + 3] = 0
                y_valid[max(ys.min() - 2, 0):ys.max() + 3] = 0
        key_masks = results[self.instance_key].masks
        chosen = key_masks[np.random.randint(len(key_masks))]
        pts = np.concatenate([p.reshape(-1, 2) for p in chosen]).astype(
            np.int32)
        max_x_start = max(pts[:, 0].min() - 2, 0)
        min_x_end = min(pts[:, 0].max() + 3, w - 1)
        max_y_start = max(pts[:, 1].min() - 2, 0)
        min_y_end = min(pts[:, 1].max() + 3, h - 1)
        x1, x2 = self.sample_valid_start_end(x_valid, int(w * self.min_side_ratio),
                                             max_x_start, min_x_end)
        y1, y2 = self.sample_valid_start_end(y_valid, int(h * self.min_side_ratio),
                                             max_y_start, min_y_end)
        return np.array([x1, y1, min(x2, w), min(y2, h)])

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        masks = results.get(self.instance_key)
        if masks is None or len(masks) < 1:
            return results
        if not isinstance(masks, PolygonMasks):
            raise InvalidTypeError('RandomCropPolyInstances needs PolygonMasks '
                                   '(LoadTextAnnotations(poly2mask=False))')
        if np.random.random_sample() >= self.crop_ratio:
            return results
        x1, y1, x2, y2 = box = self.sample_crop_box(results['img'].shape,
                                                    results)
        results['crop_region'] = box
        results['img'] = results['img'][y1:y2, x1:x2]
        results['img_shape'] = results['img'].shape
        w, h = max(x2 - x1, 1), max(y2 - y1, 1)
        labels = results.get('gt_labels')
        for key in results.get('mask_fields', []):
            kept, kept_idx = [], []
            for i, mask in enumerate(results[key].masks):
                polys = [p.copy() for p in mask]
                for p in polys:
                    p[0::2] -= x1
                    p[1::2] -= y1
                pts = np.concatenate([p.reshape(-1, 2) for p in polys])
                inside = ((pts[:, 0] > -4).all() and (pts[:, 0] < w + 4).all()
                          and (pts[:, 1] > -4).all()
                          and (pts[:, 1] < h + 4).all())
                if inside:
                    for p in polys:
                        p[0::2] = np.clip(p[0::2], 0, w)
                        p[1::2] = np.clip(p[1::2], 0, h)
                    kept.append(polys)
                    kept_idx.append(i)
            results[key] = PolygonMasks(kept, h, w)
            if key == self.instance_key and labels is not None:
                results['gt_labels'] = np.asarray(labels)[kept_idx]
        return results

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(instance_key={self.instance_key}, '
                f'crop_ratio={self.crop_ratio}, '
                f'min_side_ratio={self.min_side_ratio})')


def _patch_background(img: np.ndarray, height: int, width: int) -> np.ndarray:
    """A ``(height, width)`` canvas made of a random patch of ``img`` (``h //
    9 x w // 9`` at a top-left drawn by two ``np.random.randint`` calls in
    ``[0, 7/8 h)`` and ``[0, 7/8 w)``) stretched over it (MMOCR 0.x's
    padding of FCENet/TextSnake pipelines)."""
    h, w = img.shape[:2]
    y = np.random.randint(0, max(h * 7 // 8, 1))
    x = np.random.randint(0, max(w * 7 // 8, 1))
    patch = img[y:y + max(h // 9, 1), x:x + max(w // 9, 1)]
    return imresize(patch, (width, height))


@PIPELINES.register_module()
class RandomCropFlip:
    """With probability ``crop_ratio``, flip a random rectangle of the image
    in place (horizontally, vertically or both, one ``np.random.randint(3)``)
    together with the polygons of ``gt_masks`` and ``gt_masks_ignore``
    inside it (MMOCR 0.x; FCENet's pipelines). Repeated ``iter_num`` times.

    The rectangle's sides are drawn (two ``np.random.choice`` each) among the
    rows/columns, in an image padded by ``pad_ratio`` on every side, that
    no text's minimum-area rectangle covers; it must cover at least
    ``min_area_ratio`` of the image and contain each polygon either whole or
    not at all (intersection area within ``epsilon`` of the polygon's area
    or of 0). Up to 10 rectangles are tried; if none fits the image is left
    as it is (MMOCR 0.x flipped the last one tried anyway).

    Args:
        pad_ratio: Padding of the sampling range, as a fraction of each side.
        crop_ratio: Probability of flipping a rectangle.
        iter_num: Number of tries of the whole operation.
        min_area_ratio: Minimal rectangle area / image area.
        epsilon: Area tolerance of the inside/outside test.
    """

    def __init__(self, pad_ratio: float = 0.1, crop_ratio: float = 0.5,
                 iter_num: int = 1, min_area_ratio: float = 0.2,
                 epsilon: float = 1e-2):
        name = type(self).__name__
        for key, value in (('crop_ratio', crop_ratio),
                           ('min_area_ratio', min_area_ratio)):
            if not isinstance(value, float):
                raise InvalidTypeError(f'{name}: {key} must be a float, got '
                                       f'{value!r}')
        if not isinstance(iter_num, int):
            raise InvalidTypeError(f'{name}: iter_num must be an int, got '
                                   f'{iter_num!r}')
        self.pad_ratio = pad_ratio
        self.epsilon = epsilon
        self.crop_ratio = crop_ratio
        self.iter_num = iter_num
        self.min_area_ratio = min_area_ratio

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        for _ in range(self.iter_num):
            results = self.random_crop_flip(results)
        return results

    @staticmethod
    def _masks(results: dict[str, Any], key: str) -> list:
        masks = results.get(key)
        if masks is None:
            return []
        if not isinstance(masks, PolygonMasks):
            raise InvalidTypeError(f'RandomCropFlip needs PolygonMasks in {key} '
                                   '(LoadTextAnnotations(poly2mask=False))')
        return masks.masks

    def random_crop_flip(self, results: dict[str, Any]) -> dict[str, Any]:
        """One try: flip a rectangle (see the class) or leave ``results``."""
        polygons = self._masks(results, 'gt_masks')
        ignored = self._masks(results, 'gt_masks_ignore')
        if len(polygons) == 0:
            return results
        if np.random.random() >= self.crop_ratio:
            return results
        image = results['img']
        h, w = image.shape[:2]
        pad_h, pad_w = int(h * self.pad_ratio), int(w * self.pad_ratio)
        h_axis, w_axis = self.generate_crop_target(image, polygons + ignored,
                                                   pad_h, pad_w)
        if len(h_axis) == 0 or len(w_axis) == 0:
            return results
        all_polys = [np.asarray(p[0], dtype=np.float64) for p in
                     polygons + ignored]
        geoms = polys2shapely_array(all_polys, make_valid=True,
                                    name='gt_masks')
        areas = shapely.area(geoms)
        for _ in range(10):
            xx = np.random.choice(w_axis, size=2)
            xmin, xmax = np.clip(np.sort(xx) - pad_w, 0, w - 1)
            yy = np.random.choice(h_axis, size=2)
            ymin, ymax = np.clip(np.sort(yy) - pad_h, 0, h - 1)
            if (xmax - xmin) * (ymax - ymin) < h * w * self.min_area_ratio:
                continue
            inter = shapely.area(shapely.intersection(
                geoms, shapely.box(xmin, ymin, xmax, ymax)))
            inside = np.abs(inter - areas) < self.epsilon
            outside = np.abs(inter) < self.epsilon
            if (inside | outside).all():
                break
        else:
            return results
        xmin, xmax, ymin, ymax = int(xmin), int(xmax), int(ymin), int(ymax)
        select_type = np.random.randint(3)
        flip_x, flip_y = select_type in (0, 2), select_type in (1, 2)
        crop = image[ymin:ymax, xmin:xmax]
        if flip_x:
            crop = crop[:, ::-1]
        if flip_y:
            crop = crop[::-1]
        image = image.copy()
        image[ymin:ymax, xmin:xmax] = crop
        results['img'] = image
        if not inside.any():
            return results
        flipped = []
        for poly, moved in zip(all_polys, inside):
            if moved:
                poly = poly.copy()
                if flip_x:
                    poly[0::2] = xmin + xmax - poly[0::2]
                if flip_y:
                    poly[1::2] = ymin + ymax - poly[1::2]
            flipped.append([poly])
        # MMOCR 0.x's order: the untouched polygons, then the flipped ones.
        for key, part in (('gt_masks', slice(0, len(polygons))),
                          ('gt_masks_ignore', slice(len(polygons), None))):
            if key not in results:
                continue
            polys, moved = flipped[part], inside[part]
            order = np.concatenate([np.flatnonzero(~moved),
                                    np.flatnonzero(moved)])
            results[key] = PolygonMasks([polys[i] for i in order], h, w)
            if key == 'gt_masks' and results.get('gt_labels') is not None:
                results['gt_labels'] = np.asarray(results['gt_labels'])[order]
        return results

    @staticmethod
    def generate_crop_target(image: np.ndarray, all_polys: list,
                             pad_h: int, pad_w: int
                             ) -> tuple[np.ndarray, np.ndarray]:
        """Rows and columns (in the image padded by ``pad_h``/``pad_w``)
        covered by no polygon's minimum-area rectangle (its integer corners'
        span, end excluded).

        Returns:
            ``(h_axis, w_axis)``: the free row and column indices.
        """
        h, w = image.shape[:2]
        cover_h = np.zeros(h + pad_h * 2 + 1, dtype=np.int64)
        cover_w = np.zeros(w + pad_w * 2 + 1, dtype=np.int64)
        for polygon in all_polys:
            pts = np.asarray(polygon[0]).reshape(-1, 2).astype(np.int32)
            box = cv2.boxPoints(cv2.minAreaRect(pts)).astype(np.int64)
            for cover, coords, pad in ((cover_w, box[:, 0], pad_w),
                                       (cover_h, box[:, 1], pad_h)):
                start = int(np.clip(coords.min() + pad, 0, len(cover) - 1))
                end = int(np.clip(coords.max() + pad, 0, len(cover) - 1))
                if end > start:
                    cover[start] += 1
                    cover[end] -= 1
        h_axis = np.flatnonzero(np.cumsum(cover_h)[:-1] == 0)
        w_axis = np.flatnonzero(np.cumsum(cover_w)[:-1] == 0)
        return h_axis, w_axis

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(pad_ratio={self.pad_ratio}, '
                f'crop_ratio={self.crop_ratio}, iter_num={self.iter_num}, '
                f'min_area_ratio={self.min_area_ratio}, '
                f'epsilon={self.epsilon})')


@PIPELINES.register_module()
class RandomRotatePolyInstances:
    """With probability ``rotate_ratio``, rotate the image by an angle
    uniform in ``[-max_angle, max_angle)`` degrees (counter-clockwise on
    screen) about its centre onto a canvas that holds the whole rotated
    image, and the polygons of ``mask_fields`` with it (MMOCR 0.x; FCENet's
    pipelines). Records ``rotated_poly_angle``.

    Draws one ``np.random.random_sample()`` (rotate or not), one more for
    the angle, then, without ``pad_with_fixed_color``, the background patch
    of :func:`_patch_background`.

    Args:
        rotate_ratio: Probability of rotating.
        max_angle: Maximum angle in degrees.
        pad_with_fixed_color: Fill the canvas around the image with
            ``pad_value``; else with a stretched random patch of the image.
        pad_value: BGR colour of the fixed padding.
    """

    def __init__(self, rotate_ratio: float = 0.5, max_angle: float = 10,
                 pad_with_fixed_color: bool = False,
                 pad_value: tuple = (0, 0, 0)):
        self.rotate_ratio = rotate_ratio
        self.max_angle = max_angle
        self.pad_with_fixed_color = pad_with_fixed_color
        self.pad_value = pad_value

    @staticmethod
    def cal_canvas_size(ori_size: tuple[int, int],
                        degree: float) -> tuple[int, int]:
        """``(h, w)`` of the canvas holding an ``ori_size`` image rotated by
        ``degree``."""
        h, w = ori_size[:2]
        angle = np.deg2rad(degree)
        cos, sin = abs(np.cos(angle)), abs(np.sin(angle))
        return int(w * sin + h * cos), int(w * cos + h * sin)

    @staticmethod
    def sample_angle(max_angle: float) -> float:
        return np.random.random_sample() * 2 * max_angle - max_angle

    def rotation_matrix(self, img_size: tuple[int, int], angle: float,
                        canvas_size: tuple[int, int]) -> np.ndarray:
        """``(2, 3)`` affine map of image to canvas pixels."""
        h, w = img_size
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1)
        matrix[0, 2] += int((canvas_size[1] - w) / 2)
        matrix[1, 2] += int((canvas_size[0] - h) / 2)
        return matrix

    def rotate_img(self, img: np.ndarray, matrix: np.ndarray,
                   canvas_size: tuple[int, int]) -> np.ndarray:
        """``img`` warped by ``matrix`` onto a ``canvas_size`` canvas."""
        size = (canvas_size[1], canvas_size[0])
        if self.pad_with_fixed_color:
            return cv2.warpAffine(img, matrix, size, flags=cv2.INTER_NEAREST,
                                  borderValue=self.pad_value)
        background = _patch_background(img, *canvas_size)
        outside = cv2.warpAffine(np.zeros(img.shape[:2], np.uint8), matrix,
                                 size, borderValue=1).astype(bool)
        target = cv2.warpAffine(img, matrix, size, borderValue=0)
        target[outside] = background[outside]
        return target

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        if np.random.random_sample() >= self.rotate_ratio:
            return results
        _check_not_empty(results, type(self).__name__)
        img = results['img']
        h, w = img.shape[:2]
        angle = self.sample_angle(self.max_angle)
        canvas_size = self.cal_canvas_size((h, w), angle)
        matrix = self.rotation_matrix((h, w), angle, canvas_size)
        results['rotated_poly_angle'] = angle
        results['img'] = self.rotate_img(img, matrix, canvas_size)
        results['img_shape'] = results['img'].shape
        ch, cw = canvas_size
        for key in results.get('mask_fields', []):
            masks = results[key]
            if isinstance(masks, PolygonMasks):
                results[key] = PolygonMasks(
                    [[(p.reshape(-1, 2) @ matrix[:, :2].T
                       + matrix[:, 2]).reshape(-1) for p in inst]
                     for inst in masks.masks], ch, cw)
            else:
                results[key] = BitmapMasks(
                    [cv2.warpAffine(m, matrix, (cw, ch),
                                    flags=cv2.INTER_NEAREST)
                     for m in masks.masks], ch, cw)
        return results

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(rotate_ratio={self.rotate_ratio}, '
                f'max_angle={self.max_angle}, pad_with_fixed_color='
                f'{self.pad_with_fixed_color}, pad_value={self.pad_value})')


def _sample_from_range(value_range: Sequence[float]) -> float:
    """Uniform sample in ``[min(value_range), max(value_range))``."""
    if len(value_range) != 2:
        raise InvalidValueError(f'a range needs 2 values, got {value_range!r}')
    low, high = min(value_range), max(value_range)
    return np.random.random_sample() * (high - low) + low


@PIPELINES.register_module()
class ScaleAspectJitter(Resize):
    """Resize to a random scale and aspect ratio (MMOCR 0.x; PANet and
    PSENet pipelines), then as :class:`Resize` (``keep_ratio=False``).

    ``resize_type``:

    * ``'around_min_img_scale'``: scale ``ratio * min(img_scale[0]) /
      min(h, w)``, ``ratio`` uniform in ``ratio_range``;
    * ``'long_short_bound'``: the long side first capped at
      ``long_size_bound``, times a ratio from ``ratio_range``; if the short
      side would be at most ``short_size_bound`` it becomes
      ``short_size_bound + 10``;
    * ``'indep_sample_in_range'``: width and height drawn independently in
      ``scale_range``.

    For the first two an aspect ``a`` uniform in ``aspect_ratio_range``
    scales height by ``sqrt(a)`` and width by ``1 / sqrt(a)``. Sets
    ``results['scale'] = (w, h)``.
    """

    def __init__(self, img_scale: Sequence | None = None,
                 multiscale_mode: str = 'range',
                 ratio_range: Sequence[float] | None = None,
                 keep_ratio: bool = False,
                 resize_type: str = 'around_min_img_scale',
                 aspect_ratio_range: Sequence[float] | None = None,
                 long_size_bound: int | None = None,
                 short_size_bound: int | None = None,
                 scale_range: Sequence[float] | None = None):
        name = type(self).__name__
        if keep_ratio:
            raise InvalidValueError(f'{name} needs keep_ratio=False')
        types = ('around_min_img_scale', 'long_short_bound',
                 'indep_sample_in_range')
        if resize_type not in types:
            raise InvalidValueError(f'{name}: resize_type must be one of {types}, '
                                    f'got {resize_type!r}')
        if resize_type == 'indep_sample_in_range':
            if scale_range is None or any(
                    v is not None for v in (ratio_range, aspect_ratio_range,
                                            long_size_bound,
                                            short_size_bound)):
                raise InvalidValueError(f"{name}(resize_type='indep_sample_in_range')"
                                        ' takes scale_range only')
        else:
            if scale_range is not None:
                raise InvalidValueError(f'{name}: scale_range is only for '
                                        "resize_type='indep_sample_in_range'")
            if (not isinstance(ratio_range, tuple)
                    or not isinstance(aspect_ratio_range, tuple)
                    or len(ratio_range) != len(aspect_ratio_range)):
                raise InvalidValueError(f'{name}: ratio_range and aspect_ratio_range '
                                        'must be tuples of the same length, got '
                                        f'{ratio_range!r} and {aspect_ratio_range!r}')
            if resize_type == 'long_short_bound' and (
                    long_size_bound is None or short_size_bound is None):
                raise InvalidValueError(f"{name}(resize_type='long_short_bound') "
                                        'needs long_size_bound and short_size_bound')
            if resize_type == 'around_min_img_scale' and img_scale is None:
                raise InvalidValueError(f"{name}(resize_type='around_min_img_scale')"
                                        ' needs img_scale')
        super().__init__(img_scale=img_scale, multiscale_mode=multiscale_mode,
                         ratio_range=ratio_range, keep_ratio=False)
        self.resize_type = resize_type
        self.aspect_ratio_range = aspect_ratio_range
        self.long_size_bound = long_size_bound
        self.short_size_bound = short_size_bound
        self.scale_range = scale_range

    sample_from_range = staticmethod(_sample_from_range)

    def _random_scale(self, results: dict[str, Any]) -> None:
        results['scale_idx'] = None
        if self.resize_type == 'indep_sample_in_range':
            w = self.sample_from_range(self.scale_range)
            h = self.sample_from_range(self.scale_range)
            results['scale'] = (int(w), int(h))
            return
        h, w = results['img'].shape[:2]
        if self.resize_type == 'long_short_bound':
            scale1 = 1.0
            if max(h, w) > self.long_size_bound:
                scale1 = self.long_size_bound / max(h, w)
            scale = scale1 * self.sample_from_range(self.ratio_range)
            if min(h, w) * scale <= self.short_size_bound:
                scale = (self.short_size_bound + 10) / min(h, w)
        else:
            short_size = min(self.img_scale[0])
            scale = (self.sample_from_range(self.ratio_range) * short_size
                     / min(h, w))
        aspect = self.sample_from_range(self.aspect_ratio_range)
        h_scale = scale * np.sqrt(aspect)
        w_scale = scale / np.sqrt(aspect)
        results['scale'] = (int(w * w_scale), int(h * h_scale))

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(img_scale={self.img_scale}, '
                f'ratio_range={self.ratio_range}, resize_type='
                f'{self.resize_type}, aspect_ratio_range='
                f'{self.aspect_ratio_range}, long_size_bound='
                f'{self.long_size_bound}, short_size_bound='
                f'{self.short_size_bound}, scale_range={self.scale_range})')


@PIPELINES.register_module()
class RandomCropInstances:
    """Random crop of ``target_size`` (``(h, w)`` or an int) that, with
    probability ``positive_sample_ratio``, passes through text (MMOCR 0.x;
    PANet and PSENet pipelines, after their targets).

    The text map is ``results[instance_key]``'s first mask (``'inx0'``) or
    the union of its masks (``'union_all'``). Crops the image, every
    ``mask_fields`` entry and every ``bbox_fields`` entry (boxes clipped to
    the crop, boxes outside dropped with their ``gt_labels`` and, for
    ``BitmapMasks``, their ``gt_masks``). Adds ``crop_offset`` ``(y, x)``.
    """

    def __init__(self, target_size: int | tuple[int, int] | None,
                 instance_key: str, mask_type: str = 'inx0',
                 positive_sample_ratio: float = 5.0 / 8.0):
        if mask_type not in ('inx0', 'union_all'):
            raise InvalidValueError("RandomCropInstances: mask_type must be 'inx0' "
                                    f"or 'union_all', got {mask_type!r}")
        self.mask_type = mask_type
        self.instance_key = instance_key
        self.positive_sample_ratio = positive_sample_ratio
        self.target_size = (target_size if target_size is None
                            or isinstance(target_size, tuple) else
                            (target_size, target_size))

    def sample_offset(self, img_gt: np.ndarray | None,
                      img_size: tuple[int, int]) -> tuple[int, int]:
        """Top-left ``(y, x)`` of the crop in an image of ``img_size``."""
        h, w = img_size
        t_h, t_w = self.target_size
        t_h = min(t_h, h)
        t_w = min(t_w, w)
        if (img_gt is not None
                and np.random.random_sample() < self.positive_sample_ratio
                and np.max(img_gt) > 0):
            # A crop that meets the text: its top left between the first
            # text pixel minus the crop size and the last one.
            where = np.where(img_gt > 0)
            tl = np.min(where, axis=1) - (t_h, t_w)
            tl[tl < 0] = 0
            br = np.max(where, axis=1) - (t_h, t_w)
            br[br < 0] = 0
            br[0] = min(br[0], h - t_h)
            br[1] = min(br[1], w - t_w)
            y = np.random.randint(tl[0], br[0]) if tl[0] < br[0] else 0
            x = np.random.randint(tl[1], br[1]) if tl[1] < br[1] else 0
        else:
            y = np.random.randint(0, h - t_h) if h - t_h > 0 else 0
            x = np.random.randint(0, w - t_w) if w - t_w > 0 else 0
        return int(y), int(x)

    @staticmethod
    def crop_img(img: np.ndarray, offset: tuple[int, int],
                 target_size: tuple[int, int]
                 ) -> tuple[np.ndarray, np.ndarray]:
        """``img`` cropped at ``offset`` ``(y, x)`` to at most
        ``target_size`` ``(h, w)``, and the crop box ``[x1, y1, x2, y2]``."""
        h, w = img.shape[:2]
        br = np.minimum(np.array(offset) + np.array(target_size),
                        np.array((h, w)))
        return (img[offset[0]:br[0], offset[1]:br[1]],
                np.array([offset[1], offset[0], br[1], br[0]]))

    @staticmethod
    def crop_bboxes(bboxes: np.ndarray, canvas_bbox: np.ndarray
                    ) -> tuple[np.ndarray, list[int]]:
        """Boxes ``(K, 4)`` clipped to ``canvas_bbox`` in its coordinates;
        boxes that do not overlap it with a positive area are dropped.
        Returns the kept boxes and their indices."""
        boxes = np.asarray(bboxes, dtype=np.float32).reshape(-1, 4)
        x1 = np.maximum(boxes[:, 0], canvas_bbox[0])
        y1 = np.maximum(boxes[:, 1], canvas_bbox[1])
        x2 = np.minimum(boxes[:, 2], canvas_bbox[2])
        y2 = np.minimum(boxes[:, 3], canvas_bbox[3])
        keep = np.nonzero((x2 > x1) & (y2 > y1))[0]
        kept = np.stack([x1, y1, x2, y2], axis=1)[keep]
        kept -= np.array([canvas_bbox[0], canvas_bbox[1]] * 2,
                         dtype=np.float32)
        return kept.reshape(-1, 4), keep.tolist()

    @staticmethod
    def generate_mask(gt_mask, mask_type: str) -> np.ndarray:
        """The text map of ``gt_mask`` (``BitmapMasks``)."""
        if mask_type == 'inx0':
            return gt_mask.masks[0]
        return np.any(np.asarray(gt_mask.masks) > 0, axis=0)

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        if self.instance_key not in results:
            raise KeyError(f'RandomCropInstances: results has no '
                           f'{self.instance_key!r} (instance_key); put the '
                           'targets step before it')
        gt_mask = results[self.instance_key]
        mask = (self.generate_mask(gt_mask, self.mask_type)
                if len(gt_mask.masks) > 0 else None)
        results['crop_offset'] = self.sample_offset(
            mask, results['img'].shape[:2])
        img, bbox = self.crop_img(results['img'], results['crop_offset'],
                                  self.target_size)
        results['img'] = img
        results['img_shape'] = img.shape
        for key in results.get('mask_fields', []):
            results[key] = results[key].crop(bbox)
        for key in results.get('bbox_fields', []):
            results[key], kept = self.crop_bboxes(results[key], bbox)
            if key != 'gt_bboxes':
                continue
            if 'gt_labels' in results:
                results['gt_labels'] = np.asarray(results['gt_labels'])[
                    np.asarray(kept, dtype=np.int64)]
            masks = results.get('gt_masks')
            if masks is not None and not isinstance(masks, PolygonMasks):
                results['gt_masks'] = masks[kept]
        return results

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(target_size={self.target_size}, '
                f'instance_key={self.instance_key}, mask_type='
                f'{self.mask_type}, positive_sample_ratio='
                f'{self.positive_sample_ratio})')


@PIPELINES.register_module()
class SquareResizePad:
    """Make the image a ``target_size`` square (MMOCR 0.x; FCENet/TextSnake
    style pipelines).

    With probability ``pad_ratio`` (one ``np.random.random_sample()``) the
    image is resized keeping its aspect ratio so that its long side is
    ``target_size``, then centred on a square canvas (its short side
    centred); otherwise it is stretched to ``target_size x target_size``.
    The canvas is ``pad_value`` when ``pad_with_fixed_color``, else a patch
    of the resized image (``h // 9 x w // 9`` at a top-left drawn by two
    ``np.random.randint`` calls in ``[0, 7/8 h)`` and ``[0, 7/8 w)``)
    stretched over it. ``mask_fields`` follow: polygons are scaled and
    shifted, bitmaps resized and placed (0 around).

    Args:
        target_size: Side of the output square.
        pad_ratio: Probability of keeping the aspect ratio (and padding).
        pad_with_fixed_color: Pad with ``pad_value`` instead of a patch.
        pad_value: BGR colour of the padding.
    """

    def __init__(self, target_size: int, pad_ratio: float = 0.6,
                 pad_with_fixed_color: bool = False,
                 pad_value: tuple = (0, 0, 0)):
        name = type(self).__name__
        if not isinstance(target_size, int) or target_size <= 0:
            raise InvalidValueError(f'{name}: target_size must be a positive int, '
                                    f'got {target_size!r}')
        if not isinstance(pad_ratio, float) or not 0 <= pad_ratio <= 1:
            raise InvalidValueError(f'{name}: pad_ratio must be a float in [0, 1], '
                                    f'got {pad_ratio!r}')
        if not isinstance(pad_with_fixed_color, bool):
            raise InvalidValueError(f'{name}: pad_with_fixed_color must be a bool, '
                                    f'got {pad_with_fixed_color!r}')
        if not isinstance(pad_value, tuple):
            raise InvalidValueError(f'{name}: pad_value must be a tuple, got '
                                    f'{pad_value!r}')
        self.target_size = target_size
        self.pad_ratio = pad_ratio
        self.pad_with_fixed_color = pad_with_fixed_color
        self.pad_value = pad_value

    def resize_img(self, img: np.ndarray, keep_ratio: bool = True
                   ) -> tuple[np.ndarray, tuple[int, int]]:
        """``img`` resized (long side ``target_size`` with ``keep_ratio``,
        else a ``target_size`` square) and its new ``(h, w)``."""
        h, w = img.shape[:2]
        size = self.target_size
        if keep_ratio:
            t_h = size if h >= w else max(int(h * size / w), 1)
            t_w = size if w >= h else max(int(w * size / h), 1)
        else:
            t_h = t_w = size
        return imresize(img, (t_w, t_h)), (t_h, t_w)

    def square_pad(self, img: np.ndarray
                   ) -> tuple[np.ndarray, tuple[int, int]]:
        """``img`` centred on a square canvas, and its offset ``(x0, y0)``."""
        h, w = img.shape[:2]
        if h == w:
            return img, (0, 0)
        side = max(h, w)
        if self.pad_with_fixed_color:
            canvas = np.empty((side, side) + img.shape[2:], dtype=img.dtype)
            canvas[...] = self.pad_value
        else:
            canvas = _patch_background(img, side, side)
        x0, y0 = ((h - w) // 2, 0) if h > w else (0, (w - h) // 2)
        canvas[y0:y0 + h, x0:x0 + w] = img
        return canvas, (x0, y0)

    @staticmethod
    def square_pad_mask(points: np.ndarray, offset: tuple[int, int]
                        ) -> np.ndarray:
        """Flat polygon ``[x1, y1, ...]`` shifted by ``offset`` ``(x0, y0)``."""
        shifted = np.array(points, dtype=np.float64)
        shifted[0::2] += offset[0]
        shifted[1::2] += offset[1]
        return shifted

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        _check_not_empty(results, type(self).__name__)
        if np.random.random_sample() < self.pad_ratio:
            img, out_size = self.resize_img(results['img'], keep_ratio=True)
            img, offset = self.square_pad(img)
        else:
            img, out_size = self.resize_img(results['img'], keep_ratio=False)
            offset = (0, 0)
        results['img'] = img
        results['img_shape'] = img.shape
        side = img.shape[0]
        for key in results.get('mask_fields', []):
            masks = results[key].resize(out_size)
            if isinstance(masks, PolygonMasks):
                results[key] = PolygonMasks(
                    [[self.square_pad_mask(p, offset) for p in inst]
                     for inst in masks.masks], side, side)
            else:
                canvas = np.zeros((len(masks), side, side),
                                  dtype=masks.masks.dtype)
                x0, y0 = offset
                canvas[:, y0:y0 + out_size[0], x0:x0 + out_size[1]] = \
                    masks.masks
                results[key] = BitmapMasks(canvas, side, side)
        return results

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(target_size={self.target_size}, '
                f'pad_ratio={self.pad_ratio}, pad_with_fixed_color='
                f'{self.pad_with_fixed_color}, pad_value={self.pad_value})')


@PIPELINES.register_module()
class AffineJitter:
    """Random affine jitter of the image only (recognition crops), as
    torchvision's ``RandomAffine`` with these arguments (0.x's names):
    a rotation in ``[-degrees, degrees]`` (clockwise), a shift up to
    ``translate * (W, H)``, a scale in ``scale``, an optional shear;
    ``resample`` False / 0 nearest, 2 bilinear, 3 bicubic; ``fillcolor``
    (RGB) outside. Drawn from torch's RNG as torchvision does
    (:class:`mmocr.datasets.pipelines.tv_ops.RandomAffine`).

    In/out: ``img`` BGR ``(H, W, 3)`` -> same shape.
    """

    def __init__(self, degrees: float | Sequence[float] = 4,
                 translate: Sequence[float] = (0.02, 0.04),
                 scale: Sequence[float] = (0.9, 1.1),
                 shear: float | Sequence[float] | None = None,
                 resample: bool | int = False, fillcolor: Any = 0):
        self.transform = RandomAffine(degrees, translate=translate,
                                      scale=scale, shear=shear,
                                      resample=resample, fillcolor=fillcolor)

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        rgb = np.ascontiguousarray(results['img'][..., ::-1])
        results['img'] = np.ascontiguousarray(self.transform(rgb)[..., ::-1])
        return results

    def __repr__(self) -> str:
        return type(self).__name__


@PIPELINES.register_module()
class PyramidRescale:
    """Blur the image through a Gaussian pyramid (ABINet): resize it to the
    base size, ``cv2.pyrDown`` it ``factor`` times, resize it back to its
    own size.

    As in MMOCR 0.x, ``base_shape`` is read as ``(width, height)``, and with
    ``randomize_factor`` the factor is drawn once, when the step is built
    (``np.random.randint(0, factor + 1)``), and then used for every image.

    In/out: ``img`` ``(H, W[, C])`` -> same shape.

    Args:
        factor: Number of ``pyrDown`` steps (the upper bound when random).
        base_shape: ``(width, height)`` of the pyramid's base.
        randomize_factor: Draw the factor in ``[0, factor]``.
    """

    def __init__(self, factor: int = 4,
                 base_shape: Sequence[int] = (128, 512),
                 randomize_factor: bool = True):
        if not isinstance(factor, int) or isinstance(factor, bool) or factor < 0:
            raise InvalidValueError('factor must be a non-negative int, got '
                                    f'{factor!r}')
        if not isinstance(base_shape, (list, tuple)) or len(base_shape) != 2:
            raise InvalidValueError(f'base_shape must be a pair, got {base_shape!r}')
        if not isinstance(randomize_factor, bool):
            raise InvalidTypeError('randomize_factor must be a bool, got '
                                   f'{randomize_factor!r}')
        self.factor = (int(np.random.randint(0, factor + 1))
                       if randomize_factor else factor)
        self.base_w, self.base_h = (int(v) for v in base_shape)

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        if self.factor == 0:
            return results
        img = results['img']
        src_h, src_w = img.shape[:2]
        small = cv2.resize(img, (self.base_w, self.base_h),
                           interpolation=cv2.INTER_LINEAR)
        for _ in range(self.factor):
            small = cv2.pyrDown(small)
        out = cv2.resize(small, (src_w, src_h), interpolation=cv2.INTER_LINEAR)
        if img.ndim == 3 and out.ndim == 2:
            out = out[..., None]
        results['img'] = out
        return results

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(factor={self.factor}, '
                f'base_w={self.base_w}, base_h={self.base_h})')
