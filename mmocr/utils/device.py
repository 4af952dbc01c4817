"""Which device a model is on; moving a nested batch to a device."""
from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

import torch
from torch import nn

from mmocr.utils.errors import InvalidTypeError

__all__ = ['model_device', 'to_device']


def model_device(model: nn.Module) -> torch.device:
    """The device of ``model``'s first parameter, else of its first buffer,
    else the CPU (a module without tensors runs wherever its input is).

    A wrapper that is not itself a module but holds one as ``.module``
    (a data-parallel wrapper, an ONNX/TensorRT wrapper's model) is looked
    through.
    """
    while not isinstance(model, nn.Module) and hasattr(model, 'module'):
        model = model.module
    if not isinstance(model, nn.Module):
        raise InvalidTypeError(f'model_device needs a torch.nn.Module, got '
                               f'{type(model).__name__}')
    tensor = next(itertools.chain(model.parameters(), model.buffers()), None)
    return tensor.device if tensor is not None else torch.device('cpu')


def to_device(data: Any, device: torch.device | str) -> Any:
    """Move every tensor in a nested batch (dicts, lists, tuples) to
    ``device``; other values are returned as they are."""
    if isinstance(data, torch.Tensor):
        return data.to(device, non_blocking=True)
    if isinstance(data, Mapping):
        return {k: to_device(v, device) for k, v in data.items()}
    if isinstance(data, list):
        return [to_device(v, device) for v in data]
    if isinstance(data, tuple):
        return tuple(to_device(v, device) for v in data)
    return data
