"""Hook priorities: mmcv's names and integer values (lower runs first)."""
from __future__ import annotations

from enum import IntEnum

from mmocr.utils.errors import InvalidTypeError, InvalidValueError

__all__ = ['Priority', 'get_priority']


class Priority(IntEnum):
    """Named priorities, as in mmcv 1.x."""

    HIGHEST = 0
    VERY_HIGH = 10
    HIGH = 30
    ABOVE_NORMAL = 40
    NORMAL = 50
    BELOW_NORMAL = 60
    LOW = 70
    VERY_LOW = 90
    LOWEST = 100


def get_priority(priority: int | str | Priority) -> int:
    """Turn a name (``'NORMAL'``, ``'low'``), a :class:`Priority` or an int
    in ``[0, 100]`` into an int."""
    if isinstance(priority, Priority):
        return int(priority)
    if isinstance(priority, bool):
        raise InvalidTypeError('priority must be an int, a str or a Priority, got '
                               f'{priority!r}')
    if isinstance(priority, int):
        if not 0 <= priority <= 100:
            raise InvalidValueError(f'priority must be in [0, 100], got {priority}')
        return priority
    if isinstance(priority, str):
        try:
            return int(Priority[priority.upper()])
        except KeyError:
            raise InvalidValueError(
                f'unknown priority "{priority}"; use one of '
                f'{", ".join(p.name for p in Priority)} or an int in [0, 100]'
            ) from None
    raise InvalidTypeError(
        f'priority must be an int, a str or a Priority, got {priority!r}')
