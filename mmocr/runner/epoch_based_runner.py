"""Training by epochs (``runner=dict(type='EpochBasedRunner', max_epochs=N)``)."""
from __future__ import annotations

from typing import Any

import torch
from torch.utils.data import DataLoader

from mmocr.registry import RUNNERS
from mmocr.utils.checkpoint_names import checkpoint_template
from mmocr.utils.errors import InvalidValueError

from .base_runner import BaseRunner, check_workflow

__all__ = ['EpochBasedRunner']


@RUNNERS.register_module()
class EpochBasedRunner(BaseRunner):
    """Runs ``workflow`` (e.g. ``[('train', 1), ('val', 1)]``) until
    ``max_epochs`` training epochs are done.

    Counters: ``epoch`` (finished epochs), ``iter`` (finished training
    iterations), ``inner_iter`` (index in the current epoch). Checkpoints
    are ``epoch_<N>.pth`` with ``meta.epoch = N`` and resume at epoch N.
    """

    def _run_epoch(self, data_loader: DataLoader, train_mode: bool) -> None:
        mode = 'train' if train_mode else 'val'
        self.mode = mode
        self.data_loader = data_loader
        self.call_hook(f'before_{mode}_epoch')
        for i, data_batch in enumerate(data_loader):
            self.data_batch = data_batch
            self._inner_iter = i
            self.call_hook(f'before_{mode}_iter')
            if train_mode:
                self.run_iter(data_batch, train_mode=True)
            else:
                with torch.no_grad():
                    self.run_iter(data_batch, train_mode=False)
            self._call_and_flush(f'after_{mode}_iter')
            del self.data_batch
            if train_mode:
                self._iter += 1
        self._call_and_flush(f'after_{mode}_epoch')
        if train_mode:
            self._epoch += 1

    def train(self, data_loader: DataLoader, **kwargs: Any) -> None:
        self.model.train()
        self._max_iters = self._max_epochs * len(data_loader)
        self._run_epoch(data_loader, train_mode=True)

    def val(self, data_loader: DataLoader, **kwargs: Any) -> None:
        self.model.eval()
        self._run_epoch(data_loader, train_mode=False)

    def run(self, data_loaders: list[DataLoader], workflow: list[tuple[str, int]],
            max_epochs: int | None = None, **kwargs: Any) -> None:
        """Run ``workflow`` over ``data_loaders`` (one loader per flow)."""
        if max_epochs is not None:
            self._max_epochs = max_epochs
        if not self._max_epochs:
            raise InvalidValueError(
                'EpochBasedRunner needs max_epochs (runner.max_epochs '
                'or total_epochs in the config)')
        check_workflow(data_loaders, workflow)
        for loader, (mode, _) in zip(data_loaders, workflow):
            if mode == 'train':
                self._max_iters = self._max_epochs * len(loader)
                break
        self._log_start(workflow)
        self.call_hook('before_run')
        while self.epoch < self._max_epochs:
            for loader, (mode, epochs) in zip(data_loaders, workflow):
                for _ in range(epochs):
                    if mode == 'train' and self.epoch >= self._max_epochs:
                        break
                    getattr(self, mode)(loader, **kwargs)
        self.call_hook('after_run')

    default_filename_tmpl = checkpoint_template(by_epoch=True)

    def _checkpoint_meta(self) -> dict:
        return {'epoch': self.epoch + 1, 'iter': self.iter}

    def _checkpoint_counter(self) -> int:
        return self.epoch + 1

