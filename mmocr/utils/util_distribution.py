"""Devices and data-parallel wrappers (MMOCR 0.x ``util_distribution``).

:class:`MMDataParallel` puts a model on one device and moves each batch
there; :class:`MMDistributedDataParallel` is torch's DDP with the runner's
``train_step``/``val_step``. :func:`build_dp` and :func:`build_ddp` wrap a
model for a device type by name, as MMOCR 0.x's tools do
(``build_dp(model, cfg.device, device_ids=cfg.gpu_ids)``).

Only CUDA and the CPU are available here: Ascend NPUs and Cambricon MLUs
need their vendors' torch builds and mmcv's wrappers for them, so those
device types raise ``NotImplementedError``.
"""
from __future__ import annotations

from typing import Any

import torch
from torch import nn
from torch.nn.parallel import DistributedDataParallel

from mmocr.utils.device import model_device, to_device
from mmocr.utils.errors import InvalidValueError

__all__ = [
    'MMDataParallel', 'MMDistributedDataParallel', 'build_dp', 'build_ddp',
    'get_device', 'is_npu_available', 'is_mlu_available'
]


def is_npu_available() -> bool:
    """Whether an Ascend NPU is usable (``torch.npu``, from ``torch_npu``)."""
    return hasattr(torch, 'npu') and bool(torch.npu.is_available())


def is_mlu_available() -> bool:
    """Whether a Cambricon MLU is usable (``torch.is_mlu_available``)."""
    return hasattr(torch, 'is_mlu_available') and bool(torch.is_mlu_available())


def get_device() -> str:
    """The device type to run on: ``'npu'``, ``'cuda'`` or ``'mlu'`` when
    available (in that order), else ``'cpu'``."""
    if is_npu_available():
        return 'npu'
    if torch.cuda.is_available():
        return 'cuda'
    if is_mlu_available():
        return 'mlu'
    return 'cpu'


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


def _check_device(device: str, allowed: tuple[str, ...]) -> None:
    if device in ('npu', 'mlu'):
        raise NotImplementedError(
            f'device {device!r} needs its vendor build of torch and mmcv\'s '
            f'{device.upper()} wrappers, which this package does not ship; '
            f'use one of {allowed}')
    if device not in allowed:
        raise InvalidValueError(f'device must be one of {allowed}, got '
                                f'{device!r}')


def build_dp(model: nn.Module, device: str = 'cuda', dim: int = 0, *args: Any,
             **kwargs: Any) -> MMDataParallel:
    """Wrap ``model`` for single-process running on ``device``.

    Args:
        model: The model.
        device: ``'cuda'`` or ``'cpu'`` (MMOCR 0.x's names; ``'npu'`` and
            ``'mlu'`` raise ``NotImplementedError``).
        dim: The batch dimension (MMOCR 0.x scatters along it). It must be
            0: one device holds the whole batch, nothing is split.
        kwargs: ``device_ids``: the GPU to use, as a one-element list
            (default ``[0]``); one process drives one GPU.

    Returns:
        An :class:`MMDataParallel` holding ``model`` on the device.
    """
    _check_device(device, ('cuda', 'cpu'))
    device_ids = kwargs.pop('device_ids', None)
    if dim != 0:
        raise InvalidValueError(f'dim must be 0 (the batch is not scattered), '
                                f'got {dim}')
    if args or kwargs:
        raise InvalidValueError(
            f'build_dp takes model, device, dim and device_ids; got extra '
            f'arguments {list(args) + sorted(kwargs)}')
    if device == 'cpu':
        return MMDataParallel(model, 'cpu')
    device_ids = list(device_ids) if device_ids is not None else [0]
    if len(device_ids) != 1:
        raise InvalidValueError(
            f'non-distributed running uses one GPU, got device_ids='
            f'{device_ids}; use tools/dist_train.sh (dist_test.sh) for several')
    return MMDataParallel(model, f'cuda:{device_ids[0]}')


def build_ddp(model: nn.Module, device: str = 'cuda', *args: Any,
              **kwargs: Any) -> MMDistributedDataParallel:
    """Wrap ``model`` for distributed running (one process per device).

    Args:
        model: The model; for ``'cuda'`` moved to ``device_ids[0]`` (else
            to the current CUDA device).
        device: ``'cuda'`` or ``'cpu'`` (gloo); ``'npu'`` and ``'mlu'``
            raise ``NotImplementedError``.
        args, kwargs: Passed to :class:`MMDistributedDataParallel` (torch's
            ``DistributedDataParallel``: ``device_ids``,
            ``broadcast_buffers``, ``find_unused_parameters``, ...).

    Returns:
        The :class:`MMDistributedDataParallel` wrapper.
    """
    _check_device(device, ('cuda', 'cpu'))
    if device == 'cuda':
        device_ids = kwargs.get('device_ids')
        model = model.cuda(device_ids[0] if device_ids else None)
    return MMDistributedDataParallel(model, *args, **kwargs)
