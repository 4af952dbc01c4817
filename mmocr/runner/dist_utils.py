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

The model wrappers, ``get_device`` and ``revert_sync_batchnorm`` live in
:mod:`mmocr.utils.util_distribution` and :mod:`mmocr.utils.model` (their
MMOCR 0.x homes) and are re-exported here.
"""
from __future__ import annotations

import os
import subprocess
import warnings
from typing import Any

import torch
import torch.distributed as dist

from mmocr.utils.dist import barrier, get_dist_info, is_module_wrapper, master_only
from mmocr.utils.errors import InvalidValueError
from mmocr.utils.model import revert_sync_batchnorm
from mmocr.utils.util_distribution import (
    MMDataParallel,
    MMDistributedDataParallel,
    get_device,
)

__all__ = [
    'init_dist', 'get_dist_info', 'master_only', 'MMDataParallel',
    'MMDistributedDataParallel', 'revert_sync_batchnorm', 'get_device',
    'is_module_wrapper', 'barrier', 'destroy_dist'
]


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
