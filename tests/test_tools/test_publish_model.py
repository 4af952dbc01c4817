import hashlib
import subprocess
import sys

import pytest
import torch
from torch import nn

from mmocr.runner.checkpoint import load_checkpoint, save_checkpoint
from mmocr.utils.scripts import load_script


def test_publish_strips_optimizer_halves_weights_and_hashes(tmp_path, repo_root):
    model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    model(torch.rand(2, 1, 5, 5)).sum().backward()
    optimizer.step()
    src = tmp_path / 'latest.pth'
    save_checkpoint(model, str(src), optimizer=optimizer,
                    meta=dict(config='x = 1', epoch=3))
    out = tmp_path / 'pub' / 'model.pth'
    proc = subprocess.run(
        [sys.executable, 'tools/publish_model.py', str(src), str(out),
         '--fp16'], cwd=repo_root, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    path = proc.stdout.split()[0]
    data = open(path, 'rb').read()
    assert path.endswith(f'model-{hashlib.sha256(data).hexdigest()[:8]}.pth')
    ckpt = torch.load(path, weights_only=True)
    assert set(ckpt) == {'meta', 'state_dict'}
    assert ckpt['meta']['config'] == 'x = 1' and ckpt['meta']['fp16_weights']
    assert ckpt['state_dict']['0.weight'].dtype == torch.float16
    assert ckpt['state_dict']['1.num_batches_tracked'].dtype == torch.int64
    fresh = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2))
    load_checkpoint(fresh, path, strict=True)
    assert fresh[0].weight.dtype == torch.float32
    assert torch.allclose(fresh[0].weight, model[0].weight, atol=1e-3)


def test_publish_reports_a_corrupt_file(tmp_path, repo_root):
    bad = tmp_path / 'bad.pth'
    bad.write_bytes(b'not a checkpoint')
    proc = subprocess.run(
        [sys.executable, 'tools/publish_model.py', str(bad),
         str(tmp_path / 'o.pth')], cwd=repo_root, capture_output=True,
        text=True)
    assert proc.returncode == 1
    assert 'bad.pth' in proc.stderr and 'Traceback' not in proc.stderr


def test_publish_reports_an_unwritable_output(tmp_path, repo_root, capsys):
    tool = load_script(repo_root / 'tools' / 'publish_model.py', 'publish_model_tool')
    src = tmp_path / 'latest.pth'
    save_checkpoint(nn.Linear(2, 1), str(src))
    blocker = tmp_path / 'a_file'
    blocker.write_text('x')
    from mmocr.apis.utils import run_tool
    assert run_tool(tool.main, 'publish_model.py',
                    [str(src), str(blocker / 'model.pth')]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith('publish_model.py: error: ')
    assert f'cannot write {blocker / "model.pth"}' in err
    assert '\n' not in err


def test_fp16_keeps_out_of_range_tensors_in_float32(tmp_path, repo_root):
    from importlib import util
    spec = util.spec_from_file_location(
        'publish_model', repo_root / 'tools/publish_model.py')
    module = util.module_from_spec(spec)
    spec.loader.exec_module(module)
    bn = nn.BatchNorm2d(2)
    bn.running_var.fill_(3.9e5)  # above fp16's maximum, as in a trained head
    src = tmp_path / 'bn.pth'
    save_checkpoint(bn, str(src))
    path, _ = module.publish(str(src), str(tmp_path / 'out.pth'), fp16=True)
    state = torch.load(path, weights_only=True)['state_dict']
    assert state['running_var'].dtype == torch.float32
    assert torch.isfinite(state['running_var']).all()
    assert state['weight'].dtype == torch.float16


def _load_average_tool(repo_root):
    path = repo_root / 'tools' / 'misc' / 'average_checkpoints.py'
    return load_script(path, 'average_tool')


def test_average_checkpoints(tmp_path, repo_root, capsys):
    tool = _load_average_tool(repo_root)
    models = [nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2))
              for _ in range(2)]
    paths = []
    for i, model in enumerate(models):
        model[1].num_batches_tracked.fill_(7 + i)
        paths.append(str(tmp_path / f'{i}.pth'))
        save_checkpoint(model.half() if i else model, paths[-1],
                        meta=dict(config=f'x = {i}'))
    out = tmp_path / 'soup.pth'
    assert tool.main([*paths, '-o', str(out), '--weights', '3', '1']) == 0
    assert '0.pth x0.750, 1.pth x0.250' in capsys.readouterr().out
    soup = torch.load(out, weights_only=True)
    a, b = models[0].state_dict(), models[1].float().state_dict()
    state = soup['state_dict']
    assert torch.allclose(state['0.weight'],
                          0.75 * a['0.weight'] + 0.25 * b['0.weight'])
    assert state['0.weight'].dtype == torch.float32
    assert state['1.num_batches_tracked'].item() == 7  # the first's
    assert soup['meta']['config'] == 'x = 0'
    assert [d['weight'] for d in soup['meta']['averaged_from']] == [0.75, 0.25]
    other = tmp_path / 'other.pth'
    save_checkpoint(nn.Sequential(nn.Linear(2, 3)), str(other))
    with pytest.raises(ValueError, match='other.pth'):
        tool.average_checkpoints([paths[0], str(other)])
    with pytest.raises(ValueError, match='two checkpoints'):
        tool.average_checkpoints(paths[:1])
    with pytest.raises(ValueError, match='--weights'):
        tool.average_checkpoints(paths, [1, -1])
