"""Learning-rate schedules as hooks (mmcv's ``lr_config`` policies).

``lr_config=dict(policy='poly', power=0.9, min_lr=1e-7, by_epoch=True)``
builds :class:`PolyLrUpdaterHook`: a lower-case policy name is title-cased
and suffixed with ``LrUpdaterHook``. Every hook accepts a warmup:
``warmup='linear'|'constant'|'exp'``, ``warmup_iters``, ``warmup_ratio``
and ``warmup_by_epoch`` (``warmup_iters`` then counts epochs).

The schedules read the runner's 0-based ``epoch`` (``by_epoch=True``, the lr
changes at each epoch start) or ``iter`` (``by_epoch=False``, every
iteration) and its ``max_epochs``/``max_iters``; the base learning rate of
each parameter group is its ``initial_lr`` (its ``lr`` when training starts).
"""
from __future__ import annotations

import math
from typing import Callable

from mmocr.registry import HOOKS
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

from ..protocol import RunnerProtocol
from .hook import Hook

__all__ = [
    'LrUpdaterHook', 'FixedLrUpdaterHook', 'StepLrUpdaterHook',
    'ExpLrUpdaterHook', 'PolyLrUpdaterHook', 'InvLrUpdaterHook',
    'CosineAnnealingLrUpdaterHook', 'OneCycleLrUpdaterHook', 'annealing_cos',
    'annealing_linear', 'build_lr_hook'
]

_WARMUPS = ('constant', 'linear', 'exp')


class LrUpdaterHook(Hook):
    """Base class: sets each group's ``lr`` from :meth:`get_lr`.

    Args:
        by_epoch: Update once per epoch (from ``runner.epoch``) instead of
            every iteration (from ``runner.iter``).
        warmup: ``None``, ``'constant'``, ``'linear'`` or ``'exp'``.
        warmup_iters: Length of the warmup, in iterations (in epochs when
            ``warmup_by_epoch``).
        warmup_ratio: Learning-rate factor at the first warmup iteration.
        warmup_by_epoch: Count ``warmup_iters`` in epochs.
    """

    def __init__(self, by_epoch: bool = True, warmup: str | None = None,
                 warmup_iters: int = 0, warmup_ratio: float = 0.1,
                 warmup_by_epoch: bool = False):
        if warmup is not None:
            if warmup not in _WARMUPS:
                raise InvalidValueError(f'"{warmup}" is not a supported warmup; use '
                                        f'one of {_WARMUPS}')
            if not isinstance(warmup_iters, int) or warmup_iters <= 0:
                raise InvalidValueError('warmup_iters must be a positive int, got '
                                        f'{warmup_iters!r}')
            if not 0 < warmup_ratio <= 1.0:
                raise InvalidValueError('warmup_ratio must be in (0, 1], got '
                                        f'{warmup_ratio}')
        self.by_epoch = by_epoch
        self.warmup = warmup
        self.warmup_ratio = warmup_ratio
        self.warmup_by_epoch = warmup_by_epoch
        self.warmup_epochs = warmup_iters if warmup_by_epoch else None
        self.warmup_iters: int | None = None if warmup_by_epoch else warmup_iters
        self.base_lr: list[float] = []
        self.regular_lr: list[float] = []

    def get_lr(self, runner: RunnerProtocol, base_lr: float) -> float:
        raise NotImplementedError(
            f'{type(self).__name__} must implement get_lr')

    @staticmethod
    def _progress(runner: RunnerProtocol, by_epoch: bool) -> tuple[int, int]:
        if by_epoch:
            return runner.epoch, runner.max_epochs
        return runner.iter, runner.max_iters

    def get_regular_lr(self, runner: RunnerProtocol) -> list[float]:
        return [self.get_lr(runner, base_lr) for base_lr in self.base_lr]

    def get_warmup_lr(self, cur_iters: int) -> list[float]:
        """Warmup learning rates at iteration ``cur_iters`` (< warmup_iters)."""
        progress = cur_iters / self.warmup_iters
        if self.warmup == 'constant':
            factor = self.warmup_ratio
        elif self.warmup == 'linear':
            factor = 1 - (1 - progress) * (1 - self.warmup_ratio)
        else:
            factor = self.warmup_ratio**(1 - progress)
        return [lr * factor for lr in self.regular_lr]

    @staticmethod
    def _set_lr(runner: RunnerProtocol, lrs: list[float]) -> None:
        for group, lr in zip(runner.optimizer.param_groups, lrs):
            group['lr'] = lr

    def before_run(self, runner: RunnerProtocol) -> None:
        for group in runner.optimizer.param_groups:
            group.setdefault('initial_lr', group['lr'])
        self.base_lr = [group['initial_lr']
                        for group in runner.optimizer.param_groups]

    def before_train_epoch(self, runner: RunnerProtocol) -> None:
        if self.warmup_epochs is not None:
            self.warmup_iters = self.warmup_epochs * len(runner.data_loader)
        if not self.by_epoch:
            return
        self.regular_lr = self.get_regular_lr(runner)
        self._set_lr(runner, self.regular_lr)

    def before_train_iter(self, runner: RunnerProtocol) -> None:
        cur_iter = runner.iter
        if not self.by_epoch:
            self.regular_lr = self.get_regular_lr(runner)
        if self.warmup is None or self.warmup_iters is None:
            if not self.by_epoch:
                self._set_lr(runner, self.regular_lr)
            return
        if cur_iter < self.warmup_iters:
            self._set_lr(runner, self.get_warmup_lr(cur_iter))
        elif not self.by_epoch or cur_iter == self.warmup_iters:
            self._set_lr(runner, self.regular_lr)


