"""docs/en/model_zoo.md lists each zoo name once, under "Implemented" when
this project has its config and under "Listed but not implemented"
otherwise, so that the page cannot drift from the zoo."""
from __future__ import annotations

import re
from pathlib import Path

from mmocr.inference.model_zoo import MODEL_ZOO

REPO = Path(__file__).resolve().parents[2]


def _sections() -> tuple[set, set]:
    text = (REPO / 'docs/en/model_zoo.md').read_text(encoding='utf-8')
    implemented = text.split('### Implemented', 1)[1].split('###', 1)[0]
    missing = text.split('### Listed but not implemented', 1)[1]
    missing = missing.split('\n## ', 1)[0]
    rows = {(task, name) for task, name in re.findall(
        r'^\| (\w+) \| `([^`]+)` \|', implemented, re.M)}
    listed = set()
    for task, names in re.findall(r'^- (\w+): (.*?)(?=^- |\Z)', missing,
                                  re.M | re.S):
        listed |= {(task, n) for n in re.findall(r'`([^`]+)`', names)}
    return rows, listed


def test_model_zoo_page_matches_the_zoo():
    rows, listed = _sections()
    have = {(task, name) for task, entries in MODEL_ZOO.items()
            for name, entry in entries.items()
            if entry.config is None or (REPO / 'configs' / entry.config)
            .is_file()}
    lacking = {(task, name) for task, entries in MODEL_ZOO.items()
               for name in entries} - have
    assert rows == have
    assert listed == lacking
