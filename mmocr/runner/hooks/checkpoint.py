"""Periodic checkpoints (``checkpoint_config``)."""
from __future__ import annotations

import os
import os.path as osp
from typing import Any

from mmocr.registry import HOOKS
from mmocr.utils.checkpoint_names import parse_checkpoint_name
from mmocr.utils.errors import InvalidTypeError

from ..dist_utils import master_only
from ..protocol import RunnerProtocol
from .hook import Hook

__all__ = ['CheckpointHook']


@HOOKS.register_module()
class CheckpointHook(Hook):
    """Saves ``epoch_N.pth``/``iter_N.pth`` and ``latest.pth``.

    Args:
        interval: Save every ``interval`` epochs (iterations if not
            ``by_epoch``); ``-1`` saves only the last one.
        by_epoch: Count in epochs or iterations.
        save_optimizer: Include the optimizer state (needed to resume).
        out_dir: Where to save (default: the runner's ``work_dir``).
        max_keep_ckpts: Keep only the newest N periodic checkpoints
            (``-1``: keep all).
        save_last: Always save at the end of training.
        meta: Extra ``meta`` entries (e.g. ``CLASSES``, ``mmocr_version``).
    """

    def __init__(self, interval: int = -1, by_epoch: bool = True,
                 save_optimizer: bool = True, out_dir: str | None = None,
                 max_keep_ckpts: int = -1, save_last: bool = True,
                 meta: dict | None = None, **kwargs: Any):
        if kwargs:
            raise InvalidTypeError(
                f'CheckpointHook: unsupported arguments {sorted(kwargs)}')
        self.interval = interval
        self.by_epoch = by_epoch
        self.save_optimizer = save_optimizer
        self.out_dir = out_dir
        self.max_keep_ckpts = max_keep_ckpts
        self.save_last = save_last
        self.meta = dict(meta or {})

    def before_run(self, runner: RunnerProtocol) -> None:
        self.out_dir = self.out_dir or runner.work_dir

    def after_train_epoch(self, runner: RunnerProtocol) -> None:
        if not self.by_epoch:
            return
        if self.every_n_epochs(runner, self.interval) or (
                self.save_last and self.is_last_epoch(runner)):
            runner.logger.info('Saving checkpoint at %d epochs', runner.epoch + 1)
            self._save_checkpoint(runner)

    def after_train_iter(self, runner: RunnerProtocol) -> None:
        if self.by_epoch:
            return
        if self.every_n_iters(runner, self.interval) or (
                self.save_last and self.is_last_iter(runner)):
            runner.logger.info('Saving checkpoint at %d iterations', runner.iter + 1)
            self._save_checkpoint(runner)

    @master_only
    def _save_checkpoint(self, runner: RunnerProtocol) -> None:
        path = runner.save_checkpoint(self.out_dir,
                                      save_optimizer=self.save_optimizer,
                                      meta=self.meta)
        runner.meta.setdefault('hook_msgs', {})['last_ckpt'] = path
        if self.max_keep_ckpts > 0:
            self._remove_old(runner)

    def _remove_old(self, runner: RunnerProtocol) -> None:
        current = runner.epoch + 1 if self.by_epoch else runner.iter + 1
        step = max(self.interval, 1)
        oldest_kept = current - (self.max_keep_ckpts - 1) * step
        for name in os.listdir(self.out_dir):
            parsed = parse_checkpoint_name(name)
            if (parsed is not None and parsed[0] == self.by_epoch
                    and parsed[1] < oldest_kept):
                os.remove(osp.join(self.out_dir, name))
