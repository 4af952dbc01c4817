"""tools/analysis/e2e_errors.py: counts and misread kinds of eval_e2e.py
results files, pooled over files."""
from __future__ import annotations

import json
from pathlib import Path

from mmocr.apis.utils import run_tool
from mmocr.utils.scripts import load_script

REPO = Path(__file__).resolve().parents[2]
tool = load_script(REPO / 'tools/analysis/e2e_errors.py', 'e2e_errors_tool')


def _results(path, per_image):
    path.write_text(json.dumps(dict(metrics={}, per_image=per_image)))
    return str(path)


def test_report_pools_files(tmp_path, capsys):
    a = _results(tmp_path / 'a.json', [dict(
        name='000', num_gt=5, num_pred=6, num_matched=4, num_correct=2,
        misread=[['TOTAL', 'T0TAL'], ['(RM)', 'RM']], missed=['x'])])
    b = _results(tmp_path / 'b.json', [dict(
        name='001', num_gt=3, num_pred=3, num_matched=3, num_correct=2,
        misread=[['5.00', '6.00']], missed=[])])
    assert run_tool(tool.main, 'e2e_errors.py', [a, b, '--top', '2']) == 0
    out = capsys.readouterr().out
    assert 'ground-truth lines 8, read right 4 (0.500)' in out
    assert 'missed by detection (no match): 1' in out
    assert 'matched but misread: 3' in out
    assert 'predictions 9, matching no line: 2' in out
    assert 'edge_punctuation  1' in out and 'substitution      2' in out
    # top 2 of four single edits: ties keep their first occurrence
    assert 'O -> 0' in out and '( -> (none)' in out and '5 -> 6' not in out


def test_bad_results_file_is_one_line(tmp_path, capsys):
    bad = tmp_path / 'bad.json'
    bad.write_text('{"metrics": {}}')
    assert run_tool(tool.main, 'e2e_errors.py', [str(bad)]) == 1
    err = capsys.readouterr().err
    assert 'bad.json: no "per_image" list' in err and 'Traceback' not in err
    bad.write_text('{')
    assert run_tool(tool.main, 'e2e_errors.py', [str(bad)]) == 1
    assert 'not JSON' in capsys.readouterr().err
