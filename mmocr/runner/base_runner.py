"""The runner: owns the model, optimizer, hooks and counters of a training.

Subclasses (:class:`EpochBasedRunner`, :class:`IterBasedRunner`) define how
data is iterated; everything else (hooks, checkpoints, resume) is here.
"""
from __future__ import annotations

import contextlib
import logging
import os
import os.path as osp
import time
from collections.abc import Mapping
from typing import Any

import numpy as np
import torch
from torch import nn

from mmocr.registry import HOOKS, build_from_cfg
from mmocr.utils.checkpoint_names import LATEST_CHECKPOINT, checkpoint_template
from mmocr.utils.device import model_device
from mmocr.utils.errors import InvalidTypeError, InvalidValueError
from mmocr.utils.logger import get_logger

from .checkpoint import (
    CheckpointLoadError,
    atomic_link_or_copy,
    load_checkpoint,
    remove_stale_tmp_files,
    save_checkpoint,
)
from .dist_utils import get_dist_info
from .hooks import Hook, build_lr_hook
from .log_buffer import LogBuffer
from .priority import get_priority
from .utils import get_host_info, get_rng_state, get_time_str, set_rng_state

__all__ = ['BaseRunner', 'check_workflow', 'to_plain']


def check_workflow(data_loaders: list, workflow: list) -> None:
    """Check that ``workflow`` is a list of ``('train' | 'val', n)`` with
    a train stage and one data loader per stage (both runners' ``run``)."""
    if not isinstance(data_loaders, (list, tuple)):
        raise InvalidTypeError('data_loaders must be a list of DataLoaders')
    if len(data_loaders) != len(workflow):
        raise InvalidValueError(f'workflow {workflow} has {len(workflow)} stages but '
                                f'{len(data_loaders)} data loaders were given')
    for flow in workflow:
        if (not isinstance(flow, (list, tuple)) or len(flow) != 2
                or flow[0] not in ('train', 'val') or not isinstance(flow[1], int)):
            raise InvalidValueError(f'bad workflow entry {flow!r}: expected '
                                    "('train', n) or ('val', n)")
    if not any(mode == 'train' for mode, _ in workflow):
        raise InvalidValueError(f'workflow {workflow} has no train stage')


def to_plain(obj: Any, where: str = 'meta') -> Any:
    """Turn ``obj`` into data ``torch.load(weights_only=True)`` accepts.

    numpy scalars/arrays become numbers/tensors, tuples stay tuples, and any
    other object raises ``TypeError`` naming where it was found.
    """
    if obj is None or isinstance(obj, (bool, int, float, str, torch.Tensor)):
        return obj
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, np.ndarray):
        return torch.from_numpy(obj)
    if isinstance(obj, Mapping):
        return {str(k): to_plain(v, f'{where}.{k}') for k, v in obj.items()}
    if isinstance(obj, (list, tuple, range)):
        items = [to_plain(v, f'{where}[{i}]') for i, v in enumerate(obj)]
        return tuple(items) if isinstance(obj, tuple) else items
    raise InvalidTypeError(f'{where} is a {type(obj).__name__}, which cannot go into '
                           'a checkpoint (only tensors, numbers, strings, lists and '
                           'dicts)')


