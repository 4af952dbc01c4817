"""Heads' raw outputs: one tensor, or tensors in (nested) lists/tuples
(EAST's single map, FCENet's ``[cls, reg]`` per level)."""
from __future__ import annotations

from typing import Any, Callable

import torch

__all__ = ['Maps', 'map_tensors', 'image_maps']

Maps = Any  # a tensor, or a (nested) list/tuple of tensors


def map_tensors(func: Callable[[torch.Tensor], torch.Tensor],
                maps: Maps) -> Maps:
    """``func`` applied to every tensor of ``maps``, nesting kept."""
    if isinstance(maps, torch.Tensor):
        return func(maps)
    return type(maps)(map_tensors(func, m) for m in maps)


def image_maps(maps: Maps, index: int) -> Maps:
    """Image ``index`` of a batched head output: ``maps[index]`` of one
    ``(N, ...)`` tensor, the same nesting of ``m[index]`` for a (nested)
    list or tuple of them."""
    return map_tensors(lambda t: t[index], maps)
