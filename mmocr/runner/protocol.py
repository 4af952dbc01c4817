"""What a hook may use of the runner that calls it.

:class:`RunnerProtocol` is the type of the ``runner`` argument of every
:class:`~mmocr.runner.Hook` method. :class:`~mmocr.runner.BaseRunner`
satisfies it; a hook written against it works with any runner that does.
"""
from __future__ import annotations

import logging
from typing import Any, Protocol, runtime_checkable

import torch
from torch import nn

from .log_buffer import LogBuffer

__all__ = ['RunnerProtocol']


@runtime_checkable
class RunnerProtocol(Protocol):
    """The attributes and methods hooks read or call on a runner.

    Counters are 0-based: ``epoch``/``iter`` count what is finished,
    ``inner_iter`` the iteration inside the epoch.
    """

    model: nn.Module
    optimizer: torch.optim.Optimizer | None
    logger: logging.Logger
    log_buffer: LogBuffer
    #: saved in checkpoints; ``meta['hook_msgs']`` carries hook state
    meta: dict
    work_dir: str | None
    timestamp: str
    #: ``'train'`` or ``'val'`` while running, else ``None``
    mode: str | None
    #: the loader of the running stage
    data_loader: Any
    #: what the last ``train_step``/``val_step`` returned (``loss``,
    #: ``log_vars``, ``num_samples``)
    outputs: dict
    #: set by the fp16 optimizer hook: the autocast dtype and loss scaler
    autocast_dtype: torch.dtype | None
    loss_scaler: Any

    @property
    def epoch(self) -> int: ...

    @property
    def iter(self) -> int: ...

    @property
    def inner_iter(self) -> int: ...

    @property
    def max_epochs(self) -> int | None: ...

    @property
    def max_iters(self) -> int | None: ...

    @property
    def rank(self) -> int: ...

    @property
    def world_size(self) -> int: ...

    @property
    def device(self) -> torch.device: ...

    def current_lr(self) -> list[float]: ...

    def save_checkpoint(self, out_dir: str, filename_tmpl: str | None = None,
                        save_optimizer: bool = True, meta: dict | None = None,
                        create_symlink: bool = True) -> str: ...

    def resume(self, checkpoint: str, resume_optimizer: bool = True,
               map_location: Any = 'default') -> None: ...