class BaseRunner:
    """Shared runner state and hook machinery.

    Args:
        model: A model with ``train_step(data, optimizer) -> dict(loss,
            log_vars, num_samples)`` (possibly wrapped by
            ``MMDataParallel``/``MMDistributedDataParallel``).
        optimizer: Its optimizer.
        work_dir: Where checkpoints and logs go (created if needed).
        logger: Defaults to the ``mmocr`` logger.
        meta: Saved in every checkpoint (env info, config text, seed...).
        max_epochs / max_iters: Length of the run (one of them).
    """

    def __init__(self, model: nn.Module, batch_processor: Any = None,
                 optimizer: torch.optim.Optimizer | None = None,
                 work_dir: str | None = None,
                 logger: logging.Logger | None = None,
                 meta: dict | None = None, max_iters: int | None = None,
                 max_epochs: int | None = None):
        if batch_processor is not None:
            raise NotImplementedError('batch_processor is not supported: '
                                      'implement model.train_step instead')
        if not hasattr(model, 'train_step'):
            raise InvalidTypeError(f'{type(model).__name__} has no train_step(data, '
                                   'optimizer); subclass mmocr.models.base.BaseModel')
        if max_epochs is not None and max_iters is not None:
            raise InvalidValueError('set only one of max_epochs and max_iters')
        if meta is not None and not isinstance(meta, dict):
            raise InvalidTypeError(f'meta must be a dict, got {type(meta).__name__}')
        self.model = model
        self.optimizer = optimizer
        self.logger = logger or get_logger('mmocr')
        self.meta: dict = meta if meta is not None else {}
        self.work_dir = osp.abspath(work_dir) if work_dir else None
        if self.work_dir:
            os.makedirs(self.work_dir, exist_ok=True)
        inner = getattr(model, 'module', model)
        self._model_name = type(inner).__name__
        self._rank, self._world_size = get_dist_info()
        self.timestamp = get_time_str()
        #: When this runner was made: temporary checkpoint files older than
        #: this are of writes that died (see remove_stale_tmp_files).
        self.start_time = time.time()
        self.mode: str | None = None
        self._hooks: list[Hook] = []
        self._epoch = 0
        self._iter = 0
        self._inner_iter = 0
        self._max_epochs = max_epochs
        self._max_iters = max_iters
        self.log_buffer = LogBuffer()
        self.autocast_dtype: torch.dtype | None = None
        self.loss_scaler: Any = None
        self.data_loader: Any = None
        self.outputs: dict = {}

    # Read-only state.
    @property
    def model_name(self) -> str:
        return self._model_name

    @property
    def rank(self) -> int:
        return self._rank

    @property
    def world_size(self) -> int:
        return self._world_size

    @property
    def hooks(self) -> list[Hook]:
        return self._hooks

    @property
    def epoch(self) -> int:
        return self._epoch

    @property
    def iter(self) -> int:
        return self._iter

    @property
    def inner_iter(self) -> int:
        return self._inner_iter

    @property
    def max_epochs(self) -> int | None:
        return self._max_epochs

    @property
    def max_iters(self) -> int | None:
        return self._max_iters

    @property
    def device(self) -> torch.device:
        return model_device(self.model)

    def current_lr(self) -> list[float]:
        if self.optimizer is None:
            raise RuntimeError('current_lr needs an optimizer')
        return [group['lr'] for group in self.optimizer.param_groups]

    def current_momentum(self) -> list[float]:
        if self.optimizer is None:
            raise RuntimeError('current_momentum needs an optimizer')
        return [group['momentum'] if 'momentum' in group else group['betas'][0]
                if 'betas' in group else 0. for group in self.optimizer.param_groups]

    # Hooks.
    def register_hook(self, hook: Hook, priority: int | str = 'NORMAL') -> None:
        """Insert ``hook`` after every hook of lower or equal priority."""
        if not isinstance(hook, Hook):
            raise InvalidTypeError(f'hooks must subclass mmocr.runner.Hook, got '
                                   f'{type(hook).__name__}')
        hook.priority = get_priority(priority)
        for i in range(len(self._hooks) - 1, -1, -1):
            if hook.priority >= self._hooks[i].priority:
                index = i + 1
                break
        else:
            index = 0
        self._hooks.insert(index, hook)
        hook.on_register(self)

    def register_hook_from_cfg(self, hook_cfg: dict | Hook) -> None:
        """Build a hook from ``dict(type=..., priority=..., **kwargs)``."""
        if isinstance(hook_cfg, Hook):
            self.register_hook(hook_cfg, getattr(hook_cfg, 'priority', 'NORMAL'))
            return
        cfg = dict(hook_cfg)
        priority = cfg.pop('priority', None)
        hook = build_from_cfg(cfg, HOOKS)
        if priority is None:
            priority = getattr(type(hook), 'priority', 'NORMAL')
        self.register_hook(hook, priority)

    def call_hook(self, fn_name: str) -> None:
        for hook in self._hooks:
            getattr(hook, fn_name)(self)

    def get_hook_info(self) -> str:
        """Which hooks run at each stage, in order (logged at start)."""
        lines = []
        for stage in Hook.stages:
            names = [f'({hook.priority:<3}) {type(hook).__name__}'
                     for hook in self._hooks
                     if stage in hook.get_triggered_stages()]
            if names:
                lines.append(f'{stage}:\n' + '\n'.join(names))
        return '\n' + '\n' + ('\n' + '-' * 40 + '\n').join(lines)

    def register_training_hooks(self, lr_config: dict | Hook | None,
                                optimizer_config: dict | Hook | None = None,
                                checkpoint_config: dict | Hook | None = None,
                                log_config: dict | None = None,
                                momentum_config: dict | None = None,
                                timer_config: dict | Hook = dict(type='IterTimerHook'),
                                custom_hooks_config: list | dict | None = None
                                ) -> None:
        """Register the default hooks from their MMOCR config sections.

        Priorities (as in MMCV): lr VERY_HIGH, optimizer ABOVE_NORMAL,
        checkpoint NORMAL, timer LOW, loggers VERY_LOW, custom hooks their
        own (default NORMAL).
        """
        if momentum_config is not None:
            raise NotImplementedError('momentum_config is not supported; '
                                      'remove it from the config')
        if lr_config is not None:
            hook = (lr_config if isinstance(lr_config, Hook)
                    else build_lr_hook(lr_config))
            self.register_hook(hook, 'VERY_HIGH')
        for section, default_type, priority in (
                (optimizer_config, 'OptimizerHook', 'ABOVE_NORMAL'),
                (checkpoint_config, 'CheckpointHook', 'NORMAL'),
                (timer_config, 'IterTimerHook', 'LOW')):
            if section is None:
                continue
            if isinstance(section, Hook):
                self.register_hook(section, priority)
                continue
            cfg = dict(section)
            cfg.setdefault('type', default_type)
            self.register_hook(build_from_cfg(cfg, HOOKS), priority)
        if log_config is not None:
            interval = log_config.get('interval', 10)
            for info in log_config.get('hooks', []):
                hook = info if isinstance(info, Hook) else build_from_cfg(
                    dict(info), HOOKS, default_args=dict(interval=interval))
                self.register_hook(hook, 'VERY_LOW')
        if custom_hooks_config is not None:
            if isinstance(custom_hooks_config, (dict, Hook)):
                custom_hooks_config = [custom_hooks_config]
            for item in custom_hooks_config:
                self.register_hook_from_cfg(item)

    # Steps.
    def _autocast(self) -> contextlib.AbstractContextManager:
        if self.autocast_dtype is None:
            return contextlib.nullcontext()
        return torch.autocast(self.device.type, dtype=self.autocast_dtype)

    def run_iter(self, data_batch: dict, train_mode: bool) -> None:
        with self._autocast():
            if train_mode:
                outputs = self.model.train_step(data_batch, self.optimizer)
            else:
                outputs = self.model.val_step(data_batch, self.optimizer)
        if not isinstance(outputs, dict):
            raise InvalidTypeError('train_step/val_step must return a dict, got '
                                   f'{type(outputs).__name__}')
        if 'log_vars' in outputs:
            self.log_buffer.update(outputs['log_vars'], outputs['num_samples'])
        self.outputs = outputs

    def _call_and_flush(self, fn_name: str) -> None:
        """Call a stage whose end may have logged; drop what was logged."""
        self.call_hook(fn_name)
        if self.log_buffer.ready:
            self.log_buffer.clear_output()

    def _log_start(self, workflow: list) -> None:
        self.logger.info('Start running, host: %s, work_dir: %s',
                         get_host_info(), self.work_dir)
        self.logger.info('Hooks will be executed in the following order:%s',
                         self.get_hook_info())
        self.logger.info('workflow: %s, max: %s', workflow,
                         f'{self._max_epochs} epochs' if self._max_epochs
                         else f'{self._max_iters} iters')

    # Checkpoints.
    default_filename_tmpl = checkpoint_template(by_epoch=True)

    def _checkpoint_meta(self) -> dict:
        """``epoch``/``iter`` to store: what a resume continues from."""
        raise NotImplementedError(
            f'{type(self).__name__} must define _checkpoint_meta')

    def _checkpoint_counter(self) -> int:
        """The number in ``epoch_{}.pth``/``iter_{}.pth``."""
        raise NotImplementedError(
            f'{type(self).__name__} must define _checkpoint_counter')

    def save_checkpoint(self, out_dir: str, filename_tmpl: str | None = None,
                        save_optimizer: bool = True, meta: dict | None = None,
                        create_symlink: bool = True) -> str:
        """Save ``<out_dir>/<filename>`` (+ ``latest.pth``); return its path."""
        full_meta = dict(meta or {})
        full_meta.update(self.meta)
        full_meta.update(self._checkpoint_meta())
        full_meta['world_size'] = self._world_size
        if self.loss_scaler is not None:
            full_meta['fp16'] = {'loss_scaler': self.loss_scaler.state_dict()}
        filename = (filename_tmpl or self.default_filename_tmpl).format(
            self._checkpoint_counter())
        path = osp.join(out_dir, filename)
        remove_stale_tmp_files(out_dir, self.start_time, self.logger)
        save_checkpoint(self.model, path,
                        optimizer=self.optimizer if save_optimizer else None,
                        meta=to_plain(full_meta), rng=get_rng_state())
        if create_symlink:
            atomic_link_or_copy(path, osp.join(out_dir, LATEST_CHECKPOINT))
        return path

    def load_checkpoint(self, filename: str, map_location: Any = 'cpu',
                        strict: bool = False,
                        revise_keys: list[tuple[str, str]] = [(r'^module\.', '')]
                        ) -> dict:
        """Load weights only (``load_from``)."""
        self.logger.info('load checkpoint from %s', filename)
        return load_checkpoint(self.model, filename, map_location, strict,
                               self.logger, revise_keys)

    def resume(self, checkpoint: str, resume_optimizer: bool = True,
               map_location: Any = 'default') -> None:
        """Restore weights, optimizer, counters, hook messages and RNG."""
        if map_location == 'default':
            map_location = self.device
        if self._rank == 0:
            remove_stale_tmp_files(osp.dirname(osp.abspath(checkpoint)),
                                   self.start_time, self.logger)
        ckpt = self.load_checkpoint(checkpoint, map_location=map_location)
        meta = ckpt.get('meta', {})
        if 'epoch' not in meta or 'iter' not in meta:
            raise CheckpointLoadError(
                f'{checkpoint} has no meta.epoch/meta.iter, so training '
                'cannot resume from it; use load_from to start from its weights')
        self._epoch = int(meta['epoch'])
        self._iter = int(meta['iter'])
        previous_world = meta.get('world_size')
        if previous_world and previous_world != self._world_size:
            self._iter = int(self._iter * previous_world / self._world_size)
            self.logger.info('world size changed from %d to %d: iteration '
                             'counter rescaled', previous_world, self._world_size)
        self.meta.setdefault('hook_msgs', {}).update(meta.get('hook_msgs', {}))
        if 'fp16' in meta:
            self.meta['fp16'] = meta['fp16']
        if resume_optimizer and 'optimizer' in ckpt and self.optimizer is not None:
            self.optimizer.load_state_dict(ckpt['optimizer'])
        if 'rng' in ckpt:
            set_rng_state(ckpt['rng'])
        self.logger.info('resumed epoch %d, iter %d', self._epoch, self._iter)
