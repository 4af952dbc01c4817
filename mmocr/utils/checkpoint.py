"""Loading checkpoints: weights-only reads, URL download and cache.

Every layer that needs weights (pretrained backbones, ``init_model``, the
tools) loads them here; saving and resuming live in
:mod:`mmocr.runner.checkpoint`, which re-exports these names for 0.x code.

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
import urllib.error
import urllib.request
from collections import OrderedDict
from typing import Any, Iterable
from urllib.parse import urlparse

import numpy as np
import torch
from torch import nn
from tqdm import tqdm

from .checkpoint_names import hash_prefix
from .dist import is_module_wrapper
from .fileio import atomic_open

__all__ = [
    'CheckpointLoadError', 'load_checkpoint', 'load_state_dict',
    'weights_to_cpu', 'load_from_http', 'download_checkpoint',
    'safe_torch_load', 'get_mmocr_home', 'checkpoint_state_dict'
]

_DEFAULT_REVISE_KEYS = [(r'^module\.', '')]
# torch names the refused global as "Unsupported global: GLOBAL a.b" (a class
# not on the allow list) or "unsupported GLOBAL posix.system whose module
# posix is blocked" (torch 2.13, a blocked module).
_UNSAFE_GLOBAL_RE = re.compile(
    r'unsupported\s+global:?\s+(?:global\s+)?([\w.]+)', re.IGNORECASE)
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
    """A checkpoint file cannot be read (missing, corrupt, truncated, or
    refused as unsafe)."""


def get_mmocr_home() -> str:
    """``$MMOCR_HOME``, default ``$XDG_CACHE_HOME/mmocr`` (``~/.cache/mmocr``)."""
    return osp.expanduser(os.environ.get(
        'MMOCR_HOME', osp.join(os.environ.get('XDG_CACHE_HOME', '~/.cache'), 'mmocr')))


def weights_to_cpu(state_dict: dict) -> OrderedDict:
    """A copy of ``state_dict`` with every tensor on the CPU."""
    return OrderedDict((k, v.detach().cpu() if isinstance(v, torch.Tensor) else v)
                       for k, v in state_dict.items())


def safe_torch_load(filename: str, map_location: Any = None) -> Any:
    """``torch.load(weights_only=True)`` with clear errors.

    Old MMOCR checkpoints may hold numpy scalars in ``meta``: those types are
    allowed too. A file holding any other object (a class, a function such
    as ``os.system``) is refused as unsafe, naming the file and the global;
    a corrupt or truncated file raises too. Both raise
    :class:`CheckpointLoadError`.
    """
    if not osp.isfile(filename):
        raise CheckpointLoadError(f'checkpoint file not found: {filename}')
    try:
        with torch.serialization.safe_globals(_NUMPY_SAFE_GLOBALS):
            return torch.load(filename, map_location=map_location,
                              weights_only=True)
    except Exception as err:  # torch raises many types for broken files
        message = str(err)
        unsafe = _UNSAFE_GLOBAL_RE.search(message)
        if unsafe:
            raise CheckpointLoadError(
                f'checkpoint {filename} was refused as unsafe: it holds the '
                f'global {unsafe.group(1)}, and only tensors and plain data '
                'are loaded. Use checkpoints from trusted sources saved with '
                'tensors only (e.g. tools/publish_model.py)') from None
        lines = [line.strip() for line in message.splitlines() if line.strip()]
        text = lines[0] if lines else ''
        size = osp.getsize(filename)
        raise CheckpointLoadError(
            f'cannot read checkpoint {filename} ({size} bytes): the file is '
            f'corrupt or truncated ({type(err).__name__}: {text})') from err


def _download(url: str, dst: str, sha256: str | None, progress: bool) -> None:
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


def _check_weights_fit(model: nn.Module, state_dict: dict, filename: str) -> None:
    """Refuse a checkpoint of another model: raise
    :class:`CheckpointLoadError` naming ``filename`` when ``state_dict`` has
    tensors but none of them fits ``model`` (same key and shape). A partial
    fit (a head of another size) is left to :func:`load_state_dict`'s
    warnings."""
    if is_module_wrapper(model):
        model = model.module
    own = model.state_dict()
    tensors = [k for k, v in state_dict.items() if isinstance(v, torch.Tensor)]
    if not own or not tensors or any(
            k in own and own[k].shape == state_dict[k].shape for k in tensors):
        return
    raise CheckpointLoadError(
        f'none of the {len(tensors)} weights of checkpoint {filename} fit the '
        f'{len(own)} of {type(model).__name__}: is it a checkpoint of another '
        f'model or config? (checkpoint keys like {tensors[0]!r}, model keys '
        f'like {next(iter(own))!r})')


def load_checkpoint(model: nn.Module, filename: str, map_location: Any = None,
                    strict: bool = False, logger: logging.Logger | None = None,
                    revise_keys: Iterable[tuple[str, str]] = _DEFAULT_REVISE_KEYS,
                    prefix: str | None = None) -> dict:
    """Load weights from a path or URL into ``model``; return the checkpoint.

    Args:
        revise_keys: ``(pattern, replacement)`` regexes applied to every key
            (by default strips a ``module.`` prefix left by DataParallel).
        prefix: Load only the weights under ``prefix`` (``'backbone'`` or
            ``'backbone.'``), with the prefix removed: a part of a larger
            model's checkpoint (mmcv's ``Pretrained(prefix=...)``).
    """
    checkpoint = _load_any(filename, map_location)
    state_dict = checkpoint_state_dict(checkpoint, filename)
    if prefix:
        prefix = prefix if prefix.endswith('.') else prefix + '.'
        state_dict = OrderedDict((k[len(prefix):], v)
                                 for k, v in state_dict.items()
                                 if k.startswith(prefix))
        if not state_dict:
            raise CheckpointLoadError(f'checkpoint {filename} has no weights '
                                      f'under the prefix {prefix!r}')
    for pattern, repl in revise_keys:
        state_dict = OrderedDict((re.sub(pattern, repl, k), v)
                                 for k, v in state_dict.items())
    _check_weights_fit(model, state_dict, filename)
    load_state_dict(model, state_dict, strict, logger)
    return checkpoint
