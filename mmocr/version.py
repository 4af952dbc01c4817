from __future__ import annotations

__version__ = '0.6.3'
short_version = __version__


def digit_version(version_str: str) -> list[int]:
    """A version string as a list of integers, for comparisons (MMOCR 0.x).

    ``'0.6.3'`` gives ``[0, 6, 3]``. A release candidate sorts below its
    release: ``'1.4.0rc1'`` gives ``[1, 4, -1, 1]`` (the part before ``rc``
    minus one, then the candidate number). Other non-numeric parts
    (``'dev0'``, ``'post1'``) are dropped.
    """
    parts: list[int] = []
    for part in version_str.split('.'):
        if part.isdigit():
            parts.append(int(part))
        elif 'rc' in part:
            before, _, after = part.partition('rc')
            if before.isdigit() and after.isdigit():
                parts.extend((int(before) - 1, int(after)))
    return parts
