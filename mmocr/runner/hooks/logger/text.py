"""Human-readable log lines and the ``<timestamp>.log.json`` line log."""
from __future__ import annotations

import datetime
import json
import os.path as osp
import time
from collections import OrderedDict
from typing import Any

import torch

from mmocr.registry import HOOKS

from ...protocol import RunnerProtocol
from .base import LoggerHook

__all__ = ['TextLoggerHook', 'max_memory_mb']

_NOT_ITEMS = ('mode', 'epoch', 'iter', 'lr', 'time', 'data_time', 'memory',
              'eval_iter_num')


def max_memory_mb(device: torch.device) -> int:
    """Peak memory in MB: CUDA allocations, or the process' max RSS on CPU."""
    if device.type == 'cuda':
        return int(torch.cuda.max_memory_allocated(device) // (1024 * 1024))
    try:
        import resource
    except ImportError:  # not on POSIX
        return 0
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)


def _round(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 5)
    if isinstance(value, dict):
        return {k: _round(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_round(v) for v in value]
    return value


@HOOKS.register_module()
class TextLoggerHook(LoggerHook):
    """Logs ``Epoch [1][5/100]  lr: 1.000e-02, eta: 0:01:02, time: ...,
    data_time: ..., memory: ..., loss: ...`` through the runner's logger and
    appends one JSON object per log to ``<work_dir>/<timestamp>.log.json``
    (its first line is the run's meta: env info, config, seed).

    JSON keys: ``mode`` (train/val), ``epoch``, ``iter``, ``lr``, then
    ``memory`` (MB), ``time``, ``data_time`` and the loss terms (train), or
    the metrics (val).
    """

    def __init__(self, by_epoch: bool = True, interval: int = 10,
                 ignore_last: bool = True, reset_flag: bool = False,
                 interval_exp_name: int = 1000, out_dir: str | None = None):
        super().__init__(interval, ignore_last, reset_flag, by_epoch)
        self.interval_exp_name = interval_exp_name
        self.out_dir = out_dir
        self.json_log_path: str | None = None

    def before_run(self, runner: RunnerProtocol) -> None:
        self.start_iter = runner.iter
        self.start_time = time.time()
        out_dir = self.out_dir or runner.work_dir
        self.json_log_path = osp.join(out_dir, f'{runner.timestamp}.log.json')
        if runner.meta:
            self._dump(runner, {k: v for k, v in runner.meta.items()
                                if k != 'hook_msgs'})

    def _dump(self, runner: RunnerProtocol, log_dict: dict) -> None:
        if runner.rank != 0:
            return
        with open(self.json_log_path, 'a+', encoding='utf-8') as f:
            json.dump(_round(log_dict), f, default=str)
            f.write('\n')

    def _eta(self, runner: RunnerProtocol) -> str:
        done = runner.iter - self.start_iter + 1
        per_iter = (time.time() - self.start_time) / max(done, 1)
        eta = per_iter * (runner.max_iters - runner.iter - 1)
        return str(datetime.timedelta(seconds=int(max(eta, 0))))

    def _format(self, runner: RunnerProtocol, log_dict: dict) -> str:
        if log_dict['mode'] == 'train':
            if self.by_epoch:
                head = (f'Epoch [{log_dict["epoch"]}]'
                        f'[{log_dict["iter"]}/{len(runner.data_loader)}]\t')
            else:
                head = f'Iter [{log_dict["iter"]}/{runner.max_iters}]\t'
            head += f'lr: {log_dict["lr"]:.3e}, '
            if 'time' in log_dict:
                head += (f'eta: {self._eta(runner)}, '
                         f'time: {log_dict["time"]:.3f}, '
                         f'data_time: {log_dict["data_time"]:.3f}, '
                         f'memory: {log_dict["memory"]}, ')
        elif self.by_epoch:
            head = (f'Epoch({log_dict["mode"]}) '
                    f'[{log_dict["epoch"]}][{log_dict["iter"]}]\t')
        else:
            head = f'Iter({log_dict["mode"]}) [{log_dict["iter"]}]\t'
        items = [f'{k}: {v:.4f}' if isinstance(v, float) else f'{k}: {v}'
                 for k, v in log_dict.items() if k not in _NOT_ITEMS]
        return head + ', '.join(items)

    def log(self, runner: RunnerProtocol) -> OrderedDict:
        output = runner.log_buffer.output
        mode = self.get_mode(runner)
        # Evaluation results can share a line with the training averages of
        # the same iteration: the line then counts training iterations.
        cur_iter = (output['eval_iter_num']
                    if mode == 'val' and 'eval_iter_num' in output else
                    self.get_iter(runner, inner_iter=True))
        log_dict: OrderedDict[str, Any] = OrderedDict(
            mode=mode, epoch=self.get_epoch(runner), iter=cur_iter)
        lrs = runner.current_lr()
        log_dict['lr'] = lrs[0] if lrs else 0.
        if 'time' in output:
            log_dict['memory'] = max_memory_mb(runner.device)
        log_dict.update((k, v) for k, v in output.items() if k != 'eval_iter_num')
        runner.logger.info(self._format(runner, log_dict))
        self._dump(runner, log_dict)
        return log_dict
