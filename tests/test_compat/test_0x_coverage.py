"""How many of MMOCR 0.x's public names exist here at the same path
(``tools/misc/count_0x_api.py``); the counts may only grow."""
from __future__ import annotations

from pathlib import Path

from mmocr.utils.scripts import load_script

TOOL = Path(__file__).resolve().parents[2] / 'tools' / 'misc' / 'count_0x_api.py'

# Measured when the list was written (functions/classes, all names);
# raise them when names are added.
FLOOR = {'def': 350, 'total': 821}


def _tool():
    return load_script(TOOL, 'count_0x_api')


def test_names_list_is_well_formed():
    rows = _tool().read_names()
    assert len(rows) == len(set(rows)) == 821
    assert sum(kind == 'def' for _, _, kind in rows) == 350
    assert {kind for _, _, kind in rows} == {'def', 'all'}
    assert ('mmocr.core.evaluation.utils', 'one2one_match_ic13', 'def') in rows


def test_0x_names_found_at_their_paths(capsys):
    tool = _tool()
    stats = tool.count(tool.read_names())
    for kind, floor in FLOOR.items():
        found, listed, missing = stats[kind]
        assert found >= floor, (kind, found, missing)
        assert found + len(missing) == listed
    assert tool.main([]) == 0
    assert 'of  350 MMOCR 0.x functions and classes' in capsys.readouterr().out


def test_names_from_source(tmp_path):
    pkg = tmp_path / 'mmocr' / 'sub'
    pkg.mkdir(parents=True)
    (tmp_path / 'mmocr' / '__init__.py').write_text(
        'from . import sub\nfrom .sub import *\n'
        "__all__ = ['VERSION'] + sub.__all__\n")
    (pkg / '__init__.py').write_text("from .mod import Foo\n__all__ = ['Foo']\n")
    (pkg / 'mod.py').write_text('class Foo:\n    pass\n\n\n'
                                'def bar():\n    pass\n\n\ndef _hidden():\n'
                                '    pass\n')
    assert _tool().names_from_source(str(tmp_path)) == [
        ('mmocr', 'Foo', 'all'), ('mmocr', 'VERSION', 'all'),
        ('mmocr.sub', 'Foo', 'all'), ('mmocr.sub.mod', 'Foo', 'def'),
        ('mmocr.sub.mod', 'bar', 'def')]
