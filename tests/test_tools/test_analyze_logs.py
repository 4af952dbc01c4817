import json

import cv2
import pytest

from mmocr.apis.utils import run_tool
from mmocr.utils.scripts import load_script


@pytest.fixture(scope='module')
def analyze(repo_root):
    return load_script(repo_root / 'tools/analyze_logs.py', 'analyze_logs')


def _write(path, rows):
    path.write_text('\n'.join(json.dumps(r) for r in rows) + '\n')
    return str(path)


def test_epoch_logs_become_global_iterations(tmp_path, analyze):
    rows = [{'seed': 0}]
    for epoch in (1, 2):
        for it in (5, 10):
            rows.append(dict(mode='train', epoch=epoch, iter=it, lr=0.1,
                             loss=1.0 / (epoch * it), time=0.5, memory=10))
        rows.append(dict(mode='val', epoch=epoch, iter=3, acc=0.5))
    curves = analyze.load_json_log(_write(tmp_path / 'e.log.json', rows))
    assert [step for step, _ in curves['loss']] == [5, 10, 15, 20]
    assert 'memory' not in curves and 'acc' not in curves


def test_iter_logs_keep_their_iterations_and_plot(tmp_path, analyze):
    rows = [dict(mode='train', epoch=e, iter=i, loss=10.0 - i, time=0.1)
            for e, i in [(1, 50), (2, 100), (3, 150)]]
    log = _write(tmp_path / 'i.log.json', rows)
    assert [s for s, _ in analyze.load_json_log(log)['loss']] == [50, 100, 150]
    out = tmp_path / 'c.png'
    assert analyze.main(['plot_curve', log, '--keys', 'loss', '--out',
                         str(out)]) == 0
    img = cv2.imread(str(out))
    assert img is not None and img.shape[0] >= 300
    # the curve is drawn in the first colour inside the panel
    assert (abs(img.astype(int) - analyze.COLORS[0]).sum(axis=2) < 30).sum() > 50
    assert analyze.cal_train_time([log])[0].startswith(f'{log}: 0.1000 s/iter')


def test_bad_input_is_one_line(tmp_path, analyze, capsys):
    log = _write(tmp_path / 'i.log.json',
                 [dict(mode='train', epoch=1, iter=1, loss=1.0)])
    assert run_tool(analyze.main, 'analyze_logs.py',
                    ['plot_curve', log, '--keys', 'los']) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith('analyze_logs.py: error: KeyError: ')
    assert 'no log has the key "los"' in err and '\n' not in err
    bad = tmp_path / 'bad.log.json'
    bad.write_text('{"mode": "train"\n')
    assert run_tool(analyze.main, 'analyze_logs.py',
                    ['cal_train_time', str(bad)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith('analyze_logs.py: error: ')
    assert 'bad.log.json:1: not json' in err and '\n' not in err
