"""Type checks used to validate arguments (MMOCR 0.x names)."""
from __future__ import annotations

from typing import Any, Sized

import numpy as np

from mmocr.utils.errors import InvalidValueError

__all__ = [
    'is_3dlist', 'is_2dlist', 'is_type_list', 'is_ndarray_list',
    'is_none_or_type', 'equal_len', 'valid_boundary'
]


def is_3dlist(x: Any) -> bool:
    """True for a list whose items are all 2d lists (an empty list counts)."""
    return isinstance(x, list) and all(is_2dlist(item) for item in x)


def is_2dlist(x: Any) -> bool:
    """True for a list whose items are all lists (an empty list counts)."""
    return isinstance(x, list) and all(isinstance(item, list) for item in x)


def is_type_list(x: Any, type: type | tuple[type, ...]) -> bool:
    """True for a list whose items are all instances of ``type``."""
    return isinstance(x, list) and all(isinstance(item, type) for item in x)


def is_ndarray_list(x: Any) -> bool:
    """True for a list of numpy arrays."""
    return is_type_list(x, np.ndarray)


def is_none_or_type(x: Any, type: type | tuple[type, ...]) -> bool:
    """True when ``x`` is ``None`` or an instance of ``type``."""
    return x is None or isinstance(x, type)


def equal_len(*argv: Sized) -> bool:
    """True when all arguments have the same length.

    Raises:
        ValueError: no argument was given.
    """
    if not argv:
        raise InvalidValueError('equal_len needs at least one argument')
    first = len(argv[0])
    return all(len(arg) == first for arg in argv)


def valid_boundary(x: Sized, with_score: bool = True) -> bool:
    """Check a flat boundary ``[x1, y1, ..., xn, yn(, score)]``.

    A boundary needs at least 4 points (8 values); with ``with_score`` it has
    an odd length (the score last), otherwise an even one.
    """
    num = len(x)
    if num < 8:
        return False
    return num % 2 == (1 if with_score else 0)
