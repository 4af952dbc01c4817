"""A tiny registered model, dataset and hooks for runner/tool tests.

Importable by training subprocesses through ``custom_imports`` (the tests
put this folder on ``PYTHONPATH``). Everything is small enough to train in
well under a second.
"""
from __future__ import annotations

import os
import os.path as osp
import signal
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import Dataset

from mmocr.datasets.collate import DataContainer
from mmocr.models.base import BaseModel
from mmocr.registry import DATASETS, HOOKS, MODELS
from mmocr.runner import Hook, get_dist_info


@MODELS.register_module(force=True)
class ToyRegressor(BaseModel):
    """``img (N, 3, H, W) -> value (N, 1)``; dropout makes training use the
    torch RNG, so resumed runs only match when RNG states are restored."""

    def __init__(self, dropout: float = 0.2, train_cfg=None, test_cfg=None,
                 init_cfg=None):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.bn = nn.BatchNorm2d(4)
        self.drop = nn.Dropout(dropout)
        self.fc = nn.Linear(4, 1)

    def _predict(self, img: torch.Tensor) -> torch.Tensor:
        feat = F.relu(self.bn(self.conv(img))).mean(dim=(2, 3))
        return self.fc(self.drop(feat))

    def forward_train(self, img, img_metas, gt_value=None, **kwargs):
        return dict(loss_mse=F.mse_loss(self._predict(img), gt_value))

    def simple_test(self, img, img_metas, **kwargs):
        pred = self._predict(img)[:, 0]
        return [dict(value=float(p), idx=m['idx']) for p, m in zip(pred, img_metas)]


@DATASETS.register_module(force=True)
class ToyRegressionDataset(Dataset):
    """``num_samples`` random 3x8x8 images; target: twice their mean.

    Training samples get numpy-RNG noise (an "augmentation"). ``evaluate``
    checks that result ``i`` belongs to sample ``i``.
    """

    CLASSES = ('value',)

    def __init__(self, num_samples: int = 8, seed: int = 0,
                 test_mode: bool = False, pipeline=None):
        rng = np.random.RandomState(seed)
        self.imgs = rng.rand(num_samples, 3, 8, 8).astype(np.float32)
        self.values = (self.imgs.mean(axis=(1, 2, 3)) * 2).astype(np.float32)
        self.test_mode = test_mode

    def __len__(self) -> int:
        return len(self.imgs)

    def __getitem__(self, idx: int) -> dict:
        img = self.imgs[idx]
        if not self.test_mode:
            img = img + np.random.rand(*img.shape).astype(np.float32) * 0.01
        meta = dict(idx=idx, filename=f'{idx}.png', ori_filename=f'{idx}.png',
                    img_shape=(8, 8, 3), ori_shape=(8, 8, 3))
        return dict(img=DataContainer(torch.from_numpy(img), stack=True),
                    img_metas=DataContainer(meta, cpu_only=True),
                    gt_value=DataContainer(torch.tensor([self.values[idx]]),
                                           stack=True))

    def evaluate(self, results, metric='mae', logger=None) -> dict:
        if len(results) != len(self):
            raise ValueError(f'{len(results)} results for {len(self)} samples')
        order = [r['idx'] for r in results]
        if order != list(range(len(self))):
            raise ValueError(f'results out of order: {order}')
        mae = float(np.mean([abs(r['value'] - v)
                             for r, v in zip(results, self.values)]))
        return dict(accuracy=1.0 - mae, mae=mae)


@HOOKS.register_module(force=True)
class SelfKillHook(Hook):
    """SIGKILLs its own process before training iteration ``at_iter``."""

    def __init__(self, at_iter: int):
        self.at_iter = at_iter

    def before_train_iter(self, runner) -> None:
        if runner.iter == self.at_iter:
            os.kill(os.getpid(), signal.SIGKILL)


@HOOKS.register_module(force=True)
class SlowIterHook(Hook):
    """Makes every training iteration take at least ``seconds`` longer."""

    def __init__(self, seconds: float):
        self.seconds = seconds

    def after_train_iter(self, runner) -> None:
        time.sleep(self.seconds)


@HOOKS.register_module(force=True)
class DumpRankWeightsHook(Hook):
    """Saves each rank's final weights as ``<work_dir>/rank_<r>.pth``."""

    def after_run(self, runner) -> None:
        rank, _ = get_dist_info()
        model = getattr(runner.model, 'module', runner.model)
        torch.save(model.state_dict(), osp.join(runner.work_dir, f'rank_{rank}.pth'))


TOY_DIR = osp.dirname(osp.abspath(__file__))
REPO_ROOT = osp.dirname(osp.dirname(TOY_DIR))

TOY_CONFIG = """\
custom_imports = dict(imports=['runner_toy_modules'], allow_failed_imports=False)
model = dict(type='ToyRegressor')
data = dict(
    samples_per_gpu=2,
    workers_per_gpu=0,
    test_dataloader=dict(samples_per_gpu=2),
    train=dict(type='ToyRegressionDataset', num_samples=8),
    val=dict(type='ToyRegressionDataset', num_samples=5, seed=1),
    test=dict(type='ToyRegressionDataset', num_samples=5, seed=1))
optimizer = dict(type='SGD', lr=0.05, momentum=0.9, weight_decay=1e-4)
optimizer_config = dict(grad_clip=dict(max_norm=10))
lr_config = dict(policy='step', step=[2])
runner = dict(type='EpochBasedRunner', max_epochs=3)
checkpoint_config = dict(interval=1)
log_config = dict(interval=2, hooks=[dict(type='TextLoggerHook')])
evaluation = dict(interval=1, metric='mae', save_best='auto')
workflow = [('train', 1)]
dist_params = dict(backend='nccl')
log_level = 'INFO'
load_from = None
resume_from = None
seed = 0
"""


def write_toy_config(folder: str, name: str = 'toy_cfg.py', extra: str = '') -> str:
    """Write the toy config (plus ``extra`` lines) and return its path."""
    path = osp.join(folder, name)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(TOY_CONFIG + extra)
    return path


def toy_env() -> dict:
    """Environment for tool subprocesses: this folder importable, one thread."""
    env = dict(os.environ)
    env['PYTHONPATH'] = os.pathsep.join(
        p for p in (TOY_DIR, REPO_ROOT, env.get('PYTHONPATH')) if p)
    env['OMP_NUM_THREADS'] = '1'
    env.pop('MMOCR_DEBUG', None)
    return env
