"""Font discovery: one home (mmocr.utils.fonts) for drawing and synthesis."""
import os

import pytest

from mmocr.core import visualize
from mmocr.datasets import synth
from mmocr.utils import fonts


def _touch(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b'fake font')
    return path


def test_one_home_for_drawing_and_synthesis():
    assert visualize.find_font is fonts.find_font
    assert synth.find_font_files is fonts.find_font_files
    assert synth.fonts.find_font_files is fonts.find_font_files


def test_find_font_files_filters_dedupes_and_sorts(tmp_path):
    first, second = tmp_path / 'first', tmp_path / 'second'
    keep = [_touch(first / 'b.ttf'), _touch(first / 'sub' / 'A.OTF'),
            _touch(first / 'c.ttc')]
    _touch(first / 'readme.txt')
    _touch(first / 'font.ttf.bak')
    (first / 'dir.ttf').mkdir()                  # a folder, not a file
    _touch(second / 'B.TTF')                     # same name as first/b.ttf
    extra = _touch(second / 'z.ttf')
    found = fonts.find_font_files([str(first), str(second)],
                                  use_fontconfig=False)
    expected = sorted(os.path.realpath(p) for p in [*keep, extra])
    assert found == expected
    # The folder given first wins a name clash (case-insensitive).
    assert os.path.realpath(second / 'B.TTF') not in found
    reversed_order = fonts.find_font_files([str(second), str(first)],
                                           use_fontconfig=False)
    assert os.path.realpath(second / 'B.TTF') in reversed_order
    assert os.path.realpath(first / 'b.ttf') not in reversed_order


def test_find_font_files_missing_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match='font folder not found'):
        fonts.find_font_files([str(tmp_path / 'nope')], use_fontconfig=False)


def test_find_font_files_adds_fontconfig_after_folders(tmp_path, monkeypatch):
    mine = _touch(tmp_path / 'dir' / 'same.ttf')
    other = _touch(tmp_path / 'fc' / 'same.ttf')
    known = _touch(tmp_path / 'fc' / 'known.otf')
    monkeypatch.setattr(fonts, 'fontconfig_files',
                        lambda: [str(other), str(known), '/no/such.ttf'])
    found = fonts.find_font_files([str(tmp_path / 'dir')])
    assert found == sorted([os.path.realpath(mine), os.path.realpath(known)])


def test_find_font_order(tmp_path, monkeypatch):
    """$MMOCR_FONT, fontconfig's match for the characters, fontconfig's
    DejaVu Sans, then DejaVuSans.ttf in the system font folders."""
    monkeypatch.delenv('MMOCR_FONT', raising=False)
    monkeypatch.setattr(fonts, '_FONT_CACHE', {})
    system = tmp_path / 'system'
    dejavu = _touch(system / 'truetype' / 'dejavu' / 'DejaVuSans.ttf')
    _touch(system / 'aaa' / 'Other.ttf')
    monkeypatch.setattr(fonts, 'SYSTEM_FONT_DIRS',
                        (str(tmp_path / 'missing'), str(system)))
    answers = {}
    monkeypatch.setattr(fonts, 'fontconfig_match',
                        lambda pattern: answers.get(pattern))
    assert fonts.find_font('abc') == os.path.realpath(dejavu)

    monkeypatch.setattr(fonts, '_FONT_CACHE', {})
    answers['DejaVu Sans'] = '/fc/DejaVuSans.ttf'
    assert fonts.find_font('abc') == '/fc/DejaVuSans.ttf'

    answers[':charset=4e2d'] = '/fc/cjk.ttc'
    assert fonts.find_font('a中') == '/fc/cjk.ttc'
    # Latin-1 text does not ask for a charset match.
    assert fonts.find_font('é') == '/fc/DejaVuSans.ttf'

    env_font = _touch(tmp_path / 'env.ttf')
    monkeypatch.setenv('MMOCR_FONT', str(env_font))
    assert fonts.find_font('a中') == str(env_font)


def test_find_font_none_without_any_font(tmp_path, monkeypatch):
    monkeypatch.delenv('MMOCR_FONT', raising=False)
    monkeypatch.setattr(fonts, '_FONT_CACHE', {})
    monkeypatch.setattr(fonts, 'SYSTEM_FONT_DIRS', (str(tmp_path),))
    monkeypatch.setattr(fonts, 'fontconfig_match', lambda pattern: None)
    assert fonts.find_font('abc') is None


def test_fontconfig_missing(monkeypatch):
    monkeypatch.setattr(fonts.shutil, 'which', lambda name: None)
    assert fonts.fontconfig_files() == []
    assert fonts.fontconfig_match('DejaVu Sans') is None
