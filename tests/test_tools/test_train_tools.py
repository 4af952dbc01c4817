"""tools/train.py and tools/test.py end to end on the toy model: resume
after SIGKILL, auto-resume, batch testing and clear errors on bad input."""
from __future__ import annotations

import ast
import logging
import os
import os.path as osp
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from mmocr.utils.scripts import load_script

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'test_runner'))
from runner_toy_modules import REPO_ROOT, toy_env, write_toy_config  # noqa: E402

PYTHON = sys.executable
TRAIN = osp.join(REPO_ROOT, 'tools', 'train.py')
TEST = osp.join(REPO_ROOT, 'tools', 'test.py')

pytestmark = pytest.mark.slow


def _run(*args, timeout=60):
    return subprocess.run([PYTHON, *map(str, args)], env=toy_env(),
                          capture_output=True, text=True, timeout=timeout,
                          cwd=osp.dirname(str(args[1])))


def _assert_same_training_state(ckpt_a: Path, ckpt_b: Path) -> None:
    a = torch.load(ckpt_a, weights_only=True)
    b = torch.load(ckpt_b, weights_only=True)
    assert a['state_dict'].keys() == b['state_dict'].keys()
    for key, value in a['state_dict'].items():
        assert torch.equal(value, b['state_dict'][key]), key
    state_a, state_b = a['optimizer']['state'], b['optimizer']['state']
    assert state_a.keys() == state_b.keys()
    for key in state_a:
        assert torch.equal(state_a[key]['momentum_buffer'],
                           state_b[key]['momentum_buffer'])
    lrs = [c['optimizer']['param_groups'][0]['lr'] for c in (a, b)]
    assert lrs[0] == lrs[1]
    assert [(c['meta']['epoch'], c['meta']['iter']) for c in (a, b)] == [(3, 12)] * 2


@pytest.fixture(scope='module')
def runs(tmp_path_factory):
    """An uninterrupted run and a run SIGKILLed in the middle of epoch 2."""
    root = tmp_path_factory.mktemp('train_tools')
    cfg = write_toy_config(str(root))
    kill_cfg = write_toy_config(str(root), 'kill_cfg.py', "custom_hooks = "
                                "[dict(type='SelfKillHook', at_iter=6)]\n")
    full = _run(TRAIN, cfg, '--work-dir', root / 'full', '--deterministic')
    assert full.returncode == 0, full.stderr[-3000:]
    killed = _run(TRAIN, kill_cfg, '--work-dir', root / 'killed', '--deterministic')
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-3000:]
    return root, cfg


def test_killed_run_leaves_loadable_checkpoints(runs):
    root, _ = runs
    files = sorted(os.listdir(root / 'killed'))
    assert 'epoch_1.pth' in files and 'latest.pth' in files
    assert 'epoch_2.pth' not in files
    for name in files:
        if name.endswith('.pth'):
            ckpt = torch.load(root / 'killed' / name, weights_only=True)
            assert ckpt['meta']['epoch'] == 1
    assert not [f for f in files if f.endswith('.tmp')]


def test_resume_from_matches_uninterrupted(runs):
    root, cfg = runs
    work = root / 'resumed'
    shutil.copytree(root / 'killed', work)
    result = _run(TRAIN, cfg, '--work-dir', work, '--deterministic',
                  '--resume-from', work / 'epoch_1.pth')
    assert result.returncode == 0, result.stderr[-3000:]
    assert 'resumed epoch 1, iter 4' in result.stderr
    _assert_same_training_state(root / 'full' / 'epoch_3.pth', work / 'epoch_3.pth')


def test_auto_resume_matches_uninterrupted(runs):
    root, cfg = runs
    work = root / 'auto'
    shutil.copytree(root / 'killed', work)
    result = _run(TRAIN, cfg, '--work-dir', work, '--deterministic', '--auto-resume')
    assert result.returncode == 0, result.stderr[-3000:]
    assert 'auto-resume: found' in result.stderr
    _assert_same_training_state(root / 'full' / 'epoch_3.pth', work / 'latest.pth')


def test_work_dir_contents_and_batch_test(runs):
    root, cfg = runs
    full = root / 'full'
    names = os.listdir(full)
    assert 'toy_cfg.py' in names  # the config is dumped
    assert any(n.endswith('.log.json') for n in names)
    assert any(n.startswith('best_accuracy_epoch_') for n in names)
    out = root / 'results.pkl'
    result = _run(TEST, cfg, full / 'latest.pth', '--eval', 'mae', '--out', out)
    assert result.returncode == 0, result.stderr[-3000:]
    metrics = ast.literal_eval(result.stdout.strip().splitlines()[-1])
    assert set(metrics) == {'accuracy', 'mae'}
    assert out.is_file()


def _tool_main(script: str):
    name = f'_tool_{osp.splitext(osp.basename(script))[0]}'
    return load_script(script, name)


