"""train_detector / single_gpu_test in process, data loader building and
the rank-result gathering order."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'test_runner'))
from runner_toy_modules import ToyRegressionDataset, ToyRegressor  # noqa: E402

from mmocr.apis import single_gpu_test, train_detector  # noqa: E402
from mmocr.apis.test import _interleave  # noqa: E402
from mmocr.apis.train import _optimizer_hook  # noqa: E402
from mmocr.apis.utils import disable_text_recog_aug_test  # noqa: E402
from mmocr.datasets.builder import (  # noqa: E402
    ConcatDataset,
    RepeatDataset,
    build_dataloader,
    build_dataset,
)
from mmocr.registry import UnknownKeyError  # noqa: E402
from mmocr.runner import MMDataParallel  # noqa: E402
from mmocr.runner.hooks import (  # noqa: E402
    Fp16OptimizerHook,
    OptimizerHook,
    set_loader_epoch,
)
from mmocr.utils import Config  # noqa: E402


def _cfg(work_dir, **overrides):
    cfg = dict(
        model=dict(type='ToyRegressor'),
        data=dict(samples_per_gpu=2, workers_per_gpu=0,
                  train_dataloader=dict(samples_per_gpu=3, drop_last=True),
                  val_dataloader=dict(samples_per_gpu=2),
                  train=dict(type='ToyRegressionDataset', num_samples=7),
                  val=dict(type='ToyRegressionDataset', num_samples=3, seed=1)),
        optimizer=dict(type='Adam', lr=1e-2),
        optimizer_config=dict(grad_clip=None),
        lr_config=dict(policy='fixed'),
        total_epochs=2,
        checkpoint_config=dict(interval=1),
        log_config=dict(interval=1, hooks=[dict(type='TextLoggerHook')]),
        evaluation=dict(interval=1, metric='mae'),
        workflow=[('train', 1)], seed=0, work_dir=str(work_dir),
        gpu_ids=[0], load_from=None, resume_from=None)
    cfg.update(overrides)
    return Config(cfg)


def test_train_detector_total_epochs_and_validation(tmp_path):
    cfg = _cfg(tmp_path)
    with pytest.warns(UserWarning, match='total_epochs is deprecated'):
        train_detector(ToyRegressor(), build_dataset(cfg.data.train), cfg,
                       validate=True, timestamp='t')
    assert sorted(f for f in os.listdir(tmp_path) if f.endswith('.pth')) == [
        'epoch_1.pth', 'epoch_2.pth', 'latest.pth']
    logs = (tmp_path / 't.log.json').read_text().splitlines()
    # train_dataloader: batch 3, drop_last -> 2 iterations per epoch
    assert sum('"mode": "train"' in line for line in logs) == 4
    assert sum('"mode": "val"' in line for line in logs) == 2
    ckpt = torch.load(tmp_path / 'latest.pth', weights_only=True)
    assert ckpt['meta']['iter'] == 4

    # load_from starts a new run from those weights (epoch 0).
    cfg2 = _cfg(tmp_path / 'second', load_from=str(tmp_path / 'latest.pth'),
                runner=dict(type='EpochBasedRunner', max_epochs=1))
    del cfg2['total_epochs']
    train_detector(ToyRegressor(), build_dataset(cfg2.data.train), cfg2,
                   timestamp='t')
    assert (tmp_path / 'second' / 'epoch_1.pth').is_file()


def test_train_detector_config_errors(tmp_path):
    cfg = _cfg(tmp_path, runner=dict(type='EpochBasedRunner', max_epochs=3))
    with pytest.raises(ValueError, match='total_epochs .* differ'):
        train_detector(ToyRegressor(), build_dataset(cfg.data.train), cfg)
    cfg = _cfg(tmp_path, lr_config=dict(policy='poyl'))
    del cfg['total_epochs']
    cfg.runner = dict(type='EpochBasedRunner', max_epochs=1)
    with pytest.raises(KeyError, match='unknown policy "poyl"'):
        train_detector(ToyRegressor(), build_dataset(cfg.data.train), cfg)


def test_single_gpu_test_order_and_batching():
    dataset = ToyRegressionDataset(5, test_mode=True)
    loader = build_dataloader(dataset, 2, 0, shuffle=False)
    results = single_gpu_test(MMDataParallel(ToyRegressor()), loader)
    assert [r['idx'] for r in results] == list(range(5))
    assert set(dataset.evaluate(results)) == {'accuracy', 'mae'}


def test_interleave_removes_sampler_padding():
    # 5 samples on 2 ranks: rank 0 gets 0, 2, 4; rank 1 gets 1, 3, 0 (padding)
    assert _interleave([[0, 2, 4], [1, 3, 0]], 5) == [0, 1, 2, 3, 4]
    assert _interleave([[0, 3], [1, 4], [2, 0]], 5) == [0, 1, 2, 3, 4]


def _order(loader):
    return [m['idx'] for batch in loader for m in batch['img_metas']]


def test_build_dataloader_seeded_per_epoch():
    dataset = ToyRegressionDataset(6, test_mode=True)
    loader = build_dataloader(dataset, 2, 0, seed=3)
    set_loader_epoch(loader, 0)
    first = _order(loader)
    set_loader_epoch(loader, 1)
    second = _order(loader)
    assert sorted(first) == list(range(6)) and first != second
    other = build_dataloader(dataset, 2, 0, seed=3)
    set_loader_epoch(other, 1)
    assert _order(other) == second  # same seed + epoch -> same order
    assert _order(build_dataloader(dataset, 4, 0, shuffle=False)) == list(range(6))
    with pytest.raises(TypeError, match='bad data loader option'):
        build_dataloader(dataset, 2, 0, prefetch_factorr=2)


def test_build_dataset_wrappers():
    cfg = dict(type='ToyRegressionDataset', num_samples=3, test_mode=True)
    concat = build_dataset([cfg, dict(cfg, num_samples=2)])
    assert isinstance(concat, ConcatDataset) and len(concat) == 5
    assert concat.CLASSES == ('value',)
    repeat = build_dataset(dict(type='RepeatDataset', times=3, dataset=cfg))
    assert isinstance(repeat, RepeatDataset) and len(repeat) == 9
    assert repeat[4]['img_metas'].data['idx'] == 1
    concat2 = build_dataset(dict(type='ConcatDataset', datasets=[cfg, cfg]))
    results = [dict(value=0., idx=i) for i in range(3)] * 2
    metrics = concat2.evaluate(results)
    assert set(metrics) == {'0_accuracy', '0_mae', '1_accuracy', '1_mae'}
    with pytest.raises(KeyError, match='not registered in registry "dataset"'):
        build_dataset(dict(type='NoSuchDataset'))


def test_disable_text_recog_aug_test():
    aug = dict(type='MultiRotateAugOCR', rotate_degrees=[0, 90],
               transforms=[dict(type='Resize'), dict(type='Collect')])
    cfg = Config(dict(data=dict(test=dict(type='UniformConcatDataset',
                                          datasets=[dict(type='OCRDataset')],
                                          pipeline=[dict(type='Load'), aug]))))
    out = disable_text_recog_aug_test(cfg)
    assert [s['type'] for s in out.data.test.pipeline] == ['Load', 'Resize', 'Collect']
    assert cfg.data.test.pipeline[1]['type'] == 'MultiRotateAugOCR'  # a copy


@pytest.mark.parametrize('amp, expected', [
    (dict(), torch.bfloat16),             # 'bf16 = dict()' turns it on
    (dict(dtype='bfloat16'), torch.bfloat16),
    (True, torch.bfloat16),               # --cfg-options bf16=True
    (None, None),                          # absent or None: float32
    (False, None),
])
def test_bf16_config_key_sets_autocast(tmp_path, amp, expected):
    cfg = Config(dict(optimizer_config=dict(grad_clip=dict(max_norm=5)),
                      bf16=amp))
    hook = _optimizer_hook(cfg, distributed=False)
    if expected is None:
        assert type(hook) is OptimizerHook
    else:
        assert isinstance(hook, Fp16OptimizerHook)
        assert hook.dtype == expected
        assert hook.grad_clip == dict(max_norm=5)


def test_mixed_precision_value_of_the_wrong_kind_is_named():
    # '--cfg-options bf16={}' gives the string '{}': an error, not "on".
    cfg = Config(dict(optimizer_config=dict(), bf16='{}'))
    with pytest.raises(AssertionError, match=r"bf16 must be a dict .* got '\{\}'"):
        _optimizer_hook(cfg, distributed=False)


def test_unknown_mixed_precision_key_is_named():
    cfg = Config(dict(optimizer_config=dict(), bf16=dict(bogus=1)))
    with pytest.raises(UnknownKeyError, match="bogus") as info:
        _optimizer_hook(cfg, distributed=False)
    assert info.value.path == ['bf16', 'bogus']
    assert set(info.value.accepted) == {'dtype', 'loss_scale'}
