"""Checkpoint saving/loading, corrupt files and URL downloads."""
from __future__ import annotations

import functools
import hashlib
import http.server
import os
import threading

import pytest
import torch
from torch import nn

from mmocr.runner import (
    CheckpointLoadError,
    MMDataParallel,
    find_latest_checkpoint,
    load_checkpoint,
    save_checkpoint,
)
from mmocr.runner.utils import get_rng_state, set_rng_state


def _model(seed=0):
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2))


def test_save_load_roundtrip_weights_only(tmp_path):
    model = _model(0)
    opt = torch.optim.Adam(model.parameters(), lr=0.1)
    model(torch.rand(4, 3)).sum().backward()
    opt.step()
    path = tmp_path / 'ckpt.pth'
    save_checkpoint(MMDataParallel(model), str(path), optimizer=opt,
                    meta=dict(epoch=1, CLASSES=('a', 'b')), rng=get_rng_state())
    ckpt = torch.load(path, weights_only=True)
    assert ckpt['meta']['epoch'] == 1 and ckpt['meta']['CLASSES'] == ('a', 'b')
    assert 'mmocr_version' in ckpt['meta'] and 'time' in ckpt['meta']
    assert set(ckpt['state_dict']) == set(model.state_dict())  # no 'module.'
    assert ckpt['optimizer']['param_groups'][0]['lr'] == 0.1
    assert [p for p in os.listdir(tmp_path)] == ['ckpt.pth']  # no temp file left
    other = _model(1)
    load_checkpoint(other, str(path))
    for key, value in model.state_dict().items():
        assert torch.equal(other.state_dict()[key], value)


def test_rng_state_roundtrip(tmp_path):
    import random

    import numpy as np
    state = get_rng_state()
    path = tmp_path / 'rng.pth'
    torch.save(state, path)
    first = (random.random(), np.random.rand(), torch.rand(1).item())
    set_rng_state(torch.load(path, weights_only=True))
    assert (random.random(), np.random.rand(), torch.rand(1).item()) == first


def test_revise_keys_and_report(tmp_path, caplog):
    model = _model()
    state = {f'module.{k}': v for k, v in model.state_dict().items()}
    state['module.extra'] = torch.zeros(1)
    state['module.0.bias'] = torch.zeros(5)  # wrong shape
    path = tmp_path / 'raw.pth'
    torch.save(state, path)
    target = _model(3)
    before = target.state_dict()['0.bias'].clone()
    load_checkpoint(target, str(path))
    assert torch.equal(target.state_dict()['0.weight'], model.state_dict()['0.weight'])
    assert torch.equal(target.state_dict()['0.bias'], before)
    pattern = r'(?s)unexpected key.*extra.*size mismatch.*0\.bias'
    with pytest.raises(RuntimeError, match=pattern):
        load_checkpoint(_model(), str(path), strict=True)


@pytest.mark.parametrize('corruption', ['truncated', 'garbage', 'empty'])
def test_corrupt_checkpoint_clear_error(tmp_path, corruption):
    path = tmp_path / 'bad.pth'
    save_checkpoint(_model(), str(path))
    data = path.read_bytes()
    path.write_bytes({'truncated': data[:len(data) // 2],
                      'garbage': b'not a checkpoint' * 10,
                      'empty': b''}[corruption])
    with pytest.raises(CheckpointLoadError, match=f'{path}.*corrupt or truncated'):
        load_checkpoint(_model(), str(path))


def test_missing_and_non_plain_checkpoints(tmp_path):
    with pytest.raises(CheckpointLoadError, match='not found: .*nope.pth'):
        load_checkpoint(_model(), str(tmp_path / 'nope.pth'))
    path = tmp_path / 'obj.pth'
    torch.save({'state_dict': {}, 'meta': {'obj': threading.Lock}}, path)
    with pytest.raises(CheckpointLoadError, match='refused as unsafe.*allocate_lock'):
        load_checkpoint(_model(), str(path))


def test_find_latest_checkpoint(tmp_path):
    assert find_latest_checkpoint(str(tmp_path / 'missing')) is None
    assert find_latest_checkpoint(str(tmp_path)) is None
    for name in ('epoch_2.pth', 'epoch_10.pth', 'best_acc_epoch_11.pth'):
        (tmp_path / name).write_bytes(b'x')
    assert find_latest_checkpoint(str(tmp_path)).endswith('epoch_10.pth')
    (tmp_path / 'latest.pth').write_bytes(b'x')
    assert find_latest_checkpoint(str(tmp_path)).endswith('latest.pth')


@pytest.fixture()
def http_dir(tmp_path):
    served = tmp_path / 'served'
    served.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler,
                                directory=str(served))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield served, f'http://127.0.0.1:{server.server_address[1]}'
    server.shutdown()
    server.server_close()


def test_load_from_url_with_cache_and_hash(http_dir, tmp_path, monkeypatch):
    served, base_url = http_dir
    monkeypatch.setenv('MMOCR_HOME', str(tmp_path / 'home'))
    model = _model(0)
    plain = served / 'plain.pth'
    save_checkpoint(model, str(plain))
    digest = hashlib.sha256(plain.read_bytes()).hexdigest()
    good = served / f'model_20220101-{digest[:8]}.pth'
    good.write_bytes(plain.read_bytes())
    target = _model(1)
    load_checkpoint(target, f'{base_url}/{good.name}')
    assert torch.equal(target[0].weight, model[0].weight)
    cached = tmp_path / 'home' / 'checkpoints' / good.name
    assert cached.is_file()
    good.unlink()  # a second load uses the cache
    load_checkpoint(_model(2), f'{base_url}/{good.name}')

    bad = served / 'model_20220101-deadbeef.pth'
    bad.write_bytes(plain.read_bytes())
    with pytest.raises(CheckpointLoadError, match='sha256 mismatch.*deadbeef'):
        load_checkpoint(_model(), f'{base_url}/{bad.name}')
    assert not (tmp_path / 'home' / 'checkpoints' / bad.name).exists()
    with pytest.raises(CheckpointLoadError, match='cannot download.*missing.pth'):
        load_checkpoint(_model(), f'{base_url}/missing.pth')
