"""Saving and loading checkpoints.

A checkpoint is ``{'meta': dict, 'state_dict': dict, 'optimizer': dict,
...}`` written by :func:`save_checkpoint` through a temporary file and an
atomic rename, so a crash never leaves a half-written file under the final
name. Every value inside is a tensor, number, string, ``None``, list, tuple
or dict, so ``torch.load(path, weights_only=True)`` reads it.

:func:`load_checkpoint` takes a path or an ``http(s)://`` URL; downloads are
cached in ``$MMOCR_HOME/checkpoints`` (``MMOCR_HOME`` defaults to
``~/.cache/mmocr``) and checked against the sha256 prefix of names like
``model_20210329-ba3ab597.pth``.
"""
from __future__ import annotations

import hashlib
import logging
import os
import os.path as osp
import re
import shutil
import time
import urllib.error
import urllib.request
from collections import OrderedDict
from typing import Any, Iterable
from urllib.parse import urlparse

import numpy as np
import torch
from torch import nn

from mmocr.utils.checkpoint_names import (
    LATEST_CHECKPOINT,
    hash_prefix,
    parse_checkpoint_name,
)
from mmocr.utils.fileio import atomic_open
from mmocr.version import __version__

from .dist_utils import is_module_wrapper

__all__ = [
    'CheckpointLoadError', 'save_checkpoint', 'load_checkpoint',
    'load_state_dict', 'weights_to_cpu', 'get_state_dict', 'load_from_http',
    'download_checkpoint',
    'find_latest_checkpoint', 'safe_torch_load', 'get_mmocr_home',
    'atomic_link_or_copy', 'checkpoint_state_dict'
]

_DEFAULT_REVISE_KEYS = [(r'^module\.', '')]
# numpy objects found in the ``meta`` of checkpoints saved by MMOCR 0.x.
_NUMPY_SAFE_GLOBALS: list[Any] = [np.dtype, np.ndarray]
for _name in ('_reconstruct', 'scalar'):
    for _mod in ('numpy.core.multiarray', 'numpy._core.multiarray'):
        try:
            _NUMPY_SAFE_GLOBALS.append(getattr(__import__(_mod, fromlist=['_']), _name))
            break
        except (ImportError, AttributeError):
            continue
_NUMPY_SAFE_GLOBALS += [type(np.dtype(t)) for t in
                        ('float64', 'float32', 'int64', 'int32', 'bool', 'uint8')]


class CheckpointLoadError(RuntimeError):
    """A checkpoint file cannot be read (missing, corrupt, truncated)."""


def get_mmocr_home() -> str:
    return osp.expanduser(os.environ.get(
        'MMOCR_HOME', osp.join(os.environ.get('XDG_CACHE_HOME', '~/.cache'), 'mmocr')))


def weights_to_cpu(state_dict: dict) -> OrderedDict:
    """A copy of ``state_dict`` with every tensor on the CPU."""
    return OrderedDict((k, v.detach().cpu() if isinstance(v, torch.Tensor) else v)
                       for k, v in state_dict.items())


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
        raise TypeError(f'meta must be a dict or None, got {type(meta).__name__}')
    meta = dict(meta or {})
    meta.setdefault('mmocr_version', __version__)
    meta['time'] = time.asctime()
    checkpoint: dict[str, Any] = {'meta': meta,
                                  'state_dict': get_state_dict(model)}
    if optimizer is not None:
        checkpoint['optimizer'] = optimizer.state_dict()
    checkpoint.update(extra)
    _atomic_save(checkpoint, filename)


def safe_torch_load(filename: str, map_location: Any = None) -> Any:
    """``torch.load(weights_only=True)`` with clear errors.

    Old MMOCR checkpoints may hold numpy scalars in ``meta``: those types are
    allowed too. Anything else that is not plain data, and any corrupt or
    truncated file, raises :class:`CheckpointLoadError` naming the file.
    """
    if not osp.isfile(filename):
        raise CheckpointLoadError(f'checkpoint file not found: {filename}')
    try:
        with torch.serialization.safe_globals(_NUMPY_SAFE_GLOBALS):
            return torch.load(filename, map_location=map_location,
                              weights_only=True)
    except Exception as err:  # torch raises many types for broken files
        message = str(err)
        detail = re.search(r'Unsupported[^\n]*', message)
        lines = [line.strip() for line in message.splitlines() if line.strip()]
        text = detail.group(0) if detail else (lines[0] if lines else '')
        if 'Unsupported global' in message:
            raise CheckpointLoadError(
                f'checkpoint {filename} holds objects other than tensors and '
                f'plain data and is not loaded for safety ({text})') from err
        size = osp.getsize(filename)
        raise CheckpointLoadError(
            f'cannot read checkpoint {filename} ({size} bytes): the file is '
            f'corrupt or truncated ({type(err).__name__}: {text})') from err


def _download(url: str, dst: str, sha256: str | None, progress: bool) -> None:
    from tqdm import tqdm
    digest = hashlib.sha256()
    try:
        with urllib.request.urlopen(url, timeout=60) as response, \
                atomic_open(dst, 'wb') as f:
            total = response.headers.get('Content-Length')
            with tqdm(total=int(total) if total else None, unit='B',
                      unit_scale=True, unit_divisor=1024, disable=not progress,
                      desc=osp.basename(dst)) as bar:
                while True:
                    chunk = response.read(1 << 16)
                    if not chunk:
                        break
                    f.write(chunk)
                    digest.update(chunk)
                    bar.update(len(chunk))
                if sha256 is not None and not digest.hexdigest().startswith(
                        sha256):
                    raise CheckpointLoadError(
                        f'sha256 mismatch for {url}: expected a hash starting '
                        f'with {sha256}, got {digest.hexdigest()}')
    except (urllib.error.URLError, OSError) as err:
        raise CheckpointLoadError(f'cannot download checkpoint {url}: {err}') from err