@HOOKS.register_module()
class FixedLrUpdaterHook(LrUpdaterHook):
    """Constant learning rate (after the optional warmup)."""

    def get_lr(self, runner: RunnerProtocol, base_lr: float) -> float:
        return base_lr


@HOOKS.register_module()
class StepLrUpdaterHook(LrUpdaterHook):
    """``base_lr * gamma ** k``, k = number of milestones passed.

    Args:
        step: An int (decay every ``step`` epochs/iters) or a list of
            milestones (decay when progress reaches each).
        gamma: Decay factor.
        min_lr: Lower bound of the learning rate.
    """

    def __init__(self, step: int | list[int], gamma: float = 0.1,
                 min_lr: float | None = None, **kwargs):
        if isinstance(step, int):
            if step <= 0:
                raise InvalidValueError(f'step must be positive, got {step}')
        elif isinstance(step, (list, tuple)):
            if not all(isinstance(s, int) and s > 0 for s in step):
                raise InvalidValueError(f'step must be positive ints, got {step}')
            step = list(step)
        else:
            raise InvalidTypeError(
                f'step must be an int or a list of ints, got {step!r}')
        self.step = step
        self.gamma = gamma
        self.min_lr = min_lr
        super().__init__(**kwargs)

    def get_lr(self, runner: RunnerProtocol, base_lr: float) -> float:
        progress, _ = self._progress(runner, self.by_epoch)
        if isinstance(self.step, int):
            exp = progress // self.step
        else:
            exp = sum(progress >= s for s in self.step)
        lr = base_lr * self.gamma**exp
        return max(lr, self.min_lr) if self.min_lr is not None else lr


@HOOKS.register_module()
class ExpLrUpdaterHook(LrUpdaterHook):
    """``base_lr * gamma ** progress``."""

    def __init__(self, gamma: float, **kwargs):
        self.gamma = gamma
        super().__init__(**kwargs)

    def get_lr(self, runner: RunnerProtocol, base_lr: float) -> float:
        progress, _ = self._progress(runner, self.by_epoch)
        return base_lr * self.gamma**progress


@HOOKS.register_module()
class PolyLrUpdaterHook(LrUpdaterHook):
    """``(base_lr - min_lr) * (1 - progress / max_progress) ** power + min_lr``."""

    def __init__(self, power: float = 1., min_lr: float = 0., **kwargs):
        self.power = power
        self.min_lr = min_lr
        super().__init__(**kwargs)

    def get_lr(self, runner: RunnerProtocol, base_lr: float) -> float:
        progress, max_progress = self._progress(runner, self.by_epoch)
        coeff = (1 - progress / max_progress)**self.power
        return (base_lr - self.min_lr) * coeff + self.min_lr


@HOOKS.register_module()
class InvLrUpdaterHook(LrUpdaterHook):
    """``base_lr * (1 + gamma * progress) ** -power``."""

    def __init__(self, gamma: float, power: float = 1., **kwargs):
        self.gamma = gamma
        self.power = power
        super().__init__(**kwargs)

    def get_lr(self, runner: RunnerProtocol, base_lr: float) -> float:
        progress, _ = self._progress(runner, self.by_epoch)
        return base_lr * (1 + self.gamma * progress)**(-self.power)


def annealing_cos(start: float, end: float, factor: float) -> float:
    """Cosine from ``start`` (factor 0) to ``end`` (factor 1)."""
    return end + (start - end) / 2 * (math.cos(math.pi * factor) + 1)


def annealing_linear(start: float, end: float, factor: float) -> float:
    """Straight line from ``start`` (factor 0) to ``end`` (factor 1)."""
    return start + (end - start) * factor


@HOOKS.register_module()
class CosineAnnealingLrUpdaterHook(LrUpdaterHook):
    """Cosine from ``base_lr`` to ``min_lr`` (or ``base_lr * min_lr_ratio``)
    over the whole run; give exactly one of the two."""

    def __init__(self, min_lr: float | None = None,
                 min_lr_ratio: float | None = None, **kwargs):
        if (min_lr is None) == (min_lr_ratio is None):
            raise InvalidValueError('CosineAnnealing needs exactly one of min_lr and '
                                    f'min_lr_ratio, got min_lr={min_lr}, '
                                    f'min_lr_ratio={min_lr_ratio}')
        self.min_lr = min_lr
        self.min_lr_ratio = min_lr_ratio
        super().__init__(**kwargs)

    def get_lr(self, runner: RunnerProtocol, base_lr: float) -> float:
        progress, max_progress = self._progress(runner, self.by_epoch)
        target = (base_lr * self.min_lr_ratio
                  if self.min_lr_ratio is not None else self.min_lr)
        return annealing_cos(base_lr, target, progress / max_progress)


