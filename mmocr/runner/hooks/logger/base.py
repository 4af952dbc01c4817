"""Shared logic of the logger hooks (``log_config``)."""
from __future__ import annotations

from mmocr.utils.errors import InvalidValueError

from ...protocol import RunnerProtocol
from ..hook import Hook

__all__ = ['LoggerHook']


class LoggerHook(Hook):
    """Averages the log buffer every ``interval`` iterations and calls
    :meth:`log`; also logs evaluation results (put in the buffer by the
    evaluation hooks, which run before the loggers).

    Args:
        interval: Iterations between two log lines.
        ignore_last: Skip the partial interval at the end of an epoch.
        by_epoch: Count iterations inside the epoch (``Epoch [e][i/n]``)
            or over the run (``Iter [i/N]``).
    """

    def __init__(self, interval: int = 10, ignore_last: bool = True,
                 reset_flag: bool = False, by_epoch: bool = True):
        if not isinstance(interval, int) or interval <= 0:
            raise InvalidValueError(
                f'log interval must be a positive int, got {interval!r}')
        self.interval = interval
        self.ignore_last = ignore_last
        self.reset_flag = reset_flag
        self.by_epoch = by_epoch

    def log(self, runner: RunnerProtocol) -> None:
        raise NotImplementedError(f'{type(self).__name__} must implement log')

    @staticmethod
    def get_mode(runner: RunnerProtocol) -> str:
        if runner.mode == 'train' and 'time' not in runner.log_buffer.output:
            return 'val'
        return runner.mode

    @staticmethod
    def get_epoch(runner: RunnerProtocol) -> int:
        # During a 'val' workflow the epoch counter has already moved on.
        return runner.epoch + 1 if runner.mode == 'train' else runner.epoch

    def get_iter(self, runner: RunnerProtocol, inner_iter: bool = False) -> int:
        if self.by_epoch and inner_iter:
            return runner.inner_iter + 1
        return runner.iter + 1

    def before_epoch(self, runner: RunnerProtocol) -> None:
        runner.log_buffer.clear()

    def after_train_iter(self, runner: RunnerProtocol) -> None:
        buffer = runner.log_buffer
        if self.by_epoch and self.every_n_inner_iters(runner, self.interval):
            buffer.average(self.interval)
        elif not self.by_epoch and self.every_n_iters(runner, self.interval):
            buffer.average(self.interval)
        elif self.end_of_epoch(runner) and not self.ignore_last:
            buffer.average((runner.inner_iter + 1) % self.interval or self.interval)
        if buffer.ready:
            self.log(runner)
            if self.reset_flag:
                buffer.clear_output()

    def after_train_epoch(self, runner: RunnerProtocol) -> None:
        if runner.log_buffer.ready:
            self.log(runner)
            if self.reset_flag:
                runner.log_buffer.clear_output()

    def after_val_epoch(self, runner: RunnerProtocol) -> None:
        runner.log_buffer.average()
        self.log(runner)
        if self.reset_flag:
            runner.log_buffer.clear_output()
