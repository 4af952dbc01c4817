"""Batching of pipeline outputs.

A pipeline ends with ``DefaultFormatBundle``/``Collect``, which wrap fields in
:class:`DataContainer` to say how they are batched:

* ``stack=True``: tensors padded (bottom/right, over the last ``pad_dims``
  dims) to the largest in the batch and stacked, e.g. images -> ``(N, C, H, W)``.
* ``cpu_only=True``: kept as a Python list, never moved to a device
  (``img_metas``, masks objects).
* otherwise: a list of per-sample tensors (``gt_bboxes``, ``gt_labels``).

:func:`collate` turns a list of samples into one batch dict of plain tensors
and lists; :func:`to_device` (from :mod:`mmocr.utils.device`) moves the
tensors of a batch to a device.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from mmocr.utils.device import to_device
from mmocr.utils.errors import InvalidValueError

__all__ = ['DataContainer', 'collate', 'to_device']


class DataContainer:
    """A field of a sample with its batching rule (see module docstring)."""

    def __init__(self, data: Any, stack: bool = False, padding_value: float = 0,
                 cpu_only: bool = False, pad_dims: int | None = 2):
        self.data = data
        self.stack = stack
        self.padding_value = padding_value
        self.cpu_only = cpu_only
        self.pad_dims = pad_dims

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}({self.data!r})'


def _pad_stack(tensors: list[torch.Tensor], pad_dims: int | None,
               value: float) -> torch.Tensor:
    if pad_dims is None or len({tuple(t.shape) for t in tensors}) == 1:
        return torch.stack(tensors)
    ndim = tensors[0].dim()
    if any(t.dim() != ndim for t in tensors) or pad_dims > ndim:
        raise InvalidValueError('cannot pad-stack tensors of shapes '
                                f'{[tuple(t.shape) for t in tensors]}')
    fixed = [tuple(t.shape[:ndim - pad_dims]) for t in tensors]
    if len(set(fixed)) != 1:
        raise InvalidValueError('tensors differ outside their padded dims: '
                                f'{[tuple(t.shape) for t in tensors]}')
    max_shape = [max(t.shape[d] for t in tensors) for d in range(ndim)]
    padded = []
    for t in tensors:
        pad: list[int] = []
        for d in range(ndim - 1, ndim - pad_dims - 1, -1):
            pad += [0, max_shape[d] - t.shape[d]]
        padded.append(F.pad(t, pad, value=value))
    return torch.stack(padded)


def collate(batch: Sequence[Any]) -> Any:
    """Collate a list of samples (dicts, lists, tensors, DataContainers)."""
    first = batch[0]
    if isinstance(first, DataContainer):
        items = [b.data for b in batch]
        if first.cpu_only or not first.stack:
            return items
        return _pad_stack(items, first.pad_dims, first.padding_value)
    if isinstance(first, torch.Tensor):
        return torch.stack(list(batch))
    if isinstance(first, np.ndarray):
        return torch.stack([torch.from_numpy(b) for b in batch])
    if isinstance(first, (bool, int, float)) and not isinstance(first, np.generic):
        return torch.tensor(batch)
    if isinstance(first, Mapping):
        return {key: collate([b[key] for b in batch]) for key in first}
    if isinstance(first, (str, bytes)) or first is None:
        return list(batch)
    if isinstance(first, Sequence):
        # e.g. test-time augmentation: each sample holds a list of views.
        if any(len(b) != len(first) for b in batch):
            return list(batch)
        return [collate(list(views)) for views in zip(*batch)]
    return list(batch)
