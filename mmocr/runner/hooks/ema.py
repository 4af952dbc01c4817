"""Exponential moving average of the model weights."""
from __future__ import annotations

from typing import Any

from mmocr.registry import HOOKS
from mmocr.utils.errors import InvalidValueError

from ..protocol import RunnerProtocol
from .hook import Hook

__all__ = ['EMAHook']


def _unwrap(model: Any) -> Any:
    return getattr(model, 'module', model)


@HOOKS.register_module()
class EMAHook(Hook):
    """Keeps ``ema = (1 - m) * ema + m * param`` after every ``interval``
    iterations, ``m = min(momentum, (1 + iter) / (warm_up + iter))``.

    The averages live in model buffers named ``ema_<param name with _>`` (so
    they are checkpointed with the model, as in MMCV). At the end of each
    training epoch the averages are swapped into the parameters, so
    evaluation (and, with the default priority 49, which runs before the
    checkpoint hook, the saved checkpoint) use the averaged weights; the
    next training epoch swaps the raw weights back.

    Args:
        momentum: Weight of the new value (small, e.g. 2e-4).
        interval: Update every ``interval`` iterations.
        warm_up: Iterations over which the momentum ramps up.
        resume_from: Unsupported here (resume the whole run instead).
    """

    priority = 49

    def __init__(self, momentum: float = 0.0002, interval: int = 1,
                 warm_up: int = 100, resume_from: str | None = None):
        if not 0 < momentum < 1:
            raise InvalidValueError(
                f'EMAHook momentum must be in (0, 1), got {momentum}')
        if not isinstance(interval, int) or interval <= 0:
            raise InvalidValueError('EMAHook interval must be a positive int, got '
                                    f'{interval!r}')
        if resume_from is not None:
            raise NotImplementedError(
                'EMAHook(resume_from=...) is not supported: EMA weights are '
                'part of the model state_dict; use resume_from at top level')
        self.momentum = momentum
        self.interval = interval
        self.warm_up = warm_up
        self._pairs: list[tuple[Any, Any]] = []
        self._swapped = False

    def on_register(self, runner: RunnerProtocol) -> None:
        """Create the EMA buffers as soon as the hook joins the runner, so a
        following ``runner.resume`` restores them."""
        model = _unwrap(runner.model)
        self._pairs = []
        for name, param in list(model.named_parameters()):
            buffer_name = 'ema_' + name.replace('.', '_')
            if not hasattr(model, buffer_name):
                model.register_buffer(buffer_name, param.data.clone())
            self._pairs.append((param, getattr(model, buffer_name)))

    def after_train_iter(self, runner: RunnerProtocol) -> None:
        step = runner.iter
        if step % self.interval:
            return
        momentum = min(self.momentum, (1 + step) / (self.warm_up + step))
        for param, ema in self._pairs:
            ema.mul_(1 - momentum).add_(param.data, alpha=momentum)

    def _swap(self) -> None:
        for param, ema in self._pairs:
            tmp = param.data.clone()
            param.data.copy_(ema)
            ema.copy_(tmp)

    def after_train_epoch(self, runner: RunnerProtocol) -> None:
        self._swap()
        self._swapped = True

    def before_train_epoch(self, runner: RunnerProtocol) -> None:
        # A resumed run starts from a checkpoint saved after the swap.
        if self._swapped or runner.epoch > 0:
            self._swap()
        self._swapped = False
