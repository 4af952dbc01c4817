"""Reseed the data order every epoch."""
from __future__ import annotations

from typing import Any

from mmocr.registry import HOOKS

from ..protocol import RunnerProtocol
from .hook import Hook

__all__ = ['DistSamplerSeedHook', 'set_loader_epoch']


def set_loader_epoch(data_loader: Any, epoch: int) -> None:
    """Tell a loader's sampler (and its worker seed generator) the epoch.

    Samplers with ``set_epoch`` (``DistributedSampler`` and ours) then shuffle
    with ``seed + epoch``, so the order of an epoch does not depend on what
    ran before it, which makes resumed runs repeat the uninterrupted ones.
    """
    sampler = getattr(data_loader, 'sampler', None)
    batch_sampler = getattr(data_loader, 'batch_sampler', None)
    if hasattr(sampler, 'set_epoch'):
        sampler.set_epoch(epoch)
    elif hasattr(batch_sampler, 'set_epoch'):
        batch_sampler.set_epoch(epoch)
    elif hasattr(getattr(batch_sampler, 'sampler', None), 'set_epoch'):
        batch_sampler.sampler.set_epoch(epoch)
    base_seed = getattr(data_loader, 'base_seed', None)
    generator = getattr(data_loader, 'generator', None)
    if base_seed is not None and generator is not None:
        generator.manual_seed(base_seed + epoch)


@HOOKS.register_module()
class DistSamplerSeedHook(Hook):
    """Calls ``sampler.set_epoch(runner.epoch)`` before each epoch."""

    def before_epoch(self, runner: RunnerProtocol) -> None:
        set_loader_epoch(runner.data_loader, runner.epoch)
