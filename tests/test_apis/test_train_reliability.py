"""train_model: a fatal error reaches the work dir's log file, and
auto-resume falls back past an unreadable latest.pth."""
from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'test_runner'))
from runner_toy_modules import ToyRegressor  # noqa: E402

from mmocr.apis import train_detector, train_model  # noqa: E402
from mmocr.datasets.builder import build_dataset  # noqa: E402
from mmocr.models import build_detector, build_model  # noqa: E402
from mmocr.utils import Config, get_root_logger  # noqa: E402


def _cfg(work_dir, **overrides):
    cfg = dict(
        model=dict(type='ToyRegressor'),
        data=dict(samples_per_gpu=2, workers_per_gpu=0,
                  train=dict(type='ToyRegressionDataset', num_samples=4)),
        optimizer=dict(type='SGD', lr=1e-2),
        optimizer_config=dict(grad_clip=None),
        lr_config=dict(policy='fixed'),
        runner=dict(type='EpochBasedRunner', max_epochs=2),
        checkpoint_config=dict(interval=1),
        log_config=dict(interval=1, hooks=[]),
        workflow=[('train', 1)], seed=0, work_dir=str(work_dir),
        gpu_ids=[0], load_from=None, resume_from=None)
    cfg.update(overrides)
    return Config(cfg)


class _Records(logging.Handler):
    def __init__(self):
        super().__init__()
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.fixture
def mmocr_log():
    logger = get_root_logger()
    handler = _Records()
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


class _Exploding(ToyRegressor):
    def train_step(self, data, optimizer=None):
        raise RuntimeError('loss exploded in the toy model')


def test_task_neutral_names_are_the_0x_functions():
    assert train_detector is train_model and build_detector is build_model


def test_fatal_training_error_reaches_the_log_file(tmp_path):
    log_file = tmp_path / 'run.log'
    logger = get_root_logger(log_file=str(log_file))
    cfg = _cfg(tmp_path)
    try:
        with pytest.raises(RuntimeError, match='loss exploded'):
            train_model(_Exploding(), build_dataset(cfg.data.train), cfg)
    finally:
        for handler in list(logger.handlers):
            if isinstance(handler, logging.FileHandler) and \
                    handler.baseFilename == str(log_file):
                handler.close()
                logger.removeHandler(handler)
    text = log_file.read_text()
    assert 'training failed: RuntimeError: loss exploded' in text
    assert 'Traceback (most recent call last)' in text
    assert 'train_step' in text


def test_auto_resume_falls_back_to_newest_loadable(tmp_path, mmocr_log):
    cfg = _cfg(tmp_path)
    train_model(ToyRegressor(), build_dataset(cfg.data.train), cfg)
    latest = tmp_path / 'latest.pth'
    latest.unlink()  # a hard link to epoch_2.pth: corrupt a copy of its own
    latest.write_bytes((tmp_path / 'epoch_2.pth').read_bytes()[:100])

    cfg = _cfg(tmp_path, runner=dict(type='EpochBasedRunner', max_epochs=3),
               auto_resume=True)
    train_model(ToyRegressor(), build_dataset(cfg.data.train), cfg)
    resumed = [m for m in mmocr_log.messages if m.startswith('auto-resume')]
    assert any(str(latest) in m and 'corrupt or truncated' in m
               for m in resumed), resumed
    assert any(f'resumed from {tmp_path / "epoch_2.pth"}' in m
               for m in resumed), resumed
    meta = torch.load(tmp_path / 'epoch_3.pth', weights_only=True)['meta']
    assert meta['epoch'] == 3


def test_auto_resume_with_no_loadable_checkpoint_names_them(tmp_path):
    (tmp_path / 'epoch_1.pth').write_bytes(b'garbage')
    cfg = _cfg(tmp_path, auto_resume=True)
    with pytest.raises(Exception, match='no checkpoint .* can be resumed from'
                       '.*epoch_1.pth'):
        train_model(ToyRegressor(), build_dataset(cfg.data.train), cfg)
