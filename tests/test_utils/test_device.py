import pytest
import torch
from torch import nn

from mmocr.utils.device import model_device


def test_parameters_buffers_and_nothing():
    assert model_device(nn.Linear(2, 2)) == torch.device('cpu')
    assert model_device(nn.Linear(2, 2).to('meta')) == torch.device('meta')
    bn = nn.BatchNorm1d(2, affine=False).to('meta')  # buffers only
    assert model_device(bn) == torch.device('meta')
    assert model_device(nn.ReLU()) == torch.device('cpu')


def test_wrappers():
    class Holder:  # not a module, holds one
        def __init__(self, module):
            self.module = module

    inner = nn.Linear(2, 2).to('meta')
    assert model_device(Holder(Holder(inner))) == torch.device('meta')
    assert model_device(nn.DataParallel(inner)) == torch.device('meta')
    with pytest.raises(TypeError, match='Module, got int'):
        model_device(3)
