"""Shared fixtures. Data from ``../shared/data`` is optional: tests that need it
use the ``shared_data`` fixture and are skipped cleanly when it is absent."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get('MMOCR_SHARED_DATA',
                                  REPO_ROOT.parent / 'shared' / 'data'))


@pytest.fixture(scope='session')
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope='session')
def shared_data() -> Path:
    """``../shared/data``; skips the test when it is not there."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f'shared data not found at {SHARED_DATA}')
    return SHARED_DATA


@pytest.fixture(scope='session')
def toy_root(shared_data: Path) -> Path:
    """MMOCR 0.x's toy datasets (``../shared/data/mmocr_toy``)."""
    path = shared_data / 'mmocr_toy'
    if not path.is_dir():
        pytest.skip(f'{path} not found')
    return path


@pytest.fixture(scope='session')
def cjk_font() -> str:
    """A font file drawing Chinese and ASCII (Debian's fonts-wqy-microhei,
    fonts-wqy-zenhei, fonts-arphic-*, fonts-noto-cjk: ``make fonts``);
    skips the test when none is installed."""
    from PIL import ImageFont

    from mmocr.datasets.synth.fonts import find_font_files, glyph_coverage
    probe = frozenset('中文的A1')
    for path in find_font_files():
        if not os.path.basename(path).lower().startswith(
                ('wqy', 'ukai', 'uming', 'noto')):
            continue
        try:
            font = ImageFont.truetype(path, 24)
        except OSError:
            continue
        if glyph_coverage(font, probe) == probe:
            return path
    pytest.skip('no CJK font installed (make fonts: fonts-wqy-microhei)')
