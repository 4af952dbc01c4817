"""Real 2-process CPU (gloo) training and testing through the shell
launchers, and the launcher environment parsing of ``init_dist``."""
from __future__ import annotations

import ast
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'test_runner'))
from runner_toy_modules import REPO_ROOT, toy_env, write_toy_config  # noqa: E402

from mmocr.runner import dist_utils  # noqa: E402

TOOLS = Path(REPO_ROOT) / 'tools'


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def _launch(script: str, *args, cwd: Path, timeout=120):
    env = toy_env()
    env.update(PYTHON=sys.executable, PORT=str(_free_port()),
               MASTER_ADDR='127.0.0.1')
    return subprocess.run(['bash', str(TOOLS / script), *map(str, args)],
                          env=env, capture_output=True, text=True,
                          timeout=timeout, cwd=cwd)


@pytest.mark.slow
def test_dist_train_and_test_two_cpu_processes(tmp_path):
    # 2 epochs; validation every epoch on 5 samples (odd: sampler padding).
    cfg = write_toy_config(str(tmp_path), extra=(
        "runner = dict(type='EpochBasedRunner', max_epochs=2)\n"
        "data['train']['num_samples'] = 12\n"
        "custom_hooks = [dict(type='DumpRankWeightsHook')]\n"))
    work = tmp_path / 'work'
    result = _launch('dist_train.sh', cfg, work, 2, '--deterministic',
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-4000:]
    ranks = [torch.load(work / f'rank_{r}.pth', weights_only=True) for r in (0, 1)]
    for key, value in ranks[0].items():
        assert torch.equal(value, ranks[1][key]), key
    ckpt = torch.load(work / 'latest.pth', weights_only=True)
    assert ckpt['meta']['epoch'] == 2 and ckpt['meta']['world_size'] == 2
    # 12 samples, 2 ranks x batch 2 -> 3 iterations per epoch
    assert ckpt['meta']['iter'] == 6
    assert 'Epoch(val) [2]' in result.stderr  # distributed evaluation ran

    single = subprocess.run(
        [sys.executable, str(TOOLS / 'test.py'), cfg, work / 'latest.pth',
         '--eval', 'mae'], env=toy_env(), capture_output=True, text=True,
        timeout=60, cwd=tmp_path)
    assert single.returncode == 0, single.stderr[-3000:]
    expected = ast.literal_eval(single.stdout.strip().splitlines()[-1])
    for extra in ([], ['--gpu-collect']):
        dist = _launch('dist_test.sh', cfg, work / 'latest.pth', 2, '--eval',
                       'mae', *extra, cwd=tmp_path)
        assert dist.returncode == 0, dist.stderr[-4000:]
        metrics = ast.literal_eval(dist.stdout.strip().splitlines()[-1])
        assert metrics == pytest.approx(expected)
    assert not (tmp_path / '.dist_test').exists() or not os.listdir(
        tmp_path / '.dist_test')  # gathered results are cleaned up


@pytest.fixture()
def fake_init(monkeypatch):
    calls = []
    monkeypatch.setattr(dist_utils.dist, 'init_process_group',
                        lambda **kwargs: calls.append(kwargs))
    for key in ('MASTER_ADDR', 'MASTER_PORT', 'RANK', 'WORLD_SIZE', 'LOCAL_RANK'):
        monkeypatch.delenv(key, raising=False)
    return calls


def test_init_dist_pytorch_env(monkeypatch, fake_init):
    monkeypatch.setenv('RANK', '1')
    monkeypatch.setenv('LOCAL_RANK', '1')
    with pytest.warns(RuntimeWarning, match='gloo'):
        dist_utils.init_dist('pytorch', backend='nccl')
    assert fake_init == [{'backend': 'gloo'}]


def test_init_dist_slurm_env(monkeypatch, fake_init):
    monkeypatch.setenv('SLURM_PROCID', '3')
    monkeypatch.setenv('SLURM_NTASKS', '4')
    monkeypatch.setenv('SLURM_NODELIST', 'node[1-2]')
    monkeypatch.setenv('SLURM_LOCALID', '1')
    monkeypatch.setattr(dist_utils.subprocess, 'getoutput',
                        lambda cmd: 'node1' if 'node[1-2]' in cmd else '')
    dist_utils.init_dist('slurm', backend='gloo', port=29555)
    assert fake_init == [{'backend': 'gloo'}]
    assert (os.environ['MASTER_ADDR'], os.environ['MASTER_PORT']) == ('node1', '29555')
    assert (os.environ['RANK'], os.environ['WORLD_SIZE']) == ('3', '4')
    assert os.environ['LOCAL_RANK'] == '1'


def test_init_dist_mpi_env_and_errors(monkeypatch, fake_init):
    monkeypatch.setenv('OMPI_COMM_WORLD_RANK', '0')
    monkeypatch.setenv('OMPI_COMM_WORLD_LOCAL_RANK', '0')
    monkeypatch.setenv('OMPI_COMM_WORLD_SIZE', '2')
    with pytest.raises(KeyError, match='MASTER_ADDR'):
        dist_utils.init_dist('mpi', backend='gloo')
    monkeypatch.setenv('MASTER_ADDR', '10.0.0.1')
    dist_utils.init_dist('mpi', backend='gloo')
    assert os.environ['MASTER_PORT'] == '29500' and os.environ['WORLD_SIZE'] == '2'
    with pytest.raises(ValueError, match='unknown launcher'):
        dist_utils.init_dist('docker')
    monkeypatch.delenv('RANK', raising=False)
    monkeypatch.delenv('LOCAL_RANK', raising=False)
    with pytest.raises(KeyError, match='LOCAL_RANK'):
        dist_utils.init_dist('pytorch', backend='gloo')
