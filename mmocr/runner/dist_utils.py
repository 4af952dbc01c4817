"""Distributed set-up and model wrappers.

``init_dist(launcher, backend)`` reads the rank and world size that the
launcher put in the environment:

* ``pytorch``: torchrun / ``torch.distributed.run`` (``RANK``,
  ``LOCAL_RANK``, ``WORLD_SIZE``, ``MASTER_ADDR``, ``MASTER_PORT``);
* ``slurm``: ``SLURM_PROCID``, ``SLURM_NTASKS``, ``SLURM_NODELIST`` (the
  first host becomes ``MASTER_ADDR`` via ``scontrol``), port from the
  ``port`` argument, ``MASTER_PORT`` or 29500;
* ``mpi``: ``OMPI_COMM_WORLD_RANK``/``_LOCAL_RANK``/``_SIZE`` with
  ``MASTER_ADDR`` set by the user.

NCCL is used on GPUs; without CUDA the backend falls back to gloo.
"""
from __future__ import annotations

import os
import subprocess
import warnings
from typing import Any

import torch
import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel

from mmocr.datasets.collate import to_device
from mmocr.utils.device import model_device
from mmocr.utils.dist import barrier, get_dist_info, is_module_wrapper, master_only
from mmocr.utils.errors import InvalidValueError

__all__ = [
    'init_dist', 'get_dist_info', 'master_only', 'MMDataParallel',
    'MMDistributedDataParallel', 'revert_sync_batchnorm', 'get_device',
    'is_module_wrapper', 'barrier', 'destroy_dist'
]


def get_device() -> str:
    return 'cuda' if torch.cuda.is_available() else 'cpu'


def _resolve_backend(backend: str) -> str:
    if backend == 'nccl' and not torch.cuda.is_available():
        warnings.warn('NCCL needs CUDA, which is not available: using the gloo '
                      'backend', RuntimeWarning, stacklevel=3)
        return 'gloo'
    return backend


def _env_int(name: str, launcher: str) -> int:
    value = os.environ.get(name)
    if value is None:
        raise KeyError(f'launcher "{launcher}" needs the environment variable '
                       f'{name}; start the job with the matching launcher')
    return int(value)


def init_dist(launcher: str, backend: str = 'nccl', **kwargs: Any) -> None:
    """Initialise the default process group for ``launcher``.

    Args:
        launcher: ``'pytorch'``, ``'slurm'`` or ``'mpi'``.
        backend: ``'nccl'`` (falls back to ``'gloo'`` without CUDA), ``'gloo'``.
        kwargs: ``port`` for slurm/mpi; others go to ``init_process_group``.
    """
    if launcher not in ('pytorch', 'slurm', 'mpi'):
        raise InvalidValueError(f'unknown launcher "{launcher}"; use none, pytorch, '
                                'slurm or mpi')
    backend = _resolve_backend(backend)
    port = kwargs.pop('port', None)
    if launcher == 'pytorch':
        local_rank = _env_int('LOCAL_RANK', launcher)
        _env_int('RANK', launcher)
    elif launcher == 'slurm':
        proc_id = _env_int('SLURM_PROCID', launcher)
        ntasks = _env_int('SLURM_NTASKS', launcher)
        node_list = os.environ.get('SLURM_NODELIST')
        if node_list is None:
            raise KeyError('launcher "slurm" needs SLURM_NODELIST')
        num_gpus = torch.cuda.device_count()
        local_rank = (proc_id % num_gpus if num_gpus
                      else int(os.environ.get('SLURM_LOCALID', 0)))
        if 'MASTER_ADDR' not in os.environ:
            addr = subprocess.getoutput(
                f'scontrol show hostname {node_list} | head -n1').strip()
            os.environ['MASTER_ADDR'] = addr
        if port is not None:
            os.environ['MASTER_PORT'] = str(port)
        os.environ.setdefault('MASTER_PORT', '29500')
        os.environ['WORLD_SIZE'] = str(ntasks)
        os.environ['LOCAL_RANK'] = str(local_rank)
        os.environ['RANK'] = str(proc_id)
    else:
        rank = _env_int('OMPI_COMM_WORLD_RANK', launcher)
        local_rank = _env_int('OMPI_COMM_WORLD_LOCAL_RANK', launcher)
        world_size = _env_int('OMPI_COMM_WORLD_SIZE', launcher)
        if 'MASTER_ADDR' not in os.environ:
            raise KeyError('launcher "mpi" needs the environment variable '
                           'MASTER_ADDR')
        if port is not None:
            os.environ['MASTER_PORT'] = str(port)
        os.environ.setdefault('MASTER_PORT', '29500')
        os.environ['WORLD_SIZE'] = str(world_size)
        os.environ['RANK'] = str(rank)
        os.environ['LOCAL_RANK'] = str(local_rank)
    if backend == 'nccl':
        torch.cuda.set_device(local_rank % torch.cuda.device_count())
    dist.init_process_group(backend=backend, **kwargs)