@HOOKS.register_module()
class OneCycleLrUpdaterHook(LrUpdaterHook):
    """The 1cycle policy, per iteration.

    The lr rises from ``max_lr / div_factor`` to ``max_lr`` during the first
    ``pct_start`` of ``total_steps`` (default: the runner's ``max_iters``),
    then falls to ``max_lr / div_factor / final_div_factor``; with
    ``three_phase`` it first comes back to the start value.

    Args:
        max_lr: Peak learning rate (one float, or one per param group).
        anneal_strategy: ``'cos'`` or ``'linear'``.
    """

    def __init__(self, max_lr: float | list[float],
                 total_steps: int | None = None, pct_start: float = 0.3,
                 anneal_strategy: str = 'cos', div_factor: float = 25.,
                 final_div_factor: float = 1e4, three_phase: bool = False,
                 **kwargs):
        if kwargs.setdefault('by_epoch', False):
            raise InvalidValueError('OneCycle works per iteration: by_epoch must be '
                                    'False')
        if not 0 <= pct_start <= 1:
            raise InvalidValueError(f'pct_start must be in [0, 1], got {pct_start}')
        if total_steps is not None and (not isinstance(total_steps, int)
                                        or total_steps <= 0):
            raise InvalidValueError('total_steps must be a positive int, got '
                                    f'{total_steps!r}')
        annealers: dict[str, Callable] = {'cos': annealing_cos,
                                          'linear': annealing_linear}
        if anneal_strategy not in annealers:
            raise InvalidValueError('anneal_strategy must be "cos" or "linear", got '
                                    f'{anneal_strategy!r}')
        self._max_lr = max_lr
        self.total_steps = total_steps
        self.pct_start = pct_start
        self.anneal_func = annealers[anneal_strategy]
        self.div_factor = div_factor
        self.final_div_factor = final_div_factor
        self.three_phase = three_phase
        self.lr_phases: list[tuple[float, float, float]] = []
        super().__init__(**kwargs)

    def before_run(self, runner: RunnerProtocol) -> None:
        total_steps = self.total_steps or runner.max_iters
        if total_steps < runner.max_iters:
            raise InvalidValueError(f'OneCycle total_steps ({total_steps}) is smaller '
                                    f'than the run ({runner.max_iters} iterations)')
        groups = runner.optimizer.param_groups
        max_lrs = (list(self._max_lr) if isinstance(self._max_lr, (list, tuple))
                   else [self._max_lr] * len(groups))
        if len(max_lrs) != len(groups):
            raise InvalidValueError(f'max_lr has {len(max_lrs)} values for '
                                    f'{len(groups)} param groups')
        self.base_lr = [lr / self.div_factor for lr in max_lrs]
        for group, lr in zip(groups, self.base_lr):
            group.setdefault('initial_lr', lr)
        peak = float(self.pct_start * total_steps) - 1
        final = 1 / self.final_div_factor
        # (last iteration of the phase, start factor, end factor) x base_lr
        if self.three_phase:
            self.lr_phases = [(peak, 1, self.div_factor),
                              (2 * peak, self.div_factor, 1),
                              (total_steps - 1, 1, final)]
        else:
            self.lr_phases = [(peak, 1, self.div_factor),
                              (total_steps - 1, self.div_factor, final)]

    def get_lr(self, runner: RunnerProtocol, base_lr: float) -> float:
        cur = runner.iter
        start = 0.
        for i, (end, start_factor, end_factor) in enumerate(self.lr_phases):
            if cur <= end or i == len(self.lr_phases) - 1:
                pct = (cur - start) / (end - start) if end > start else 1.
                return self.anneal_func(base_lr * start_factor,
                                        base_lr * end_factor, pct)
            start = end
        raise RuntimeError('OneCycle has no phases: before_run was not called')


def build_lr_hook(lr_config: dict) -> Hook:
    """Build the hook of an ``lr_config`` (``policy`` or ``type`` key)."""
    cfg = dict(lr_config)
    if 'type' not in cfg:
        if 'policy' not in cfg:
            raise KeyError(f'lr_config needs a "policy" key, got {lr_config!r}')
        policy = cfg.pop('policy')
        if policy == policy.lower():
            policy = policy.title()
        cfg['type'] = f'{policy}LrUpdaterHook'
        if cfg['type'] not in HOOKS:
            known = sorted(name[:-len('LrUpdaterHook')]
                           for name in HOOKS.module_dict
                           if name.endswith('LrUpdaterHook') and
                           name != 'LrUpdaterHook')
            raise KeyError(f'lr_config: unknown policy "{lr_config["policy"]}";'
                           f' known policies: {", ".join(known)}')
    return HOOKS.build(cfg)
