"""build_optimizer and paramwise_cfg."""
from __future__ import annotations

import pytest
import torch
from torch import nn

from mmocr.runner import build_optimizer


class _Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4))
        self.dw = nn.Conv2d(4, 4, 3, groups=4, bias=False)
        self.head = nn.Linear(4, 2)


def _groups_by_param(model, optimizer):
    names = {id(p): n for n, p in model.named_parameters()}
    return {names[id(g['params'][0])]: g for g in optimizer.param_groups}


def test_plain_optimizer_any_torch_class():
    model = _Net()
    opt = build_optimizer(model, dict(type='AdamW', lr=1e-3, weight_decay=0.01))
    assert isinstance(opt, torch.optim.AdamW)
    assert len(opt.param_groups) == 1
    assert opt.param_groups[0]['lr'] == 1e-3
    with pytest.raises(KeyError, match='Adamm.*Did you mean'):
        build_optimizer(model, dict(type='Adamm', lr=1e-3))


def test_paramwise_cfg_multipliers():
    model = _Net()
    cfg = dict(type='SGD', lr=0.1, momentum=0.9, weight_decay=1e-2,
               paramwise_cfg=dict(norm_decay_mult=0., bias_decay_mult=0.5,
                                  bias_lr_mult=2., dwconv_decay_mult=0.1,
                                  custom_keys={'head': dict(lr_mult=0.1,
                                                            decay_mult=3.)}))
    groups = _groups_by_param(model, build_optimizer(model, cfg))
    assert len(groups) == 7
    conv_w = groups['backbone.0.weight']
    assert conv_w['lr'] == pytest.approx(0.1)
    assert conv_w['weight_decay'] == pytest.approx(1e-2)
    conv_b = groups['backbone.0.bias']
    assert conv_b['lr'] == pytest.approx(0.2)
    assert conv_b['weight_decay'] == pytest.approx(5e-3)
    for name in ('backbone.1.weight', 'backbone.1.bias'):
        assert groups[name]['weight_decay'] == 0.
        assert groups[name]['lr'] == pytest.approx(0.1)
    assert groups['dw.weight']['weight_decay'] == pytest.approx(1e-3)
    for name in ('head.weight', 'head.bias'):  # custom keys win
        assert groups[name]['lr'] == pytest.approx(0.01)
        assert groups[name]['weight_decay'] == pytest.approx(3e-2)


def test_custom_keys_longest_match_and_frozen_params():
    model = _Net()
    model.backbone[0].weight.requires_grad_(False)
    cfg = dict(type='SGD', lr=1., paramwise_cfg=dict(custom_keys={
        'backbone': dict(lr_mult=0.5), 'backbone.1': dict(lr_mult=0.25)}))
    groups = _groups_by_param(model, build_optimizer(model, cfg))
    assert groups['backbone.0.bias']['lr'] == 0.5
    assert groups['backbone.1.weight']['lr'] == 0.25
    assert groups['backbone.0.weight']['lr'] == 1.  # frozen: untouched


def test_bad_paramwise_key():
    with pytest.raises(KeyError, match='norm_decay_mul'):
        build_optimizer(_Net(), dict(type='SGD', lr=1.,
                                     paramwise_cfg=dict(norm_decay_mul=0.)))
