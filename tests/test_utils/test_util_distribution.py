"""Device names and data-parallel wrappers at their MMOCR 0.x path."""
import pytest
import torch
from torch import nn

from mmocr.runner import MMDataParallel as RunnerDP
from mmocr.utils import (
    build_ddp,
    build_dp,
    get_device,
    is_mlu_available,
    is_npu_available,
)
from mmocr.utils.util_distribution import MMDataParallel


def test_get_device_follows_availability(monkeypatch):
    assert is_npu_available() is False and is_mlu_available() is False
    monkeypatch.setattr(torch.cuda, 'is_available', lambda: False)
    assert get_device() == 'cpu'
    monkeypatch.setattr(torch.cuda, 'is_available', lambda: True)
    assert get_device() == 'cuda'
    monkeypatch.setattr(torch, 'is_mlu_available', lambda: True, raising=False)
    monkeypatch.setattr(torch.cuda, 'is_available', lambda: False)
    assert is_mlu_available() and get_device() == 'mlu'


def test_build_dp_cpu_and_bad_arguments():
    model = build_dp(nn.Linear(2, 1), 'cpu', device_ids=[0])
    assert isinstance(model, MMDataParallel) and MMDataParallel is RunnerDP
    assert model(torch.ones(3, 2)).shape == (3, 1)
    with pytest.raises(AssertionError, match='one GPU'):
        build_dp(nn.Linear(2, 1), 'cuda', device_ids=[0, 1])
    with pytest.raises(ValueError, match='dim must be 0'):
        build_dp(nn.Linear(2, 1), 'cpu', 1)
    with pytest.raises(ValueError, match='extra arguments'):
        build_dp(nn.Linear(2, 1), 'cpu', output_device=0)
    with pytest.raises(ValueError, match="got 'tpu'"):
        build_dp(nn.Linear(2, 1), 'tpu')
    for fn in (build_dp, build_ddp):
        with pytest.raises(NotImplementedError, match="'mlu' needs"):
            fn(nn.Linear(2, 1), 'mlu')
