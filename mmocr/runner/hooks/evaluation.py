"""Evaluation during training (``evaluation=dict(interval, metric, ...)``).

The hooks get their test function injected: the runner sits below
:mod:`mmocr.apis`, whose ``train_model`` passes ``single_gpu_test`` /
``multi_gpu_test`` when it builds them from ``cfg.evaluation``.
"""
from __future__ import annotations

import inspect
import math
import os
import os.path as osp
import warnings
from typing import Any, Callable

import torch.distributed as dist
from torch.nn.modules.batchnorm import _BatchNorm
from torch.utils.data import DataLoader

from mmocr.registry import HOOKS, check_kwargs
from mmocr.utils.checkpoint_names import checkpoint_name
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

from ..protocol import RunnerProtocol
from .hook import Hook

__all__ = ['EvalHook', 'DistEvalHook']


@HOOKS.register_module()
class EvalHook(Hook):
    """Runs the validation set through the model and the dataset's
    ``evaluate``; logs the metrics and keeps the best checkpoint.

    Args:
        dataloader: Validation loader.
        start: First epoch/iteration to evaluate (default: follow
            ``interval`` from the start).
        interval: Evaluate every ``interval`` epochs (iterations if not
            ``by_epoch``).
        by_epoch: Count in epochs or iterations.
        save_best: A metric name, ``'auto'`` (the first metric returned) or
            ``None``. The best checkpoint is ``best_<metric>_epoch_<N>.pth``.
        rule: ``'greater'`` or ``'less'``; inferred from the metric name when
            ``None``.
        test_fn: ``(model, dataloader) -> results``, e.g.
            :func:`mmocr.apis.single_gpu_test` (what ``train_model``
            passes). Required.
        greater_keys / less_keys: Name fragments used to infer ``rule``.
        out_dir: Where the best checkpoint goes (default: ``work_dir``).
        eval_kwargs: Passed to ``dataset.evaluate`` (``metric``, ...);
            checked against its signature here, before training starts.
    """

    forwards_kwargs = True

    rule_map: dict[str, Callable[[float, float], bool]] = {
        'greater': lambda x, y: x > y, 'less': lambda x, y: x < y}
    init_value_map = {'greater': -math.inf, 'less': math.inf}
    _default_greater_keys = ['acc', 'top', 'AR@', 'auc', 'precision', 'mAP',
                             'mDice', 'mIoU', 'mAcc', 'aAcc', 'hmean',
                             'recall', 'f1', 'N.E.D']
    _default_less_keys = ['loss']

    def __init__(self, dataloader: DataLoader, start: int | None = None,
                 interval: int = 1, by_epoch: bool = True,
                 save_best: str | None = None, rule: str | None = None,
                 test_fn: Callable | None = None,
                 greater_keys: list[str] | None = None,
                 less_keys: list[str] | None = None, out_dir: str | None = None,
                 **eval_kwargs: Any):
        if test_fn is None:
            raise InvalidTypeError(f'{type(self).__name__} needs test_fn(model, '
                                   'dataloader), e.g. mmocr.apis.single_gpu_test '
                                   '(train_model passes it)')
        if not isinstance(dataloader, DataLoader):
            raise InvalidTypeError('EvalHook needs a torch DataLoader, got '
                                   f'{type(dataloader).__name__}')
        if interval <= 0:
            raise InvalidValueError(
                f'evaluation interval must be positive, got {interval}')
        if start is not None and start < 0:
            raise InvalidValueError(f'evaluation start must be >= 0, got {start}')
        if save_best is not None and not isinstance(save_best, str):
            raise InvalidTypeError(
                f'save_best must be a str or None, got {save_best!r}')
        if rule is not None and rule not in self.rule_map:
            raise KeyError(f'rule must be "greater", "less" or None, got {rule!r}')
        dataset = dataloader.dataset
        if hasattr(dataset, 'evaluate'):
            check_kwargs(dataset.evaluate, eval_kwargs,
                         f'{type(dataset).__name__}.evaluate (evaluation)')
        self.dataloader = dataloader
        self.start = start
        self.interval = interval
        self.by_epoch = by_epoch
        self.save_best = save_best
        self.test_fn = test_fn
        self.greater_keys = list(greater_keys or self._default_greater_keys)
        self.less_keys = list(less_keys or self._default_less_keys)
        self.out_dir = out_dir
        self.eval_kwargs = eval_kwargs
        self.rule = rule
        self.key_indicator = save_best
        self.best_ckpt_path: str | None = None
        if save_best is not None and save_best != 'auto':
            self._init_rule(rule, save_best)

    def _init_rule(self, rule: str | None, key_indicator: str) -> None:
        if rule is None:
            key = key_indicator.lower()
            if key_indicator in self.less_keys:
                rule = 'less'
            elif key_indicator in self.greater_keys:
                rule = 'greater'
            elif any(k.lower() in key for k in self.greater_keys):
                rule = 'greater'
            elif any(k.lower() in key for k in self.less_keys):
                rule = 'less'
            else:
                raise InvalidValueError(
                    f'cannot infer whether a higher or lower "{key_indicator}" '
                    'is better: set evaluation.rule to "greater" or "less"')
        self.rule = rule
        self.key_indicator = key_indicator
        self.compare_func = self.rule_map[rule]

    def before_run(self, runner: RunnerProtocol) -> None:
        self.out_dir = self.out_dir or runner.work_dir
        if self.save_best is not None:
            self.best_ckpt_path = runner.meta.setdefault('hook_msgs', {}).get(
                'best_ckpt')

    def _should_evaluate(self, runner: RunnerProtocol) -> bool:
        current = (runner.epoch if self.by_epoch else runner.iter) + 1
        if self.start is None:
            return current % self.interval == 0
        return current >= self.start and (current - self.start) % self.interval == 0

    def after_train_epoch(self, runner: RunnerProtocol) -> None:
        if self.by_epoch and self._should_evaluate(runner):
            self._do_evaluate(runner)

    def after_train_iter(self, runner: RunnerProtocol) -> None:
        if not self.by_epoch and self._should_evaluate(runner):
            self._do_evaluate(runner)

    def _do_evaluate(self, runner: RunnerProtocol) -> None:
        results = self.test_fn(runner.model, self.dataloader)
        self._process_results(runner, results)

    def _process_results(self, runner: RunnerProtocol, results: list) -> None:
        runner.log_buffer.output['eval_iter_num'] = len(self.dataloader)
        key_score = self.evaluate(runner, results)
        if self.save_best and key_score is not None:
            self._save_ckpt(runner, key_score)

    def evaluate(self, runner: RunnerProtocol, results: list) -> float | None:
        """Call ``dataset.evaluate``; put the metrics in the log buffer."""
        dataset = self.dataloader.dataset
        kwargs = dict(self.eval_kwargs)
        params = inspect.signature(dataset.evaluate).parameters
        if 'logger' in params or any(p.kind == p.VAR_KEYWORD
                                     for p in params.values()):
            kwargs['logger'] = runner.logger
        eval_res = dataset.evaluate(results, **kwargs)
        if not isinstance(eval_res, dict):
            raise InvalidTypeError(f'{type(dataset).__name__}.evaluate must return a '
                                   f'dict, got {type(eval_res).__name__}')
        runner.logger.info('Evaluation: ' + ', '.join(
            f'{k}: {v:.4f}' if isinstance(v, float) else f'{k}: {v}'
            for k, v in eval_res.items()))
        for name, value in eval_res.items():
            runner.log_buffer.output[name] = value
        runner.log_buffer.ready = True
        if self.save_best is None:
            return None
        if not eval_res:
            warnings.warn('evaluation returned no metric: best checkpoint '
                          'not saved', UserWarning, stacklevel=2)
            return None
        if self.key_indicator == 'auto':
            self._init_rule(self.rule, next(iter(eval_res)))
        if self.key_indicator not in eval_res:
            raise KeyError(f'save_best="{self.key_indicator}" is not among the '
                           f'evaluation results {sorted(eval_res)}')
        return float(eval_res[self.key_indicator])

    def _save_ckpt(self, runner: RunnerProtocol, key_score: float) -> None:
        current = osp.splitext(checkpoint_name(
            self.by_epoch,
            runner.epoch + 1 if self.by_epoch else runner.iter + 1))[0]
        hook_msgs = runner.meta.setdefault('hook_msgs', {})
        best_score = hook_msgs.get('best_score', self.init_value_map[self.rule])
        if not self.compare_func(key_score, best_score):
            return
        hook_msgs['best_score'] = key_score
        if self.best_ckpt_path and osp.isfile(self.best_ckpt_path):
            os.remove(self.best_ckpt_path)
        name = f'best_{self.key_indicator}_{current}.pth'.replace('/', '_')
        self.best_ckpt_path = osp.join(self.out_dir, name)
        hook_msgs['best_ckpt'] = self.best_ckpt_path
        runner.save_checkpoint(self.out_dir, filename_tmpl=name,
                               create_symlink=False)
        runner.logger.info('Now best checkpoint is saved as %s; best %s is '
                           '%.4f at %s', name, self.key_indicator, key_score,
                           current.replace('_', ' '))


