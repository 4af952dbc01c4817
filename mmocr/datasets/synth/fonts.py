"""Find TrueType/OpenType fonts and check which characters they can draw.

Fonts come from fontconfig (``fc-list``) and/or font folders
(:func:`mmocr.utils.fonts.find_font_files`). A font is kept
only when it draws every character of a required set (digits and ASCII
letters by default); the characters of the charset it covers are recorded so
that a text is only ever rendered with a font that has all its glyphs.

Glyph coverage is tested by rendering: a character whose bitmap equals the
font's ``.notdef`` glyph (what FreeType draws for a missing character), or
that draws no ink at all, is not covered.

A CJK font (one drawing common Chinese characters: WenQuanYi, AR PL, Noto
CJK) draws only texts holding CJK characters: its Latin glyphs are an
afterthought, and installing one leaves the fonts, hence the samples, of
Latin-only texts what they were.
"""
from __future__ import annotations

import os.path as osp
import string
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Sequence

import numpy as np
from PIL import ImageFont

from mmocr.utils.errors import InvalidValueError, SynthError
from mmocr.utils.fonts import find_font_files

__all__ = ['FontInfo', 'FontPool', 'find_font_files', 'glyph_coverage']

# A plane-16 private-use code point: no Latin font maps it, so it renders
# as the font's .notdef glyph.
_NOTDEF_PROBE = '\U0010fffd'
_PROBE_SIZE = 24
_REQUIRED = string.digits + string.ascii_letters

# Name hints (lower case) for the font's look; fonts carry no reliable flag.
_SERIF_HINTS = ('serif', 'roman', 'c059', 'p052', 'bookman', 'times',
                'georgia', 'garamond')
_SCRIPT_HINTS = ('z003', 'script', 'chancery', 'hand')
_LIGHT_HINTS = ('thin', 'hairline', 'extralight', 'ultralight')
_BOLD_HINTS = ('bold', 'black', 'heavy', 'demi', 'semibold', 'extrabold')
_SKIP_HINTS = ('math', 'symbol', 'dingbat', 'd050000l', 'emoji')
# Common ideographs: a font drawing them all is a CJK font.
_CJK_PROBE = '的一是不了人我在有他'


@dataclass(frozen=True)
class FontInfo:
    """One usable font file.

    Attributes:
        path: The font file.
        name: ``family style`` as the font reports it.
        monospace: Every glyph has the same advance (``i`` as wide as ``W``).
        serif: Looks like a serif face (from its name).
        script: A handwriting/calligraphic face (from its name).
        light: A hairline/thin weight (from its name).
        bold: A bold or heavier weight (from its name).
        italic: An italic or oblique face (from its name).
        chars: The characters of the charset the font draws.
        cjk: A CJK font (draws common Chinese characters).
    """

    path: str
    name: str
    monospace: bool
    serif: bool
    script: bool
    light: bool
    bold: bool
    italic: bool
    chars: frozenset = field(repr=False)
    cjk: bool = False

    @property
    def plain_sans(self) -> bool:
        """An upright sans or monospace face (receipts, documents)."""
        return not (self.serif or self.script or self.light or self.italic)


def _is_cjk(char: str) -> bool:
    """A CJK ideograph, kana, hangul or CJK/full-width punctuation."""
    code = ord(char)
    return (0x2E80 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF
            or 0xF900 <= code <= 0xFAFF or 0xFE30 <= code <= 0xFE4F
            or 0xFF00 <= code <= 0xFFEF or 0x20000 <= code <= 0x3FFFF)


def _glyph_key(font: ImageFont.FreeTypeFont, char: str) -> tuple:
    mask = font.getmask(char)
    return mask.size, bytes(mask)


def glyph_coverage(font: ImageFont.FreeTypeFont, chars: Iterable[str]
                   ) -> frozenset:
    """The characters of ``chars`` that ``font`` draws with a real glyph.

    Spaces count as covered when the font gives them a positive advance.
    """
    notdef = _glyph_key(font, _NOTDEF_PROBE)
    covered = set()
    for char in set(chars):
        if char.isspace():
            if font.getlength(char) > 0:
                covered.add(char)
            continue
        key = _glyph_key(font, char)
        has_ink = key[0][0] > 0 and key[0][1] > 0 and any(key[1])
        if has_ink and key != notdef:
            covered.add(char)
    return frozenset(covered)


