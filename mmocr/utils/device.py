"""Which device a model is on."""
from __future__ import annotations

import itertools

import torch
from torch import nn

from mmocr.utils.errors import InvalidTypeError

__all__ = ['model_device']


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
