"""Formatting steps that end a pipeline: arrays to tensors wrapped in
:class:`~mmocr.datasets.collate.DataContainer` (see ``docs/en/design.md``)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import torch

from mmocr.datasets.collate import DataContainer as DC
from mmocr.registry import PIPELINES

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
    raise TypeError(f'type {type(data).__name__} cannot be converted to a '
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
        visualize: MMOCR's debugging display; only ``flag=False`` is
            supported (no display here).
    """

    def __init__(self, keys: Sequence[str] = [], call_super: bool = True,
                 visualize: dict = dict(flag=False, boundary_key=None)):
        super().__init__()
        if visualize.get('flag', False):
            raise NotImplementedError(
                'CustomFormatBundle(visualize=dict(flag=True)) opens GUI '
                'windows and is not available; set flag=False')
        self.keys = list(keys)
        self.call_super = call_super
        self.visualize = dict(visualize)

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        if self.call_super:
            results = super().__call__(results)
        for key in self.keys:
            results[key] = DC(results[key], cpu_only=True)
        return results

    def __repr__(self) -> str:
        return f'{type(self).__name__}(keys={self.keys})'


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