@HOOKS.register_module()
class DistEvalHook(EvalHook):
    """:class:`EvalHook` for distributed runs: every rank tests its share,
    rank 0 evaluates and saves the best checkpoint.

    Args:
        test_fn: ``(model, dataloader, tmpdir=..., gpu_collect=...) ->
            results`` on rank 0 (``None`` elsewhere), e.g.
            :func:`mmocr.apis.multi_gpu_test` (what ``train_model`` passes).
            Required.
        tmpdir: Folder to gather results through (default
            ``<work_dir>/.eval_hook``) when ``gpu_collect`` is False.
        gpu_collect: Gather with ``all_gather_object`` instead of files.
        broadcast_bn_buffer: Copy rank 0's BatchNorm statistics to all ranks
            before testing.
    """

    def __init__(self, dataloader: DataLoader, tmpdir: str | None = None,
                 gpu_collect: bool = False, broadcast_bn_buffer: bool = True,
                 **kwargs: Any):
        super().__init__(dataloader, **kwargs)
        self.tmpdir = tmpdir
        self.gpu_collect = gpu_collect
        self.broadcast_bn_buffer = broadcast_bn_buffer

    def _do_evaluate(self, runner: RunnerProtocol) -> None:
        if self.broadcast_bn_buffer and dist.is_initialized():
            for module in runner.model.modules():
                if isinstance(module, _BatchNorm) and module.track_running_stats:
                    dist.broadcast(module.running_var, 0)
                    dist.broadcast(module.running_mean, 0)
        tmpdir = self.tmpdir or osp.join(runner.work_dir, '.eval_hook')
        results = self.test_fn(runner.model, self.dataloader, tmpdir=tmpdir,
                               gpu_collect=self.gpu_collect)
        if runner.rank == 0:
            self._process_results(runner, results)
        if dist.is_initialized():
            dist.barrier()
