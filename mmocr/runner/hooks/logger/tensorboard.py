"""TensorBoard scalars (``log_config.hooks=[dict(type='TensorboardLoggerHook')]``)."""
from __future__ import annotations

import os.path as osp

from mmocr.registry import HOOKS

from ...protocol import RunnerProtocol
from .base import LoggerHook

__all__ = ['TensorboardLoggerHook']


@HOOKS.register_module()
class TensorboardLoggerHook(LoggerHook):
    """Writes ``<mode>/<name>`` scalars and ``learning_rate`` to
    ``log_dir`` (default ``<work_dir>/tf_logs``), step = global iteration.

    Needs the ``tensorboard`` package (``pip install tensorboard``).
    """

    def __init__(self, log_dir: str | None = None, interval: int = 10,
                 ignore_last: bool = True, reset_flag: bool = False,
                 by_epoch: bool = True):
        super().__init__(interval, ignore_last, reset_flag, by_epoch)
        self.log_dir = log_dir
        self.writer = None

    def before_run(self, runner: RunnerProtocol) -> None:
        if runner.rank != 0:
            return
        try:
            from torch.utils.tensorboard import SummaryWriter
        except ImportError as err:
            raise ImportError('TensorboardLoggerHook needs tensorboard: pip '
                              'install tensorboard') from err
        self.log_dir = self.log_dir or osp.join(runner.work_dir, 'tf_logs')
        self.writer = SummaryWriter(self.log_dir)

    def log(self, runner: RunnerProtocol) -> None:
        if self.writer is None:
            return
        mode = self.get_mode(runner)
        step = runner.iter + 1 if mode == 'train' else runner.iter
        for name, value in runner.log_buffer.output.items():
            if name in ('time', 'data_time', 'eval_iter_num'):
                continue
            if isinstance(value, (int, float)):
                self.writer.add_scalar(f'{mode}/{name}', value, step)
        lrs = runner.current_lr()
        if lrs:
            self.writer.add_scalar('learning_rate', lrs[0], step)

    def after_run(self, runner: RunnerProtocol) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None
