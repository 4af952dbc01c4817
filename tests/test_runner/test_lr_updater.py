"""LR policies and warmups against hand-computed values."""
from __future__ import annotations

import math
from types import SimpleNamespace

import pytest
import torch

from mmocr.runner.hooks import build_lr_hook


def _runner(lr=0.1, max_epochs=10, epoch_len=5):
    param = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.SGD([param], lr=lr)
    return SimpleNamespace(optimizer=optimizer, epoch=0, iter=0,
                           max_epochs=max_epochs,
                           max_iters=max_epochs * epoch_len,
                           data_loader=[None] * epoch_len)


def _lrs_by_iter(cfg, **runner_kwargs):
    """lr at every iteration of the run (epoch hooks called at epoch starts)."""
    runner = _runner(**runner_kwargs)
    hook = build_lr_hook(cfg)
    hook.before_run(runner)
    lrs = []
    epoch_len = len(runner.data_loader)
    for it in range(runner.max_iters):
        runner.iter, runner.epoch = it, it // epoch_len
        if it % epoch_len == 0:
            hook.before_train_epoch(runner)
        hook.before_train_iter(runner)
        lrs.append(runner.optimizer.param_groups[0]['lr'])
    return lrs


def test_poly_by_epoch():
    lrs = _lrs_by_iter(dict(policy='poly', power=0.9, min_lr=1e-4), lr=0.1,
                       max_epochs=4, epoch_len=2)
    expected = [(0.1 - 1e-4) * (1 - e / 4)**0.9 + 1e-4 for e in range(4)]
    assert lrs[::2] == pytest.approx(expected)
    assert lrs[1::2] == pytest.approx(expected)


def test_poly_by_iter():
    lrs = _lrs_by_iter(dict(policy='poly', power=2., by_epoch=False), lr=1.,
                       max_epochs=2, epoch_len=2)
    assert lrs == pytest.approx([1., 0.5625, 0.25, 0.0625])


def test_step_list_and_int():
    lrs = _lrs_by_iter(dict(policy='step', step=[2, 3], gamma=0.5), lr=0.8,
                       max_epochs=4, epoch_len=1)
    assert lrs == pytest.approx([0.8, 0.8, 0.4, 0.2])
    lrs = _lrs_by_iter(dict(policy='Step', step=2, min_lr=0.05), lr=1.,
                       max_epochs=6, epoch_len=1)
    assert lrs == pytest.approx([1., 1., 0.1, 0.1, 0.05, 0.05])


def test_fixed_and_empty_step():
    assert _lrs_by_iter(dict(policy='fixed'), lr=0.3, max_epochs=3,
                        epoch_len=1) == pytest.approx([0.3] * 3)
    assert _lrs_by_iter(dict(policy='step', step=[]), lr=1.0, max_epochs=2,
                        epoch_len=1) == pytest.approx([1.0, 1.0])


def test_cosine_annealing():
    lrs = _lrs_by_iter(dict(policy='CosineAnnealing', min_lr=0.), lr=1.,
                       max_epochs=4, epoch_len=1)
    assert lrs == pytest.approx([1., (math.cos(math.pi / 4) + 1) / 2, 0.5,
                                 (math.cos(3 * math.pi / 4) + 1) / 2])
    lrs = _lrs_by_iter(dict(policy='CosineAnnealing', min_lr_ratio=0.5,
                            by_epoch=False), lr=2., max_epochs=1, epoch_len=2)
    assert lrs == pytest.approx([2., 1.5])
    with pytest.raises(ValueError, match='exactly one'):
        build_lr_hook(dict(policy='CosineAnnealing', min_lr=0., min_lr_ratio=0.1))


def test_one_cycle():
    # total 10 iters, pct 0.3: rises over iters 0..2 (end_iter = 2), falls
    # over 2..9 to max_lr / 25 / 1e4.
    lrs = _lrs_by_iter(dict(policy='OneCycle', max_lr=2.5, pct_start=0.3,
                            anneal_strategy='linear'), lr=0.1, max_epochs=1,
                       epoch_len=10)
    base = 2.5 / 25
    final = base / 1e4
    assert lrs[0] == pytest.approx(base)
    assert lrs[1] == pytest.approx(base + (2.5 - base) / 2)
    assert lrs[2] == pytest.approx(2.5)
    assert lrs[9] == pytest.approx(final)
    assert lrs[5] == pytest.approx(2.5 + (final - 2.5) * 3 / 7)
    with pytest.raises(ValueError, match='by_epoch'):
        build_lr_hook(dict(policy='OneCycle', max_lr=1., by_epoch=True))


@pytest.mark.parametrize('warmup, expected', [
    ('constant', [0.1, 0.1, 0.1, 1., 1., 1.]),
    ('linear', [0.1, 0.4, 0.7, 1., 1., 1.]),
    ('exp', [0.1, 0.1**(2 / 3), 0.1**(1 / 3), 1., 1., 1.]),
])
def test_warmup_by_iter(warmup, expected):
    lrs = _lrs_by_iter(dict(policy='fixed', warmup=warmup, warmup_iters=3,
                            warmup_ratio=0.1), lr=1., max_epochs=2,
                       epoch_len=3)
    assert lrs == pytest.approx(expected)


def test_warmup_by_epoch_with_step_policy():
    # warmup over the first epoch (2 iters), then step decay at epoch 2.
    lrs = _lrs_by_iter(dict(policy='step', step=[2], warmup='linear',
                            warmup_iters=1, warmup_ratio=0.5,
                            warmup_by_epoch=True), lr=1., max_epochs=3,
                       epoch_len=2)
    assert lrs == pytest.approx([0.5, 0.75, 1., 1., 0.1, 0.1])


def test_bad_lr_configs():
    with pytest.raises(KeyError, match='unknown policy "polly"'):
        build_lr_hook(dict(policy='polly'))
    with pytest.raises(ValueError, match='warmup'):
        build_lr_hook(dict(policy='fixed', warmup='cubic', warmup_iters=2))
    with pytest.raises(ValueError, match='warmup_ratio'):
        build_lr_hook(dict(policy='fixed', warmup='linear', warmup_iters=2,
                           warmup_ratio=0))