@pytest.mark.parametrize('case, pattern', [
    ('unknown_type', r'"ToyRegresor" is not registered in registry "model".*'
                     r'Did you mean: ToyRegressor'),
    ('missing_base', r'base config .*no_such_base\.py'),
    ('bad_option', r'option "modle\.dropout": "modle" does not exist'),
    # A new key that --cfg-options may add (it only warns) is rejected by
    # the build, with its full path.
    ('new_data_key', r"ToyRegressionDataset \(registry \"dataset\"\) got "
                     r"unknown argument 'bogus' at data\.train\.bogus;"),
    ('new_postprocessor_key', r"DBPostprocessor \(registry \"postprocessor"
                              r"\"\) got unknown argument 'bogus' at "
                              r"model\.bbox_head\.postprocessor\.bogus;"),
])
def test_train_bad_inputs_one_clear_line(tmp_path, capsys, case, pattern):
    from mmocr.apis.utils import run_tool
    cfg = write_toy_config(str(tmp_path))
    argv = [cfg, '--work-dir', str(tmp_path / 'work')]
    if case == 'unknown_type':
        argv[0] = write_toy_config(str(tmp_path), 'bad.py',
                                   "model = dict(type='ToyRegresor')\n")
    elif case == 'missing_base':
        bad = tmp_path / 'bad.py'
        bad.write_text("_base_ = ['./no_such_base.py']\n")
        argv[0] = str(bad)
    elif case == 'new_data_key':
        argv += ['--cfg-options', 'data.train.bogus=1']
    elif case == 'new_postprocessor_key':
        argv[0] = osp.join(REPO_ROOT, 'configs', 'textdet', 'dbnet',
                           'dbnet_r18_fpnc_1200e_icdar2015.py')
        argv += ['--cfg-options', 'model.bbox_head.postprocessor.bogus=1']
    else:
        argv += ['--cfg-options', 'modle.dropout=0.5']
    train = _tool_main(TRAIN)
    logger = logging.getLogger('mmocr')
    handlers = list(logger.handlers)
    try:
        assert run_tool(train.main, 'train.py', argv) == 1
    finally:  # drop the log file handler the tool may have added
        for handler in set(logger.handlers) - set(handlers):
            if isinstance(handler, logging.FileHandler):
                logger.removeHandler(handler)
                handler.close()
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith('train.py: error: ')
    assert 'Traceback' not in '\n'.join(err)
    import re
    assert re.search(pattern, err[-1]), err[-1]


def test_test_tool_corrupt_checkpoint_exit_code(tmp_path):
    cfg = write_toy_config(str(tmp_path))
    ckpt = tmp_path / 'broken.pth'
    ckpt.write_bytes(b'\x80\x02garbage')
    result = _run(TEST, cfg, ckpt, '--eval', 'mae')
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith('test.py: error: CheckpointLoadError: cannot read '
                           f'checkpoint {ckpt}')
    assert 'corrupt or truncated' in last
    assert 'Traceback' not in result.stderr


def test_test_tool_out_checked_before_testing(tmp_path, capsys, monkeypatch):
    """An --out that cannot be written fails before the model runs (the
    results are not lost at the end); a new folder is created."""
    import pickle

    from runner_toy_modules import ToyRegressor

    from mmocr.apis.utils import run_tool
    from mmocr.runner.checkpoint import save_checkpoint
    cfg = write_toy_config(str(tmp_path))
    ckpt = tmp_path / 'toy.pth'
    save_checkpoint(ToyRegressor(), str(ckpt))
    test = _tool_main(TEST)
    blocker = tmp_path / 'a_file'
    blocker.write_text('x')
    calls = []
    real_test = test.single_gpu_test
    monkeypatch.setattr(test, 'single_gpu_test',
                        lambda *a, **k: calls.append(1) or real_test(*a, **k))
    out = blocker / 'results.pkl'
    assert run_tool(test.main, 'test.py', [cfg, str(ckpt), '--out',
                                           str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith('test.py: error: ') and f'--out {out} cannot be ' \
        'written' in err
    assert calls == []  # stopped before testing
    out = tmp_path / 'new' / 'dir' / 'results.pkl'
    assert run_tool(test.main, 'test.py', [cfg, str(ckpt), '--out',
                                           str(out)]) == 0
    with open(out, 'rb') as f:
        assert calls == [1] and len(pickle.load(f)) == 5
    assert [p.name for p in out.parent.iterdir()] == ['results.pkl']


def test_test_tool_eval_options_checked_before_testing(tmp_path, capsys,
                                                       monkeypatch):
    """An evaluation option no metric takes fails before the model runs."""
    from runner_toy_modules import ToyRegressor

    from mmocr.apis.utils import run_tool
    from mmocr.runner.checkpoint import save_checkpoint
    cfg = write_toy_config(str(tmp_path))
    ckpt = tmp_path / 'toy.pth'
    save_checkpoint(ToyRegressor(), str(ckpt))
    test = _tool_main(TEST)
    calls = []
    monkeypatch.setattr(test, 'single_gpu_test',
                        lambda *a, **k: calls.append(1))
    assert run_tool(test.main, 'test.py', [
        cfg, str(ckpt), '--eval', 'mae', '--eval-options', 'bogus=1']) == 1
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith('test.py: error: ') and "'bogus'" in err, err
    assert calls == []
