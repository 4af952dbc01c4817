"""Distributed run information, usable from every layer.

``get_dist_info`` is read by datasets (samplers), the runner and the test
loops; ``is_module_wrapper`` by checkpoint loading. Process-group set-up
and the model wrappers themselves live in :mod:`mmocr.runner.dist_utils`.
"""
from __future__ import annotations

import functools
from typing import Callable

import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel

__all__ = ['get_dist_info', 'barrier', 'master_only', 'is_module_wrapper']


def get_dist_info() -> tuple[int, int]:
    """``(rank, world_size)``; ``(0, 1)`` outside distributed runs."""
    if dist.is_available() and dist.is_initialized():
        return dist.get_rank(), dist.get_world_size()
    return 0, 1


def barrier() -> None:
    """Wait for every rank (no-op outside distributed runs)."""
    if dist.is_available() and dist.is_initialized():
        dist.barrier()


def master_only(func: Callable) -> Callable:
    """Run ``func`` on rank 0 only (other ranks get ``None``)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        rank, _ = get_dist_info()
        if rank == 0:
            return func(*args, **kwargs)
        return None

    return wrapper


def is_module_wrapper(module: nn.Module) -> bool:
    """Whether ``module`` wraps the real model in ``.module``: torch's
    (Distributed)DataParallel or a class with ``is_module_wrapper = True``
    (:class:`mmocr.utils.util_distribution.MMDataParallel`)."""
    return (isinstance(module, (nn.DataParallel, DistributedDataParallel))
            or getattr(type(module), 'is_module_wrapper', False) is True)
