"""Backward pass and optimizer step (``optimizer_config``), fp16/bf16."""
from __future__ import annotations

import logging

import torch
from torch.nn.utils import clip_grad_norm_

from mmocr.registry import HOOKS
from mmocr.utils.errors import InvalidValueError

from ..protocol import RunnerProtocol
from .hook import Hook

__all__ = ['OptimizerHook', 'Fp16OptimizerHook']

_DTYPES = {'float16': torch.float16, 'fp16': torch.float16,
           'bfloat16': torch.bfloat16, 'bf16': torch.bfloat16}


@HOOKS.register_module()
class OptimizerHook(Hook):
    """``zero_grad -> loss.backward -> [clip] -> step`` after each iteration.

    Args:
        grad_clip: ``None`` or kwargs of ``clip_grad_norm_`` (``max_norm``,
            ``norm_type``); the gradient norm is logged as ``grad_norm``.
        detect_anomalous_params: Log parameters that got no gradient.
    """

    def __init__(self, grad_clip: dict | None = None,
                 detect_anomalous_params: bool = False):
        if grad_clip is not None and 'max_norm' not in grad_clip:
            raise KeyError('optimizer_config.grad_clip needs "max_norm", got '
                           f'{grad_clip!r}')
        self.grad_clip = grad_clip
        self.detect_anomalous_params = detect_anomalous_params

    def clip_grads(self, runner: RunnerProtocol) -> float | None:
        params = [p for p in runner.model.parameters()
                  if p.requires_grad and p.grad is not None]
        if not params:
            return None
        norm = clip_grad_norm_(params, **self.grad_clip)
        runner.log_buffer.update({'grad_norm': float(norm)},
                                 runner.outputs['num_samples'])
        return float(norm)

    def _log_unused(self, runner: RunnerProtocol) -> None:
        unused = [name for name, p in runner.model.named_parameters()
                  if p.requires_grad and p.grad is None]
        if unused:
            runner.logger.log(logging.ERROR, 'parameters without gradient: '
                              + ', '.join(unused))

    def after_train_iter(self, runner: RunnerProtocol) -> None:
        runner.optimizer.zero_grad()
        runner.outputs['loss'].backward()
        if self.detect_anomalous_params:
            self._log_unused(runner)
        if self.grad_clip is not None:
            self.clip_grads(runner)
        runner.optimizer.step()


@HOOKS.register_module()
class Fp16OptimizerHook(OptimizerHook):
    """Mixed precision: autocast in the forward pass, scaled backward.

    The runner runs ``train_step`` under ``torch.autocast`` with
    ``runner.autocast_dtype`` (set here in ``before_run``). ``float16`` needs
    CUDA and uses a ``GradScaler`` (``loss_scale='dynamic'``, a fixed float,
    or a dict of ``GradScaler`` kwargs); on CPU it falls back to bfloat16
    with a warning. ``bfloat16`` needs no loss scaling.

    Args:
        loss_scale: ``'dynamic'``, a float, or ``GradScaler`` kwargs.
        dtype: ``'float16'`` (default) or ``'bfloat16'``.
        distributed: Accepted for MMCV compatibility (gradients are reduced
            by DistributedDataParallel either way).
    """

    def __init__(self, grad_clip: dict | None = None,
                 loss_scale: str | float | dict = 512., dtype: str = 'float16',
                 distributed: bool = True, **kwargs):
        super().__init__(grad_clip=grad_clip, **kwargs)
        if dtype not in _DTYPES:
            raise InvalidValueError(f'fp16 dtype must be one of {sorted(_DTYPES)}, '
                                    f'got {dtype!r}')
        if not (loss_scale == 'dynamic' or isinstance(loss_scale, (int, float, dict))):
            raise InvalidValueError('loss_scale must be "dynamic", a number or a dict, '
                                    f'got {loss_scale!r}')
        self.dtype = _DTYPES[dtype]
        self.loss_scale = loss_scale
        self.distributed = distributed
        self.scaler: torch.amp.GradScaler | None = None

    def _scaler_kwargs(self) -> dict:
        if self.loss_scale == 'dynamic':
            return {}
        if isinstance(self.loss_scale, dict):
            return dict(self.loss_scale)
        # A fixed scale: never grows nor backs off.
        return dict(init_scale=float(self.loss_scale), growth_factor=1.0,
                    backoff_factor=1.0, growth_interval=2**31 - 1)

    def before_run(self, runner: RunnerProtocol) -> None:
        device = runner.device.type
        dtype = self.dtype
        if dtype == torch.float16 and device != 'cuda':
            runner.logger.warning(
                'fp16 training needs CUDA; running on %s with bfloat16 '
                'autocast instead (no loss scaling)', device)
            dtype = torch.bfloat16
        runner.autocast_dtype = dtype
        if dtype == torch.float16:
            self.scaler = torch.amp.GradScaler('cuda', **self._scaler_kwargs())
            state = (runner.meta or {}).get('fp16', {}).get('loss_scaler')
            if state:
                self.scaler.load_state_dict(state)
        runner.loss_scaler = self.scaler

    def after_train_iter(self, runner: RunnerProtocol) -> None:
        if self.scaler is None:
            super().after_train_iter(runner)
            return
        runner.optimizer.zero_grad()
        self.scaler.scale(runner.outputs['loss']).backward()
        if self.grad_clip is not None:
            self.scaler.unscale_(runner.optimizer)
            self.clip_grads(runner)
        self.scaler.step(runner.optimizer)
        self.scaler.update()
        runner.log_buffer.update({'loss_scale': float(self.scaler.get_scale())})