def destroy_dist() -> None:
    """Wait for every rank, then shut the process group down (a rank that
    exits while others still use the group makes gloo abort)."""
    if dist.is_available() and dist.is_initialized():
        dist.barrier()
        dist.destroy_process_group()


class MMDataParallel(nn.Module):
    """Puts a model on one device and moves each batch there.

    ``forward``/``train_step``/``val_step`` take collated batches (see
    :mod:`mmocr.datasets.collate`); the wrapped model is ``.module``.
    """

    is_module_wrapper = True

    def __init__(self, module: nn.Module, device: str | torch.device = 'cpu'):
        super().__init__()
        self.device = torch.device(device)
        self.module = module.to(self.device)

    def forward(self, *args, **kwargs):
        return self.module(*to_device(args, self.device),
                           **to_device(kwargs, self.device))

    def train_step(self, data: dict, optimizer=None) -> dict:
        return self.module.train_step(to_device(data, self.device), optimizer)

    def val_step(self, data: dict, optimizer=None) -> dict:
        return self.module.val_step(to_device(data, self.device), optimizer)


class MMDistributedDataParallel(DistributedDataParallel):
    """DDP whose ``train_step`` goes through the synchronised ``forward``.

    ``train_step`` calls ``self(**data)`` (gradient reduction hooks run) and
    the wrapped model's ``parse_losses``: ``dict(loss, log_vars,
    num_samples)`` as :meth:`mmocr.models.base.BaseModel.train_step`.
    """

    @property
    def _batch_device(self) -> torch.device:
        return model_device(self.module)

    def forward(self, *args, **kwargs):
        device = self._batch_device
        return super().forward(*to_device(args, device),
                               **to_device(kwargs, device))

    def train_step(self, data: dict, optimizer=None) -> dict:
        losses = self(**data)
        loss, log_vars = self.module.parse_losses(losses)
        return dict(loss=loss, log_vars=log_vars,
                    num_samples=len(data['img_metas']))

    def val_step(self, data: dict, optimizer=None) -> dict:
        return self.train_step(data, optimizer)


def revert_sync_batchnorm(module: nn.Module) -> nn.Module:
    """Replace every ``SyncBatchNorm`` by an equivalent ``BatchNorm2d``.

    Used outside distributed runs and on CPU, where SyncBN cannot run.
    """
    result = module
    if isinstance(module, nn.SyncBatchNorm):
        result = nn.BatchNorm2d(module.num_features, module.eps,
                                module.momentum, module.affine,
                                module.track_running_stats)
        if module.affine:
            with torch.no_grad():
                result.weight = module.weight
                result.bias = module.bias
        result.running_mean = module.running_mean
        result.running_var = module.running_var
        result.num_batches_tracked = module.num_batches_tracked
        result.training = module.training
    for name, child in module.named_children():
        result.add_module(name, revert_sync_batchnorm(child))
    return result
