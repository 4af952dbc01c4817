"""Training by iterations (``runner=dict(type='IterBasedRunner', max_iters=N)``)."""
from __future__ import annotations

from typing import Any

import torch
from torch.utils.data import DataLoader

from mmocr.registry import RUNNERS
from mmocr.utils.checkpoint_names import checkpoint_template
from mmocr.utils.errors import InvalidValueError

from .base_runner import BaseRunner, check_workflow
from .hooks import Hook
from .hooks.sampler_seed import set_loader_epoch

__all__ = ['IterBasedRunner', 'IterLoader']


class IterLoader:
    """An endless iterator over a DataLoader; each pass is an epoch and
    reseeds the sampler with it."""

    def __init__(self, dataloader: DataLoader, epoch: int = 0):
        self._dataloader = dataloader
        self._epoch = epoch
        self._iterator = None

    @property
    def epoch(self) -> int:
        return self._epoch

    @property
    def dataset(self) -> Any:
        return self._dataloader.dataset

    def _restart(self) -> None:
        set_loader_epoch(self._dataloader, self._epoch)
        self._iterator = iter(self._dataloader)

    def __next__(self) -> Any:
        if self._iterator is None:
            self._restart()
        try:
            return next(self._iterator)
        except StopIteration:
            self._epoch += 1
            self._restart()
            try:
                return next(self._iterator)
            except StopIteration:
                raise RuntimeError('the data loader yields no batch (empty '
                                   'dataset, or drop_last with fewer samples '
                                   'than a batch)') from None

    def __len__(self) -> int:
        return len(self._dataloader)


@RUNNERS.register_module()
class IterBasedRunner(BaseRunner):
    """Runs ``workflow`` (e.g. ``[('train', 1000), ('val', 1)]``, counts in
    iterations) until ``max_iters`` training iterations are done.

    Checkpoints are ``iter_<N>.pth`` (``meta.iter = N``); the learning-rate,
    checkpoint and logger hooks default to ``by_epoch=False``.
    """

    def train(self, data_loader: IterLoader, **kwargs: Any) -> None:
        self.model.train()
        self.mode = 'train'
        self.data_loader = data_loader
        data_batch = next(data_loader)
        self._epoch = data_loader.epoch
        self.data_batch = data_batch
        self.call_hook('before_train_iter')
        self.run_iter(data_batch, train_mode=True)
        self._call_and_flush('after_train_iter')
        del self.data_batch
        self._inner_iter += 1
        self._iter += 1

    @torch.no_grad()
    def val(self, data_loader: IterLoader, **kwargs: Any) -> None:
        self.model.eval()
        self.mode = 'val'
        self.data_loader = data_loader
        data_batch = next(data_loader)
        self.data_batch = data_batch
        self.call_hook('before_val_iter')
        self.run_iter(data_batch, train_mode=False)
        self._call_and_flush('after_val_iter')
        del self.data_batch
        self._inner_iter += 1

    def run(self, data_loaders: list[DataLoader], workflow: list[tuple[str, int]],
            max_iters: int | None = None, **kwargs: Any) -> None:
        if max_iters is not None:
            self._max_iters = max_iters
        if not self._max_iters:
            raise InvalidValueError(
                'IterBasedRunner needs max_iters (runner.max_iters)')
        check_workflow(data_loaders, workflow)
        loaders = [IterLoader(loader, self._epoch) for loader in data_loaders]
        self._log_start(workflow)
        self.call_hook('before_run')
        self.call_hook('before_epoch')
        while self.iter < self._max_iters:
            for loader, (mode, iters) in zip(loaders, workflow):
                self._inner_iter = 0
                for _ in range(iters):
                    if mode == 'train' and self.iter >= self._max_iters:
                        break
                    getattr(self, mode)(loader, **kwargs)
        self.call_hook('after_epoch')
        self.call_hook('after_run')

    default_filename_tmpl = checkpoint_template(by_epoch=False)

    def _checkpoint_meta(self) -> dict:
        return {'epoch': self.epoch, 'iter': self.iter + 1}

    def _checkpoint_counter(self) -> int:
        return self.iter + 1

    def register_training_hooks(self, lr_config, optimizer_config=None,
                                checkpoint_config=None, log_config=None,
                                momentum_config=None, **kwargs: Any) -> None:
        """As the base class, with ``by_epoch=False`` as the default."""
        if isinstance(checkpoint_config, dict):
            checkpoint_config = dict(checkpoint_config)
            checkpoint_config.setdefault('by_epoch', False)
        if isinstance(lr_config, dict):
            lr_config = dict(lr_config)
            lr_config.setdefault('by_epoch', False)
        if log_config is not None:
            log_config = dict(log_config)
            log_config['hooks'] = [
                dict(info, by_epoch=info.get('by_epoch', False))
                if not isinstance(info, Hook) else info
                for info in log_config.get('hooks', [])]
        super().register_training_hooks(lr_config, optimizer_config,
                                        checkpoint_config, log_config,
                                        momentum_config, **kwargs)
