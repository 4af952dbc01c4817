from __future__ import annotations

__version__ = '0.6.3'
short_version = __version__


def digit_version(version: str) -> tuple[int, ...]:
    """'0.6.3' -> (0, 6, 3); non-numeric parts are dropped."""
    return tuple(int(p) for p in version.split('.') if p.isdigit())
