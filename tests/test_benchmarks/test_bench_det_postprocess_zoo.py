"""benchmarks/bench_det_postprocess_zoo.py on a small image: every family
finds its texts, DBNet is the baseline row, the table is markdown."""
from __future__ import annotations

import sys

import pytest

from mmocr.utils.scripts import load_script


@pytest.fixture(scope='module')
def bench(repo_root):
    folder = repo_root / 'benchmarks'
    sys.path.insert(0, str(folder))  # the bench imports its sibling benches
    try:
        module = load_script(folder / 'bench_det_postprocess_zoo.py',
                             'bench_det_postprocess_zoo')
    finally:
        sys.path.remove(str(folder))
    return module


def test_small_run_prints_a_table_with_dbnet_first(bench, capsys):
    rows = bench.main(['--height', '192', '--width', '320', '--texts', '4',
                       '--repeat', '1', '--families', 'PSENet'])
    out = capsys.readouterr().out.splitlines()
    assert out[0] == '192x320 image, 4 texts, 1 thread(s), best of 1 rounds'
    assert out[1].startswith('| family | post-processor input | ms / image')
    assert [r['family'] for r in rows] == ['DBNet', 'PSENet']
    assert rows[0]['ratio'] == 1.0
    assert out[3].startswith('| DBNet | 192x320 | ')
    assert out[3].endswith(' | 4 / 4 | 1.00 |')
    assert out[4].startswith('| PSENet | 48x80 | ')
    assert all(r['found'] == 4 for r in rows)


@pytest.mark.parametrize('family', ['EAST', 'MaskRCNN', 'DRRG'])
def test_family_decodes_its_texts(bench, family):
    polys = bench.text_polygons(192, 320, 4, bench.np.random.default_rng(0))
    _, fn = bench.build_cases([family], polys, 192, 320)[family]
    assert len(fn()) == 4


def test_unknown_family_is_refused(bench):
    with pytest.raises(SystemExit, match="unknown family 'YOLO'"):
        bench.main(['--families', 'YOLO', '--texts', '2', '--height', '64',
                    '--width', '128'])
