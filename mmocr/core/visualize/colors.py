"""Colours: names, gray levels and BGR triples; the palette of boxes."""
from __future__ import annotations

from typing import Sequence

import numpy as np

from mmocr.utils.errors import InvalidValueError

_COLORS = {
    'red': (0, 0, 255), 'green': (0, 255, 0), 'blue': (255, 0, 0),
    'cyan': (255, 255, 0), 'yellow': (0, 255, 255), 'magenta': (255, 0, 255),
    'white': (255, 255, 255), 'black': (0, 0, 0),
}
# One colour per box, cycled (BGR).
PALETTE = ((0, 0, 255), (0, 160, 0), (255, 0, 0), (0, 140, 255),
           (200, 0, 200), (160, 160, 0), (0, 0, 140), (120, 60, 0))


def color_val(color: str | int | Sequence[int] | np.ndarray) -> tuple[int, ...]:
    """A BGR tuple from a colour name, a gray level or a 3-sequence."""
    if isinstance(color, str):
        if color not in _COLORS:
            raise InvalidValueError(f'unknown colour {color!r}; known: '
                                    f'{", ".join(sorted(_COLORS))}')
        return _COLORS[color]
    if isinstance(color, (int, np.integer)):
        if not 0 <= color <= 255:
            raise InvalidValueError(f'colour level must be in [0, 255], got {color}')
        return (int(color), ) * 3
    values = tuple(int(c) for c in np.asarray(color).ravel())
    if len(values) != 3 or not all(0 <= c <= 255 for c in values):
        raise InvalidValueError(f'colour must be 3 values in [0, 255], got {color!r}')
    return values


def gen_color() -> list[tuple[int, int, int]]:
    """The BGR colours boxes are drawn in, one per box, cycled."""
    return list(PALETTE)
