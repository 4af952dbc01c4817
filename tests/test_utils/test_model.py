import pytest
import torch
from torch import nn

from mmocr.runner import revert_sync_batchnorm as runner_revert
from mmocr.utils import revert_sync_batchnorm
from mmocr.utils.model import BatchNormXd


def test_revert_sync_batchnorm_keeps_state_and_any_rank():
    assert runner_revert is revert_sync_batchnorm
    model = nn.Sequential(nn.Conv1d(2, 3, 1), nn.SyncBatchNorm(3))
    sync = model[1]
    with torch.no_grad():
        sync.weight.fill_(2.0)
        sync.running_mean.fill_(0.5)
    model.eval()
    out = revert_sync_batchnorm(model)
    bn = out[1]
    assert type(bn) is BatchNormXd and not bn.training
    assert bn.weight is sync.weight and torch.all(bn.running_mean == 0.5)
    # 3-D input (what BatchNorm2d would reject) runs
    assert out(torch.ones(4, 2, 5)).shape == (4, 3, 5)
    with pytest.raises(ValueError, match='expects'):
        bn(torch.ones(3))
