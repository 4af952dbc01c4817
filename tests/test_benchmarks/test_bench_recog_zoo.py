"""benchmarks/bench_recog_zoo.py on a batch of one small word: CRNN is the
baseline row, every row has the config's input shape and parameters."""
from __future__ import annotations

import pytest

from mmocr.utils.scripts import load_script


@pytest.fixture(scope='module')
def bench(repo_root):
    return load_script(repo_root / 'benchmarks' / 'bench_recog_zoo.py',
                       'bench_recog_zoo')


def test_every_config_exists(bench, repo_root):
    for config in bench.CONFIGS.values():
        assert (repo_root / 'configs/textrecog' / config).is_file(), config


def test_small_run_prints_a_table_with_crnn_first(bench, capsys):
    rows = bench.main(['--threads', '1', '--batch-size', '1', '--repeat', '1',
                       '--word-size', '16', '40', '--families', 'SVTR-T'])
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith('batch of 1 16x40 words, 1 thread(s), best of 1 rounds')
    assert out[1].startswith('| family | config | input (C x H x W) |')
    assert [r['family'] for r in rows] == ['CRNN', 'SVTR-T']
    assert rows[0]['ratio'] == 1.0 and all(r['ms'] > 0 for r in rows)
    # CRNN keeps the aspect ratio at height 32; SVTR resizes to 32x100
    assert out[3].startswith('| CRNN | `crnn/crnn_academic_dataset.py` | 1x32x')
    assert out[3].endswith(' | 1.00 |')
    assert out[4].startswith('| SVTR-T | `svtr/svtr_tiny_academic.py` | '
                             '3x32x100 | ')
    assert 1e6 < rows[1]['params'] < 1e7  # SVTR-T: about 4 M


def test_missing_dict_file_points_at_the_shipped_one(bench):
    cfg = dict(model=dict(label_convertor=dict(dict_file='data/none.txt')),
               other=[dict(dict_file=str(bench.SHIPPED_DICT))])
    bench.ship_dict_files(cfg)
    assert cfg['model']['label_convertor']['dict_file'] == str(
        bench.SHIPPED_DICT)
    assert bench.SHIPPED_DICT.is_file()
