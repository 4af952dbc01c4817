"""Temporary files of checkpoint writes that died are removed at the next
save or resume; those of live writes are kept."""
from __future__ import annotations

import logging
import os
import os.path as osp
import time

import torch
from runner_toy_modules import ToyRegressor

from mmocr.runner import EpochBasedRunner, MMDataParallel, build_optimizer
from mmocr.runner.checkpoint import remove_stale_tmp_files


def _touch(path, mtime):
    path.write_bytes(b'')
    os.utime(path, (mtime, mtime))
    return path


def test_remove_stale_tmp_files_keeps_live_and_other_files(tmp_path):
    start = time.time()
    dead = _touch(tmp_path / '.epoch_3.pth.k2j3h4.tmp', start - 60)
    dead_link = _touch(tmp_path / '.latest.pth.12345.tmp', start - 60)
    live = _touch(tmp_path / '.epoch_4.pth.a1b2c3.tmp', start + 1)
    other = _touch(tmp_path / '.run.log.json.x1.tmp', start - 60)
    visible = _touch(tmp_path / 'epoch_3.pth.tmp', start - 60)
    removed = remove_stale_tmp_files(str(tmp_path), start)
    assert sorted(removed) == sorted([str(dead), str(dead_link)])
    assert not dead.exists() and not dead_link.exists()
    assert live.exists() and other.exists() and visible.exists()
    assert remove_stale_tmp_files(str(tmp_path / 'missing'), start) == []


def test_runner_removes_dead_writes_at_save_and_resume(tmp_path):
    dead = _touch(tmp_path / '.epoch_1.pth.dead01.tmp', time.time() - 60)
    model = MMDataParallel(ToyRegressor(dropout=0.))
    runner = EpochBasedRunner(
        model=model, optimizer=build_optimizer(model, dict(type='SGD', lr=0.1)),
        work_dir=str(tmp_path), logger=logging.getLogger('mmocr.test_tmp'),
        max_epochs=1)
    # written by a live writer after this run started: never removed
    live = _touch(tmp_path / '.epoch_9.pth.live01.tmp', runner.start_time + 5)
    path = runner.save_checkpoint(str(tmp_path))
    assert not dead.exists() and live.exists()
    assert osp.basename(path) == 'epoch_1.pth'
    assert torch.load(path, weights_only=True)['meta']['epoch'] == 1

    dead_again = _touch(tmp_path / '.epoch_2.pth.dead02.tmp',
                        runner.start_time - 1)
    runner.resume(path)
    assert not dead_again.exists() and live.exists()
