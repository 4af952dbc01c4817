"""benchmarks/bench_vs_others.py with fake engines on a synthetic SROIE
folder: skipped engines, ratios, the RapidOCR adapter and the results
file (no model runs)."""
from __future__ import annotations

import json
import sys
import types

import pytest

from mmocr.utils.scripts import load_script


@pytest.fixture(scope='module')
def bench(repo_root):
    path = repo_root / 'benchmarks' / 'bench_vs_others.py'
    return load_script(path, 'bench_vs_others')


BOX = [0, 0, 10, 0, 10, 10, 0, 10]


@pytest.fixture
def sroie(tmp_path):
    """20 receipts with one line ``LINE`` each (val: 2 of them)."""
    for sub in ('img', 'box'):
        (tmp_path / sub).mkdir()
    for i in range(20):
        (tmp_path / 'img' / f'{i:02d}.jpg').write_bytes(b'')
        (tmp_path / 'box' / f'{i:02d}.csv').write_text(
            ','.join(map(str, BOX)) + ',LINE\n')
    return tmp_path


def _fake_engine(text):
    def read(paths):
        return [{'result': [{'box': BOX, 'text': text}]} for _ in paths]
    return read


def test_main_skips_missing_engines_and_writes_ratios(bench, sroie, tmp_path,
                                                      monkeypatch, capsys):
    def unavailable(args):
        raise bench.EngineUnavailable('not installed')

    monkeypatch.setattr(bench, 'BUILDERS', dict(
        ours=lambda args: _fake_engine('line'),
        rapidocr=unavailable,
        tesseract=lambda args: _fake_engine('L1NE')))
    threads = []
    monkeypatch.setattr(bench, 'set_threads', threads.append)
    out = tmp_path / 'bench.json'
    assert bench.main(['--sroie-root', str(sroie), '--threads', '1',
                       '--out', str(out)]) == 0
    printed = capsys.readouterr().out
    assert 'note: rapidocr skipped: not installed' in printed
    assert 's/img ours/theirs' in printed
    assert threads == [1]
    res = json.loads(out.read_text())
    assert res['num_images'] == 2 and res['threads'] == 1
    ours, tess = res['rows']
    assert ours['engine'] == 'ours' and ours['line_acc'] == 1.0
    assert 'acc_ratio' not in ours
    assert tess['engine'] == 'tesseract' and tess['line_acc'] == 0.0
    assert tess['acc_ratio'] is None  # theirs is 0: no ratio
    assert tess['ned'] == 0.75 and tess['det_recall'] == 1.0


def test_set_threads(bench, monkeypatch):
    import cv2
    import torch
    monkeypatch.setenv('OMP_THREAD_LIMIT', '8')
    before = torch.get_num_threads(), cv2.getNumThreads()
    try:
        bench.set_threads(1)
        assert torch.get_num_threads() == 1 and cv2.getNumThreads() == 1
        assert bench.os.environ['OMP_THREAD_LIMIT'] == '1'
    finally:
        torch.set_num_threads(before[0])
        cv2.setNumThreads(before[1])


def test_ratio(bench):
    assert bench.ratio(0.9, 0.6) == pytest.approx(1.5)
    assert bench.ratio(0.5, 0.0) is None


def test_rapidocr_adapter(bench, monkeypatch):
    class FakeRapidOCR:
        def __init__(self, **kwargs):
            self.kwargs = kwargs

        def __call__(self, path):
            if path == 'blank.jpg':
                return None, None
            return [[[[1, 2], [30, 2], [30, 12], [1, 12]], 'TOTAL', 0.9]], [0]

    monkeypatch.setitem(sys.modules, 'rapidocr_onnxruntime',
                        types.SimpleNamespace(RapidOCR=FakeRapidOCR))
    read = bench.build_rapidocr(types.SimpleNamespace(threads=3))
    assert read(['a.jpg', 'blank.jpg']) == [
        {'result': [{'box': [1.0, 2.0, 30.0, 2.0, 30.0, 12.0, 1.0, 12.0],
                     'text': 'TOTAL', 'text_score': 0.9}]},
        {'result': []}]
    monkeypatch.setitem(sys.modules, 'rapidocr_onnxruntime', None)
    with pytest.raises(bench.EngineUnavailable, match='pip install'):
        bench.build_rapidocr(types.SimpleNamespace(threads=1))
