"""tools/misc/budget_train.py: a probe times the iterations, the real run
gets the iterations that fit in the budget."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from mmocr.utils.errors import InvalidValueError
from mmocr.utils.scripts import load_script

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'test_runner'))
from runner_toy_modules import REPO_ROOT, toy_env, write_toy_config  # noqa: E402

budget_train = load_script(Path(REPO_ROOT) / 'tools/misc/budget_train.py')

ITER_RUN = """
runner = dict(type='IterBasedRunner', max_iters=1000000)
lr_config = dict(policy='fixed')
checkpoint_config = dict(interval=1000000, by_epoch=False)
evaluation = dict(interval=2, metric='mae')
custom_hooks = [dict(type='SlowIterHook', seconds=0.05)]
"""


def test_iters_for_budget_hand_computed():
    # (100 s - 10 s start-up) * 0.9 / 0.5 s = 162 iterations
    assert budget_train.iters_for_budget(100, 0.5, 10, 0.9) == 162
    assert budget_train.iters_for_budget(100, 0.3, 0, 1.0) == 333
    assert budget_train.iters_for_budget(5, 1.0, 10, 0.9) == 0
    with pytest.raises(InvalidValueError, match='safety'):
        budget_train.iters_for_budget(100, 0.5, 10, 1.5)
    with pytest.raises(InvalidValueError, match='positive'):
        budget_train.iters_for_budget(100, 0.0, 10, 0.9)


def test_seconds_per_iter_skips_the_first_interval(tmp_path):
    log = tmp_path / 'a.log.json'
    rows = [dict(env_info='x'), dict(mode='train', iter=5, time=3.0),
            dict(mode='val', iter=5, time=9.0),
            dict(mode='train', iter=10, time=1.0),
            dict(mode='train', iter=15, time=2.0)]
    log.write_text('\n'.join(map(json.dumps, rows)) + '\n')
    assert budget_train.seconds_per_iter(str(log)) == pytest.approx(1.5)
    log.write_text(json.dumps(dict(mode='train', iter=5, time=3.0)))
    assert budget_train.seconds_per_iter(str(log)) == pytest.approx(3.0)
    log.write_text(json.dumps(dict(mode='val', iter=5)))
    with pytest.raises(InvalidValueError, match='no training'):
        budget_train.seconds_per_iter(str(log))


@pytest.mark.slow
def test_budget_run_fits_and_leaves_quarter_checkpoints(tmp_path,
                                                        monkeypatch):
    for key, value in toy_env().items():
        monkeypatch.setenv(key, value)
    cfg = write_toy_config(str(tmp_path), extra=ITER_RUN)
    work = tmp_path / 'work'
    # 0.5 min: a slow 2-core machine spends ~15 s on start-up and probe
    assert budget_train.main([cfg, '--minutes', '0.5', '--work-dir',
                              str(work), '--probe-iters', '10',
                              '--log-interval', '2', '--deterministic']) == 0
    plan = json.loads((work / 'budget.json').read_text())
    assert plan['seconds_per_iter'] >= 0.05
    iters = plan['max_iters']
    planned = budget_train.iters_for_budget(
        30 - plan['probe_s'], plan['seconds_per_iter'], plan['startup_s'], 0.85)
    assert abs(iters - planned) <= 1  # the plan's figures are rounded
    assert 0 < iters and plan['expected_end_s'] <= 30
    quarter = -(-iters // 4)
    assert {p.name for p in work.glob('iter_*.pth')} >= {
        f'iter_{quarter * 3}.pth', f'iter_{iters}.pth'}
    latest = torch.load(work / 'latest.pth', weights_only=True)
    assert latest['meta']['iter'] == iters
    logs = [json.loads(line) for p in work.glob('*.log.json')
            for line in p.read_text().splitlines() if line.strip()]
    assert not [row for row in logs if row.get('mode') == 'val']
    assert not list((work / 'probe').glob('*.pth'))


def test_bad_input_one_clear_line(tmp_path, assert_one_error, monkeypatch):
    for key, value in toy_env().items():
        monkeypatch.setenv(key, value)
    cfg = write_toy_config(str(tmp_path))  # an EpochBasedRunner
    assert_one_error(budget_train, [cfg, '--minutes', '1'],
                     f"InvalidValueError: {cfg}: runner.type is 'EpochBased")
    with pytest.raises(SystemExit):
        budget_train.parse_args([cfg, '--minutes', '0'])
    with pytest.raises(SystemExit):
        budget_train.parse_args([cfg, '--minutes', '1', '--probe-iters', '3'])


@pytest.mark.slow
def test_device_job_trains_publishes_and_evaluates(tmp_path):
    # The prepared GPU job, run here on the toy regressor: wheels are not
    # installed when the imports work, the weights come back without the
    # optimizer, with the budget, the log and the test output.
    cfg = write_toy_config(str(tmp_path), extra=ITER_RUN)
    out = tmp_path / 'out'
    out.mkdir()
    env = dict(toy_env(), OUT=str(out), PYTHON=sys.executable,
               WORK_DIR=str(tmp_path / 'work'))
    done = subprocess.run(
        ['bash', str(Path(REPO_ROOT) / 'tools/misc/device_job.sh'), cfg,
         '1.6', 'mae', '--probe-iters', '10', '--log-interval', '2'],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    names = sorted(p.name for p in out.iterdir())
    assert names[:3] == ['budget.json', 'test.txt', 'train.log.json']
    assert len(names) == 4 and names[3].startswith('weights-')
    weights = torch.load(out / names[3], weights_only=True)
    assert set(weights) == {'meta', 'state_dict'}
    plan = json.loads((out / 'budget.json').read_text())
    assert weights['meta']['iter'] == plan['max_iters'] > 0
    assert 'mae' in (out / 'test.txt').read_text()
