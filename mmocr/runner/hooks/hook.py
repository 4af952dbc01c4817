"""The hook base class: mmcv's life-cycle callbacks.

A runner calls, in order::

    before_run
      before_train_epoch            (before_epoch by default)
        before_train_iter / after_train_iter   (before_iter / after_iter)
      after_train_epoch             (after_epoch)
      before_val_epoch / before_val_iter / after_val_iter / after_val_epoch
    after_run

Each method receives the runner. Hooks registered in :data:`HOOKS` can be
added from a config (``custom_hooks=[dict(type=..., priority=...)]``).
"""
from __future__ import annotations

from mmocr.registry import HOOKS

from ..protocol import RunnerProtocol

__all__ = ['Hook']


@HOOKS.register_module()
class Hook:
    """Does nothing at every stage; subclasses override what they need."""

    stages = ('before_run', 'before_train_epoch', 'before_train_iter',
              'after_train_iter', 'after_train_epoch', 'before_val_epoch',
              'before_val_iter', 'after_val_iter', 'after_val_epoch',
              'after_run')

    def on_register(self, runner: RunnerProtocol) -> None:
        """Called once when the hook is added to ``runner`` (before any
        ``resume``), e.g. to add buffers to the model."""

    def before_run(self, runner: RunnerProtocol) -> None:
        pass

    def after_run(self, runner: RunnerProtocol) -> None:
        pass

    def before_epoch(self, runner: RunnerProtocol) -> None:
        pass

    def after_epoch(self, runner: RunnerProtocol) -> None:
        pass

    def before_iter(self, runner: RunnerProtocol) -> None:
        pass

    def after_iter(self, runner: RunnerProtocol) -> None:
        pass

    def before_train_epoch(self, runner: RunnerProtocol) -> None:
        self.before_epoch(runner)

    def before_val_epoch(self, runner: RunnerProtocol) -> None:
        self.before_epoch(runner)

    def after_train_epoch(self, runner: RunnerProtocol) -> None:
        self.after_epoch(runner)

    def after_val_epoch(self, runner: RunnerProtocol) -> None:
        self.after_epoch(runner)

    def before_train_iter(self, runner: RunnerProtocol) -> None:
        self.before_iter(runner)

    def before_val_iter(self, runner: RunnerProtocol) -> None:
        self.before_iter(runner)

    def after_train_iter(self, runner: RunnerProtocol) -> None:
        self.after_iter(runner)

    def after_val_iter(self, runner: RunnerProtocol) -> None:
        self.after_iter(runner)

    # Helpers on the runner's counters (0-based inside the runner).
    @staticmethod
    def every_n_epochs(runner: RunnerProtocol, n: int) -> bool:
        return n > 0 and (runner.epoch + 1) % n == 0

    @staticmethod
    def every_n_inner_iters(runner: RunnerProtocol, n: int) -> bool:
        return n > 0 and (runner.inner_iter + 1) % n == 0

    @staticmethod
    def every_n_iters(runner: RunnerProtocol, n: int) -> bool:
        return n > 0 and (runner.iter + 1) % n == 0

    @staticmethod
    def end_of_epoch(runner: RunnerProtocol) -> bool:
        return runner.inner_iter + 1 == len(runner.data_loader)

    @staticmethod
    def is_last_epoch(runner: RunnerProtocol) -> bool:
        return runner.epoch + 1 == runner.max_epochs

    @staticmethod
    def is_last_iter(runner: RunnerProtocol) -> bool:
        return runner.iter + 1 == runner.max_iters

    def get_triggered_stages(self) -> list[str]:
        """Stages whose method this hook overrides (for the hook summary)."""
        aliases = {
            'before_epoch': ('before_train_epoch', 'before_val_epoch'),
            'after_epoch': ('after_train_epoch', 'after_val_epoch'),
            'before_iter': ('before_train_iter', 'before_val_iter'),
            'after_iter': ('after_train_iter', 'after_val_iter'),
        }
        triggered: set[str] = set()
        for name in (*self.stages, *aliases):
            if getattr(type(self), name) is not getattr(Hook, name):
                triggered.update(aliases.get(name, (name,)))
        return [stage for stage in self.stages if stage in triggered]
