"""Per-iteration wall time and data-loading time."""
from __future__ import annotations

import time

from mmocr.registry import HOOKS

from ..protocol import RunnerProtocol
from .hook import Hook

__all__ = ['IterTimerHook']


@HOOKS.register_module()
class IterTimerHook(Hook):
    """Puts ``data_time`` (waiting for the batch) and ``time`` (whole
    iteration) in the runner's log buffer."""

    def before_epoch(self, runner: RunnerProtocol) -> None:
        self._t = time.time()

    def before_iter(self, runner: RunnerProtocol) -> None:
        runner.log_buffer.update({'data_time': time.time() - self._t})

    def after_iter(self, runner: RunnerProtocol) -> None:
        runner.log_buffer.update({'time': time.time() - self._t})
        self._t = time.time()
