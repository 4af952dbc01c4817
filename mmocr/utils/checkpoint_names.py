"""Checkpoint file names, as MMOCR 0.x (mmcv) writes and publishes them.

* Periodic checkpoints of a work dir: ``epoch_<N>.pth`` (epoch-based
  training) or ``iter_<N>.pth`` (iteration-based), ``N`` counted from 1,
  and ``latest.pth`` beside them, a link to (or copy of) the newest one.
* Published checkpoints: ``<stem>-<sha256[:8]>.pth``, the first 8 hex
  digits of the file's sha256 (OpenMMLab's release names, e.g.
  ``dbnet_r18_fpnc_sbn_1200e_icdar2015_20210329-ba3ab597.pth``); a suffix of
  8 to 64 lowercase hex digits is read as a sha256 prefix.
"""
from __future__ import annotations

import os.path as osp
import re

from mmocr.utils.errors import InvalidValueError

__all__ = [
    'LATEST_CHECKPOINT', 'checkpoint_template', 'checkpoint_name',
    'parse_checkpoint_name', 'published_name', 'hash_prefix'
]

#: the name of the link to the newest periodic checkpoint
LATEST_CHECKPOINT = 'latest.pth'

_PERIODIC_RE = re.compile(r'^(epoch|iter)_(\d+)\.pth$')
_HASH_RE = re.compile(r'-([a-f0-9]{8,64})\.[a-z]+$')


def checkpoint_template(by_epoch: bool) -> str:
    """``'epoch_{}.pth'`` or ``'iter_{}.pth'`` (to ``.format(N)``)."""
    return 'epoch_{}.pth' if by_epoch else 'iter_{}.pth'


def checkpoint_name(by_epoch: bool, n: int) -> str:
    """``epoch_<n>.pth`` or ``iter_<n>.pth``."""
    return checkpoint_template(by_epoch).format(int(n))


def parse_checkpoint_name(name: str) -> tuple[bool, int] | None:
    """``(by_epoch, N)`` of a periodic checkpoint's file name (a base name,
    e.g. ``'iter_250.pth'`` -> ``(False, 250)``), or ``None`` for any other
    name (``latest.pth``, ``best_acc_epoch_3.pth``, ...)."""
    match = _PERIODIC_RE.match(name)
    if match is None:
        return None
    return match.group(1) == 'epoch', int(match.group(2))


def published_name(stem: str, sha256: str, ext: str = '.pth') -> str:
    """``<stem>-<sha256[:8]><ext>`` (``stem`` may hold a directory)."""
    if not re.fullmatch(r'[a-f0-9]{8,64}', sha256):
        raise InvalidValueError(f'sha256 must be 8 to 64 lowercase hex digits, got '
                                f'{sha256!r}')
    return f'{stem}-{sha256[:8]}{ext}'


def hash_prefix(filename: str) -> str | None:
    """The sha256 prefix in a published name (``'x-ba3ab597.pth'`` ->
    ``'ba3ab597'``; a path or URL is read by its base name), else ``None``."""
    match = _HASH_RE.search(osp.basename(filename))
    return match.group(1) if match else None
