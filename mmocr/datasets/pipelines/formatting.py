"""Formatting steps that end a pipeline: arrays to tensors wrapped in
:class:`~mmocr.datasets.collate.DataContainer` (see ``docs/en/design.md``)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import cv2
import numpy as np
import torch

from mmocr.core.visualize import show_image
from mmocr.datasets.collate import DataContainer as DC
from mmocr.registry import PIPELINES
from mmocr.utils.errors import InvalidTypeError

__all__ = [
    'to_tensor', 'ToTensor', 'ImageToTensor', 'Transpose', 'DefaultFormatBundle',
    'CustomFormatBundle', 'Collect'
]

DEFAULT_META_KEYS = ('filename', 'ori_filename', 'ori_shape', 'img_shape',
                     'pad_shape', 'scale_factor', 'flip', 'flip_direction',
                     'img_norm_cfg')


def to_tensor(data: Any) -> torch.Tensor:
    """Convert an ndarray, sequence, int or float to a tensor."""
    if isinstance(data, torch.Tensor):
        return data
    if isinstance(data, np.ndarray):
        return torch.from_numpy(np.ascontiguousarray(data))
    if isinstance(data, Sequence) and not isinstance(data, str):
        return torch.tensor(data)
    if isinstance(data, (bool, np.bool_)):
        return torch.tensor([bool(data)])
    if isinstance(data, (int, np.integer)):
        return torch.LongTensor([int(data)])
    if isinstance(data, (float, np.floating)):
        return torch.FloatTensor([float(data)])
    raise InvalidTypeError(f'type {type(data).__name__} cannot be converted to a '
                           'tensor')


def _image_to_chw(img: np.ndarray) -> np.ndarray:
    if img.ndim < 3:
        img = img[..., None]
    return np.ascontiguousarray(img.transpose(2, 0, 1))


@PIPELINES.register_module()
class ToTensor:
    """Convert ``results[key]`` to a tensor for each of ``keys``."""

    def __init__(self, keys: Sequence[str]):
        self.keys = list(keys)

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        for key in self.keys:
            results[key] = to_tensor(results[key])
        return results

    def __repr__(self) -> str:
        return f'{type(self).__name__}(keys={self.keys})'


@PIPELINES.register_module()
class ImageToTensor:
    """Convert images ``(H, W[, C])`` in ``keys`` to tensors ``(C, H, W)``
    (not wrapped: used by test pipelines)."""

    def __init__(self, keys: Sequence[str]):
        self.keys = list(keys)

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        for key in self.keys:
            results[key] = to_tensor(_image_to_chw(results[key]))
        return results

    def __repr__(self) -> str:
        return f'{type(self).__name__}(keys={self.keys})'


@PIPELINES.register_module()
class Transpose:
    """Transpose ``results[key]`` by ``order`` for each of ``keys``."""

    def __init__(self, keys: Sequence[str], order: Sequence[int]):
        self.keys = list(keys)
        self.order = list(order)

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        for key in self.keys:
            results[key] = results[key].transpose(self.order)
        return results


@PIPELINES.register_module()
class DefaultFormatBundle:
    """Wrap the common fields in ``DataContainer``\\ s.

    * ``img``: ``DC(Tensor(C, H, W), stack=True)``; adds the default meta
      fields ``pad_shape``, ``scale_factor`` and ``img_norm_cfg`` if missing.
    * ``proposals``, ``gt_bboxes``, ``gt_bboxes_ignore``, ``gt_labels``:
      ``DC(Tensor)`` (batched as a list).
    * ``gt_masks``: ``DC(masks, cpu_only=True)``.
    * ``gt_semantic_seg``: ``DC(Tensor(1, H, W), stack=True)``.

    Args:
        img_to_float: Convert a ``uint8`` image to float32.
    """

    def __init__(self, img_to_float: bool = True):
        self.img_to_float = img_to_float

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        if 'img' in results:
            img = results['img']
            if self.img_to_float and img.dtype == np.uint8:
                img = img.astype(np.float32)
            self._add_default_meta_keys(results, img)
            results['img'] = DC(to_tensor(_image_to_chw(img)), stack=True)
        for key in ('proposals', 'gt_bboxes', 'gt_bboxes_ignore', 'gt_labels'):
            if key in results:
                results[key] = DC(to_tensor(results[key]))
        if 'gt_masks' in results:
            results['gt_masks'] = DC(results['gt_masks'], cpu_only=True)
        if 'gt_semantic_seg' in results:
            results['gt_semantic_seg'] = DC(
                to_tensor(results['gt_semantic_seg'][None, ...]), stack=True)
        return results

    @staticmethod
    def _add_default_meta_keys(results: dict[str, Any],
                               img: np.ndarray) -> None:
        results.setdefault('pad_shape', img.shape)
        results.setdefault('scale_factor', 1.0)
        channels = 1 if img.ndim < 3 else img.shape[2]
        results.setdefault(
            'img_norm_cfg',
            dict(mean=np.zeros(channels, dtype=np.float32),
                 std=np.ones(channels, dtype=np.float32), to_rgb=False))

    def __repr__(self) -> str:
        return f'{type(self).__name__}(img_to_float={self.img_to_float})'


@PIPELINES.register_module()
class CustomFormatBundle(DefaultFormatBundle):
    """``DefaultFormatBundle`` plus ``DC(results[key], cpu_only=True)`` for
    each of ``keys`` (e.g. DBNet's ``gt_shrink``: :class:`BitmapMasks`).

    Args:
        keys: Extra fields to wrap.
        call_super: Apply ``DefaultFormatBundle`` first.
        visualize: MMOCR 0.x's debugging view, ``dict(flag, boundary_key)``:
            with ``flag=True`` each sample is drawn by :meth:`draw` (the
            image with the outline of ``results[boundary_key].masks[0]``,
            then every map of ``mask_fields``) and shown in a window
            (:func:`mmocr.core.visualize.show_image`, which logs why when
            this machine cannot open one) before formatting.
    """

    def __init__(self, keys: Sequence[str] = [], call_super: bool = True,
                 visualize: dict = dict(flag=False, boundary_key=None)):
        super().__init__()
        unknown = set(visualize) - {'flag', 'boundary_key'}
        if unknown:
            raise KeyError(f'CustomFormatBundle: unknown visualize key(s) '
                           f'{sorted(unknown)}; it takes flag and '
                           'boundary_key')
        self.keys = list(keys)
        self.call_super = call_super
        self.visualize = dict(dict(flag=False, boundary_key=None), **visualize)

    def draw(self, results: dict[str, Any]) -> np.ndarray:
        """The debugging view of ``results`` before formatting: a BGR
        ``uint8`` ``(H, W * (1 + M), 3)`` image, the image (normalisation
        undone when ``img_norm_cfg`` is set) with the outline of
        ``results[boundary_key].masks[0] > 0`` in red, then the ``M`` maps
        of ``mask_fields``, each scaled to 0..255 grey."""
        img = np.asarray(results['img'], dtype=np.float32)
        if img.ndim == 2:
            img = img[..., None]
        norm = results.get('img_norm_cfg')
        if norm is not None:
            img = img * np.asarray(norm['std'], np.float32) + np.asarray(
                norm['mean'], np.float32)
            if norm.get('to_rgb', False):
                img = img[..., ::-1]
        img = np.array(np.broadcast_to(   # a writable copy
            np.clip(np.round(img), 0, 255).astype(np.uint8),
            img.shape[:2] + (3, )))
        key = self.visualize['boundary_key']
        if key is not None:
            if key not in results:
                raise KeyError(f'CustomFormatBundle: visualize boundary_key '
                               f'{key!r} is not in the results (keys: '
                               f'{sorted(results)})')
            text = (np.asarray(results[key].masks[0]) > 0).astype(np.uint8)
            contours, _ = cv2.findContours(text, cv2.RETR_EXTERNAL,
                                           cv2.CHAIN_APPROX_NONE)
            cv2.drawContours(img, contours, -1, (0, 0, 255), 1)
        tiles = [img]
        for field in results.get('mask_fields', []):
            for mask in np.asarray(results[field].masks, dtype=np.float32):
                top = mask.max()
                grey = mask * (255.0 / top) if top > 0 else mask
                tile = np.zeros(img.shape, np.uint8)
                h, w = min(mask.shape[0], img.shape[0]), min(mask.shape[1],
                                                             img.shape[1])
                tile[:h, :w] = np.round(grey[:h, :w, None]).astype(np.uint8)
                tiles.append(tile)
        return np.concatenate(tiles, axis=1)

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        if self.visualize['flag']:
            show_image(self.draw(results),
                       f'CustomFormatBundle: {results.get("filename", "")}')
        if self.call_super:
            results = super().__call__(results)
        for key in self.keys:
            results[key] = DC(results[key], cpu_only=True)
        return results

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(keys={self.keys}, call_super='
                f'{self.call_super}, visualize={self.visualize})')


@PIPELINES.register_module()
class Collect:
    """Keep ``keys`` and gather ``meta_keys`` into ``img_metas``.

    Output: ``{'img_metas': DC(dict, cpu_only=True), key: results[key] ...}``.

    Raises:
        KeyError: a key or meta key is missing (the message names it and the
            image).
    """

    def __init__(self, keys: Sequence[str],
                 meta_keys: Sequence[str] = DEFAULT_META_KEYS):
        self.keys = list(keys)
        self.meta_keys = list(meta_keys)

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        missing = [k for k in self.meta_keys + self.keys if k not in results]
        if missing:
            raise KeyError(
                f'Collect: missing key(s) {missing} for image '
                f'{results.get("filename")!r}; available: {sorted(results)}')
        img_meta = {key: results[key] for key in self.meta_keys}
        data = {'img_metas': DC(img_meta, cpu_only=True)}
        for key in self.keys:
            data[key] = results[key]
        return data

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(keys={self.keys}, '
                f'meta_keys={self.meta_keys})')
