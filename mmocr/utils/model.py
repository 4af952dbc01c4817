"""Model surgery helpers (MMOCR 0.x ``mmocr.utils.model``)."""
from __future__ import annotations

import torch
from torch import nn

from mmocr.utils.errors import InvalidValueError

__all__ = ['BatchNormXd', 'revert_sync_batchnorm']


class BatchNormXd(nn.modules.batchnorm._BatchNorm):
    """Batch normalisation over any input rank (N, C, ...).

    ``SyncBatchNorm`` accepts 2-D to 5-D inputs; its replacement must too,
    so the per-rank input check of ``BatchNorm1d/2d/3d`` is left out.
    """

    def _check_input_dim(self, input: torch.Tensor) -> None:
        if input.dim() < 2:
            raise InvalidValueError(f'BatchNormXd expects (N, C, ...) input, '
                                    f'got {input.dim()}-D')


def revert_sync_batchnorm(module: nn.Module) -> nn.Module:
    """Replace every ``SyncBatchNorm`` in ``module`` by a :class:`BatchNormXd`
    holding the same parameters, statistics and train/eval mode.

    Used outside distributed runs and on the CPU, where SyncBN cannot run.

    Returns:
        The converted module (``module`` itself, changed in place, unless it
        is a ``SyncBatchNorm``).
    """
    result = module
    if isinstance(module, nn.SyncBatchNorm):
        result = BatchNormXd(module.num_features, module.eps, module.momentum,
                             module.affine, module.track_running_stats)
        if module.affine:
            with torch.no_grad():
                result.weight = module.weight
                result.bias = module.bias
        result.running_mean = module.running_mean
        result.running_var = module.running_var
        result.num_batches_tracked = module.num_batches_tracked
        result.training = module.training
        if hasattr(module, 'qconfig'):
            result.qconfig = module.qconfig
    for name, child in module.named_children():
        result.add_module(name, revert_sync_batchnorm(child))
    return result
