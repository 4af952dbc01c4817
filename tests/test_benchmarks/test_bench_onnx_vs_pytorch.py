"""benchmarks/bench_onnx_vs_pytorch.py: every family has a config, the
families without an ONNX export get a row with pytorch2onnx's reason, and a
small recognizer runs in both runtimes."""
from __future__ import annotations

import pytest

from mmocr.utils.scripts import load_script


@pytest.fixture(scope='module')
def bench(repo_root):
    return load_script(repo_root / 'benchmarks/bench_onnx_vs_pytorch.py',
                       'bench_onnx_vs_pytorch')


def test_every_family_has_its_config(bench, repo_root):
    missing = [name for name, (_, config, _, _) in bench.CASES.items()
               if not (repo_root / 'configs' / config).is_file()]
    assert missing == []


@pytest.mark.parametrize('family, reason', [
    ('DRRG', 'DRRG cannot be exported to ONNX: its graph depends on the data'),
    ('MaskRCNN', 'OCRMaskRCNN cannot be exported to ONNX: its RPN proposals')])
def test_family_without_export_gets_the_reason(bench, family, reason,
                                               tmp_path):
    row = bench.run_case(family, tmp_path, 1, bench.load_tool('pytorch2onnx'))
    assert row.startswith(f'| {family} | no ONNX export: {reason}')
    assert row.count('|') == 8  # the table's 7 columns


def test_recognizer_row_times_both_runtimes(bench, tmp_path):
    pytest.importorskip('onnxruntime')
    row = bench.run_case('SVTR', tmp_path, 1, bench.load_tool('pytorch2onnx'))
    cells = [c.strip() for c in row.strip('|').split('|')]
    assert cells[:2] == ['SVTR', '32x100 (random)']
    torch_ms, ort_ms, ratio = float(cells[2]), float(cells[3]), cells[4]
    assert torch_ms > 0 and ort_ms > 0
    # the ratio comes from the unrounded times: equal up to the rounding
    # of the two printed milliseconds
    # (each printed to 0.1 ms, the ratio to 0.01)
    assert ratio.startswith('x')
    low = (torch_ms - 0.05) / (ort_ms + 0.05) - 0.005
    high = (torch_ms + 0.05) / max(ort_ms - 0.05, 1e-9) + 0.005
    assert low <= float(ratio[1:]) <= high
    assert float(cells[5]) < 1e-4  # the largest raw difference