def _describe(path: str, chars: str) -> FontInfo | None:
    """Font facts, or None when the file cannot be read or lacks glyphs."""
    lower = osp.basename(path).lower()
    if any(h in lower for h in _SKIP_HINTS):
        return None
    try:
        font = ImageFont.truetype(path, _PROBE_SIZE)
    except OSError:
        return None
    family, style = font.getname()
    name = f'{family} {style}'.strip()
    covered = glyph_coverage(font,
                             set(chars) | set(_REQUIRED) | set(_CJK_PROBE))
    if not set(_REQUIRED) <= covered:
        return None
    hint = f'{lower} {name.lower()}'.replace(' ', '').replace('-', '')
    return FontInfo(
        path=path, name=name,
        monospace=abs(font.getlength('i') - font.getlength('W')) < 0.5,
        serif=any(h in hint for h in _SERIF_HINTS) and 'sans' not in hint,
        script=any(h in hint for h in _SCRIPT_HINTS),
        light=any(h in hint for h in _LIGHT_HINTS),
        bold=any(h in hint for h in _BOLD_HINTS),
        italic='italic' in hint or 'oblique' in hint,
        chars=covered & frozenset(chars),
        cjk=set(_CJK_PROBE) <= covered)


@lru_cache(maxsize=4096)
def _load_font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


class FontPool:
    """The usable fonts, with coverage-aware random choice.

    Args:
        chars: Every character texts may contain (the charset).
        font_dirs: Extra folders searched recursively for font files.
        use_fontconfig: Also use the fonts fontconfig knows.
        font_files: Explicit font files (searched before the folders).

    Raises:
        RuntimeError: no font draws the digits and ASCII letters.
    """

    def __init__(self, chars: str, font_dirs: Sequence[str] = (),
                 use_fontconfig: bool = True,
                 font_files: Sequence[str] = ()):
        paths = sorted({osp.realpath(p) for p in font_files}
                       | set(find_font_files(font_dirs, use_fontconfig)))
        infos = [_describe(p, chars) for p in paths]
        self.fonts: list[FontInfo] = [f for f in infos if f is not None]
        if not self.fonts:
            raise SynthError(
                'no usable font found (need TrueType/OpenType fonts drawing '
                '0-9a-zA-Z): install the font packages listed in '
                'docs/en/synth.md or pass --font-dir')

    def __len__(self) -> int:
        return len(self.fonts)

    def candidates(self, text: str, kind: str = 'any') -> list[FontInfo]:
        """Fonts drawing every character of ``text`` (CJK fonts only when
        it holds CJK characters).

        Args:
            text: The text to draw.
            kind: ``'any'``, ``'document'`` (upright sans/mono faces),
                ``'mono'`` (upright monospace faces) or ``'scene'`` (no
                hairlines).
        """
        needed = set(text) - {' '}
        cjk_text = any(_is_cjk(c) for c in needed)
        fonts = [f for f in self.fonts
                 if needed <= f.chars and (cjk_text or not f.cjk)]
        if kind == 'document':
            fonts = [f for f in fonts if f.plain_sans]
        elif kind == 'mono':
            fonts = [f for f in fonts
                     if f.monospace and not (f.light or f.italic)]
        elif kind == 'scene':
            fonts = [f for f in fonts if not f.light]
        elif kind != 'any':
            raise InvalidValueError(f'unknown font kind {kind!r}')
        return fonts

    def choose(self, rng: np.random.Generator, text: str,
               kind: str = 'any') -> FontInfo | None:
        """A random font drawing ``text`` (falls back from ``kind`` to any
        font); None when no font draws it."""
        fonts = self.candidates(text, kind) or self.candidates(text)
        if not fonts:
            return None
        return fonts[int(rng.integers(len(fonts)))]

    @staticmethod
    def load(info: FontInfo, size: int) -> ImageFont.FreeTypeFont:
        """The PIL font of ``info`` at ``size`` pixels (cached)."""
        return _load_font(info.path, int(size))
