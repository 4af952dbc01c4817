"""Font discovery: TrueType/OpenType files in folders and fontconfig, and the
font to draw a given text with.

Used by the drawing code (:mod:`mmocr.core.visualize`) and the synthetic
data engine (:mod:`mmocr.datasets.synth`).
"""
from __future__ import annotations

import os
import os.path as osp
import shutil
import subprocess
from typing import Sequence

__all__ = ['FONT_EXTENSIONS', 'SYSTEM_FONT_DIRS', 'DEFAULT_FONT_FILE',
           'fontconfig_files', 'fontconfig_match', 'find_font_files',
           'find_font']

FONT_EXTENSIONS = ('.ttf', '.otf', '.ttc')
# The usual font folders (Linux, macOS, Windows), searched by ``find_font``
# when fontconfig knows no DejaVu Sans.
SYSTEM_FONT_DIRS = ('/usr/share/fonts', '/usr/local/share/fonts',
                    osp.expanduser('~/.fonts'), '/Library/Fonts',
                    'C:\\Windows\\Fonts')
# The font ``find_font`` falls back to.
DEFAULT_FONT_FILE = 'DejaVuSans.ttf'


def _is_font_file(path: str) -> bool:
    return path.lower().endswith(FONT_EXTENSIONS) and osp.isfile(path)


def fontconfig_files() -> list[str]:
    """Font files known to fontconfig (empty when ``fc-list`` is missing or
    fails), in fontconfig's order."""
    if shutil.which('fc-list') is None:
        return []
    try:
        out = subprocess.run(['fc-list', '--format', '%{file}\n'],
                             capture_output=True, text=True, timeout=60,
                             check=True).stdout
    except (subprocess.SubprocessError, OSError):
        return []
    return [line.strip() for line in out.splitlines() if line.strip()]


def fontconfig_match(pattern: str) -> str | None:
    """The font file fontconfig's ``fc-match`` picks for ``pattern`` (e.g.
    ``'DejaVu Sans'`` or ``':charset=4e2d'``); ``None`` without fontconfig
    or when its answer is not an existing font file."""
    if shutil.which('fc-match') is None:
        return None
    try:
        out = subprocess.run(['fc-match', '-f', '%{file}', pattern],
                             capture_output=True, text=True, timeout=10,
                             check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return out if _is_font_file(out) else None


def _dir_files(font_dir: str) -> list[str]:
    if not osp.isdir(font_dir):
        raise FileNotFoundError(f'font folder not found: {font_dir}')
    files = []
    for root, dirs, names in os.walk(font_dir):
        dirs.sort()
        files.extend(osp.join(root, n) for n in sorted(names))
    return files


def find_font_files(font_dirs: Sequence[str] = (),
                    use_fontconfig: bool = True) -> list[str]:
    """TrueType/OpenType files (``.ttf``, ``.otf``, ``.ttc``, any case) in
    ``font_dirs`` (searched recursively) and, with ``use_fontconfig``, those
    fontconfig knows.

    Files with the same name (one family installed twice) are kept once: the
    first found, folders in the given order before fontconfig. The result
    (real paths) is sorted so that a seed picks the same fonts everywhere.

    Raises:
        FileNotFoundError: a folder of ``font_dirs`` does not exist.
    """
    candidates: list[str] = []
    for font_dir in font_dirs:
        candidates.extend(_dir_files(font_dir))
    if use_fontconfig:
        candidates.extend(fontconfig_files())
    by_name: dict[str, str] = {}
    for path in candidates:
        if _is_font_file(path):
            by_name.setdefault(osp.basename(path).lower(), osp.realpath(path))
    return sorted(by_name.values())


def _default_font_in_system_dirs() -> str | None:
    dirs = [d for d in SYSTEM_FONT_DIRS if osp.isdir(d)]
    for path in find_font_files(dirs, use_fontconfig=False):
        if osp.basename(path) == DEFAULT_FONT_FILE:
            return path
    return None


_FONT_CACHE: dict[str, str | None] = {}


def find_font(text: str = '') -> str | None:
    """A TrueType/OpenType font file for drawing ``text``, or ``None``.

    Order: ``$MMOCR_FONT``; for text beyond Latin-1, fontconfig's best match
    for its characters; fontconfig's DejaVu Sans; a ``DejaVuSans.ttf`` in
    :data:`SYSTEM_FONT_DIRS`. The answer (except ``$MMOCR_FONT``) is cached
    per set of non-Latin-1 characters.

    Raises:
        FileNotFoundError: ``$MMOCR_FONT`` is set but not a file.
    """
    env = os.environ.get('MMOCR_FONT')
    if env:
        if not osp.isfile(env):
            raise FileNotFoundError(f'MMOCR_FONT={env} is not a file')
        return env
    wide = sorted({c for c in text if ord(c) > 255})[:32]
    key = ''.join(wide)
    if key not in _FONT_CACHE:
        found = None
        if wide:
            charset = ' '.join(f'{ord(c):x}' for c in wide)
            found = fontconfig_match(f':charset={charset}')
        found = (found or fontconfig_match('DejaVu Sans')
                 or _default_font_in_system_dirs())
        _FONT_CACHE[key] = found
    return _FONT_CACHE[key]