def load_from_http(url: str, map_location: Any = None,
                   model_dir: str | None = None, sha256: str | None = None,
                   progress: bool = True) -> Any:
    """Download ``url`` once into the cache and load it.

    The sha256 of the download must start with ``sha256`` (default: the
    hash suffix of the file name, if it has one).
    """
    return safe_torch_load(download_checkpoint(url, model_dir, sha256, progress),
                           map_location)


def download_checkpoint(url: str, model_dir: str | None = None,
                        sha256: str | None = None, progress: bool = True) -> str:
    """Download ``url`` once into ``model_dir`` (default
    ``$MMOCR_HOME/checkpoints``) and return the local path.

    The sha256 of the download must start with ``sha256`` (default: the
    hash suffix of the file name, if it has one).
    """
    model_dir = model_dir or osp.join(get_mmocr_home(), 'checkpoints')
    name = osp.basename(urlparse(url).path)
    if not name:
        raise CheckpointLoadError(f'URL has no file name: {url}')
    cached = osp.join(model_dir, name)
    if not osp.isfile(cached):
        _download(url, cached, sha256 or hash_prefix(name), progress)
    return cached


def _load_any(filename: str, map_location: Any) -> Any:
    if filename.startswith(('http://', 'https://')):
        return load_from_http(filename, map_location)
    return safe_torch_load(osp.expanduser(filename), map_location)


def load_state_dict(module: nn.Module, state_dict: dict, strict: bool = False,
                    logger: logging.Logger | None = None) -> list[str]:
    """Load matching entries; report missing, unexpected and mis-shaped keys.

    Returns the report lines. With ``strict`` any of them raises
    ``RuntimeError``; otherwise they are logged as warnings.
    """
    if is_module_wrapper(module):
        module = module.module
    own = module.state_dict()
    mismatched = [f'{k}: checkpoint {tuple(v.shape)}, model {tuple(own[k].shape)}'
                  for k, v in state_dict.items()
                  if k in own and isinstance(v, torch.Tensor)
                  and v.shape != own[k].shape]
    usable = {k: v for k, v in state_dict.items()
              if not (k in own and isinstance(v, torch.Tensor)
                      and v.shape != own[k].shape)}
    result = module.load_state_dict(usable, strict=False)
    report = []
    if result.unexpected_keys:
        report.append('unexpected key in source state_dict: '
                      + ', '.join(result.unexpected_keys))
    if result.missing_keys:
        report.append('missing keys in source state_dict: '
                      + ', '.join(result.missing_keys))
    if mismatched:
        report.append('size mismatch (not loaded): ' + '; '.join(mismatched))
    if report:
        if strict:
            raise RuntimeError('error loading state_dict:\n' + '\n'.join(report))
        (logger or logging.getLogger('mmocr')).warning('\n'.join(report))
    return report


def checkpoint_state_dict(checkpoint: Any, filename: str) -> dict:
    """The ``state_dict`` of a loaded ``checkpoint`` (itself when it is a
    bare state dict); errors name ``filename``."""
    if not isinstance(checkpoint, dict):
        raise CheckpointLoadError(f'no state_dict in checkpoint {filename}: '
                                  f'it holds a {type(checkpoint).__name__}')
    state_dict = checkpoint.get('state_dict', checkpoint)
    if not isinstance(state_dict, dict):
        raise CheckpointLoadError(f'state_dict of {filename} is a '
                                  f'{type(state_dict).__name__}, not a dict')
    return state_dict


def load_checkpoint(model: nn.Module, filename: str, map_location: Any = None,
                    strict: bool = False, logger: logging.Logger | None = None,
                    revise_keys: Iterable[tuple[str, str]] = _DEFAULT_REVISE_KEYS
                    ) -> dict:
    """Load weights from a path or URL into ``model``; return the checkpoint.

    Args:
        revise_keys: ``(pattern, replacement)`` regexes applied to every key
            (by default strips a ``module.`` prefix left by DataParallel).
    """
    checkpoint = _load_any(filename, map_location)
    state_dict = checkpoint_state_dict(checkpoint, filename)
    for pattern, repl in revise_keys:
        state_dict = OrderedDict((re.sub(pattern, repl, k), v)
                                 for k, v in state_dict.items())
    load_state_dict(model, state_dict, strict, logger)
    return checkpoint


def find_latest_checkpoint(work_dir: str, suffix: str = 'pth') -> str | None:
    """``latest.pth`` in ``work_dir``, else the ``epoch_N``/``iter_N``
    checkpoint with the largest N; ``None`` if there is none."""
    if not osp.isdir(work_dir):
        return None
    latest = osp.join(work_dir,
                      osp.splitext(LATEST_CHECKPOINT)[0] + f'.{suffix}')
    if osp.isfile(latest):
        return latest
    best, best_n = None, -1
    for name in os.listdir(work_dir):
        stem, ext = osp.splitext(name)  # epoch_N.<suffix> / iter_N.<suffix>
        parsed = (parse_checkpoint_name(stem + '.pth')
                  if ext == f'.{suffix}' else None)
        if parsed is not None and parsed[1] > best_n:
            best, best_n = osp.join(work_dir, name), parsed[1]
    return best
