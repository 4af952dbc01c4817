"""tools/analysis/eval_synth_receipts.py reads a generated receipt with the
shipped models and scores it against the generator's ground truth."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from mmocr.datasets.synth import find_font_files
from mmocr.utils.scripts import load_script

REPO = Path(__file__).resolve().parents[2]


def test_eval_synth_receipts_scores_the_demo_receipt(capsys):
    if not find_font_files():
        pytest.skip('no TrueType fonts installed (make fonts)')
    path = REPO / 'tools' / 'analysis' / 'eval_synth_receipts.py'
    tool = load_script(path, 'eval_synth_tool')
    assert tool.main(['--seeds', '15', '16', '--show', '1']) == 0
    out = capsys.readouterr().out
    assert re.search(r'^seed 15: \d+/\d+ lines', out, re.M)
    acc = float(re.search(r'line accuracy ([\d.]+) over 1 receipts', out)[1])
    # fonts differ between machines, so only a loose floor
    assert 0.5 < acc <= 1.0
