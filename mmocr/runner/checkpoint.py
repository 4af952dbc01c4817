"""Saving checkpoints, finding the one to resume from.

A checkpoint is ``{'meta': dict, 'state_dict': dict, 'optimizer': dict,
...}`` written by :func:`save_checkpoint` through a temporary file and an
atomic rename, so a crash never leaves a half-written file under the final
name. Every value inside is a tensor, number, string, ``None``, list, tuple
or dict, so ``torch.load(path, weights_only=True)`` reads it.

Loading lives in :mod:`mmocr.utils.checkpoint` (models load pretrained
weights too, and they sit below the runner); its names are re-exported here
for MMOCR 0.x code (``from mmocr.runner.checkpoint import load_checkpoint``).
"""
from __future__ import annotations

import logging
import os
import os.path as osp
import re
import shutil
import time
from collections import OrderedDict
from typing import Any

import torch
from torch import nn

from mmocr.utils.checkpoint import (
    CheckpointLoadError,
    checkpoint_state_dict,
    download_checkpoint,
    get_mmocr_home,
    load_checkpoint,
    load_from_http,
    load_state_dict,
    safe_torch_load,
    weights_to_cpu,
)
from mmocr.utils.checkpoint_names import LATEST_CHECKPOINT, parse_checkpoint_name
from mmocr.utils.dist import is_module_wrapper
from mmocr.utils.errors import InvalidTypeError
from mmocr.utils.fileio import atomic_open
from mmocr.version import __version__

__all__ = [
    'CheckpointLoadError', 'save_checkpoint', 'load_checkpoint',
    'load_state_dict', 'weights_to_cpu', 'get_state_dict', 'load_from_http',
    'download_checkpoint',
    'find_latest_checkpoint', 'safe_torch_load', 'get_mmocr_home',
    'atomic_link_or_copy', 'checkpoint_state_dict', 'resumable_checkpoints',
    'remove_stale_tmp_files'
]

# Temporary files of checkpoint writes: ``.epoch_3.pth.<random>.tmp``
# (atomic_open) and ``.latest.pth.<pid>.tmp`` (atomic_link_or_copy).
_TMP_RE = re.compile(r'^\..+\.pth\..+\.tmp$')


def get_state_dict(module: nn.Module) -> OrderedDict:
    """The unwrapped module's state dict, on the CPU."""
    if is_module_wrapper(module):
        module = module.module
    return weights_to_cpu(module.state_dict())


def _atomic_save(obj: Any, filename: str) -> None:
    with atomic_open(filename, 'wb') as f:
        torch.save(obj, f)


def atomic_link_or_copy(src: str, dst: str) -> None:
    """Make ``dst`` a hard link to (or a copy of) ``src``, atomically.

    Unlike a symlink, ``dst`` stays valid when ``src`` is deleted later.
    """
    dirname = osp.dirname(osp.abspath(dst))
    tmp = osp.join(dirname, f'.{osp.basename(dst)}.{os.getpid()}.tmp')
    if osp.lexists(tmp):
        os.remove(tmp)
    try:
        os.link(src, tmp)
    except OSError:
        shutil.copyfile(src, tmp)
    os.replace(tmp, dst)


def save_checkpoint(model: nn.Module, filename: str,
                    optimizer: torch.optim.Optimizer | None = None,
                    meta: dict | None = None, **extra: Any) -> None:
    """Write ``{'meta', 'state_dict', 'optimizer', **extra}`` atomically.

    ``meta`` gets ``mmocr_version`` and ``time`` added. ``extra`` entries
    (e.g. ``rng``) must be weights-only loadable too.
    """
    if meta is not None and not isinstance(meta, dict):
        raise InvalidTypeError(
            f'meta must be a dict or None, got {type(meta).__name__}')
    meta = dict(meta or {})
    meta.setdefault('mmocr_version', __version__)
    meta['time'] = time.asctime()
    checkpoint: dict[str, Any] = {'meta': meta,
                                  'state_dict': get_state_dict(model)}
    if optimizer is not None:
        checkpoint['optimizer'] = optimizer.state_dict()
    checkpoint.update(extra)
    _atomic_save(checkpoint, filename)


def remove_stale_tmp_files(out_dir: str, before: float,
                           logger: logging.Logger | None = None) -> list[str]:
    """Remove the temporary files of checkpoint writes in ``out_dir`` that
    died (a kill during ``torch.save`` leaves ``.epoch_N.pth.*.tmp``).

    Only files last modified before ``before`` (a Unix time: the start of
    the current run) are removed. A write in progress keeps its file's
    modification time current, so the file of a live write, whether by this
    run or another process, is never touched; what is removed is what a
    run that ended before this one began left behind.

    Returns:
        The removed paths (each logged).
    """
    if not osp.isdir(out_dir):
        return []
    removed = []
    for name in sorted(os.listdir(out_dir)):
        path = osp.join(out_dir, name)
        if not _TMP_RE.match(name) or not osp.isfile(path):
            continue
        try:
            if os.stat(path).st_mtime >= before:
                continue
            os.remove(path)
        except FileNotFoundError:  # its writer renamed or removed it
            continue
        removed.append(path)
        (logger or logging.getLogger('mmocr')).info(
            'removed %s, the temporary file of a checkpoint write that did '
            'not finish', path)
    return removed


def resumable_checkpoints(work_dir: str, suffix: str = 'pth') -> list[str]:
    """The checkpoints of ``work_dir`` to resume from, newest first:
    ``latest.pth``, then ``epoch_N``/``iter_N`` by decreasing N (``[]``
    when there is none)."""
    if not osp.isdir(work_dir):
        return []
    latest = osp.join(work_dir,
                      osp.splitext(LATEST_CHECKPOINT)[0] + f'.{suffix}')
    found = [latest] if osp.isfile(latest) else []
    numbered = []
    for name in os.listdir(work_dir):
        stem, ext = osp.splitext(name)  # epoch_N.<suffix> / iter_N.<suffix>
        parsed = (parse_checkpoint_name(stem + '.pth')
                  if ext == f'.{suffix}' else None)
        if parsed is not None:
            numbered.append((parsed[1], osp.join(work_dir, name)))
    return found + [path for _, path in sorted(numbered, reverse=True)]


def find_latest_checkpoint(work_dir: str, suffix: str = 'pth') -> str | None:
    """``latest.pth`` in ``work_dir``, else the ``epoch_N``/``iter_N``
    checkpoint with the largest N; ``None`` if there is none."""
    found = resumable_checkpoints(work_dir, suffix)
    return found[0] if found else None
