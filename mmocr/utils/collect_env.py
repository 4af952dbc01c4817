"""Describe the running environment (for bug reports and log headers)."""
from __future__ import annotations

import os
import os.path as osp
import subprocess
import sys
from collections import OrderedDict, defaultdict

from mmocr.version import __version__

__all__ = ['collect_env', 'get_git_hash']


def _run(cmd: list[str], cwd: str | None = None) -> str | None:
    """First output line of ``cmd``, or ``None`` when it cannot run."""
    try:
        out = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True,
                             timeout=10, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return out.strip().splitlines()[0] if out.strip() else None


def get_git_hash(digits: int | None = None) -> str:
    """Commit hash of the source tree ``mmocr`` is imported from, or
    ``'unknown'`` outside a git checkout."""
    repo = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
    sha = _run(['git', 'rev-parse', 'HEAD'], cwd=repo) or 'unknown'
    return sha[:digits] if digits and sha != 'unknown' else sha


def _cuda_info(torch) -> OrderedDict:
    info: OrderedDict = OrderedDict()
    cuda_available = torch.cuda.is_available()
    info['CUDA available'] = cuda_available
    if not cuda_available:
        return info
    devices = defaultdict(list)
    for i in range(torch.cuda.device_count()):
        devices[torch.cuda.get_device_name(i)].append(str(i))
    for name, ids in devices.items():
        info['GPU ' + ','.join(ids)] = name
    from torch.utils.cpp_extension import CUDA_HOME
    info['CUDA_HOME'] = CUDA_HOME
    if CUDA_HOME is not None and osp.isdir(CUDA_HOME):
        nvcc = _run([osp.join(CUDA_HOME, 'bin', 'nvcc'), '-V'])
        info['NVCC'] = nvcc or 'Not Available'
    return info


def collect_env() -> OrderedDict:
    """Versions and settings of the environment.

    Returns:
        An ordered ``name -> value`` dict: ``sys.platform``, ``Python``,
        ``CUDA available`` (plus GPU names, ``CUDA_HOME`` and ``NVCC`` when
        CUDA is there), ``GCC``, ``PyTorch``, ``PyTorch compiling details``,
        ``TorchVision`` (when installed), ``OpenCV``, ``NumPy`` and ``MMOCR``
        (version + git hash).
    """
    import cv2
    import numpy as np
    import torch

    env: OrderedDict = OrderedDict()
    env['sys.platform'] = sys.platform
    env['Python'] = sys.version.replace('\n', '')
    env.update(_cuda_info(torch))
    env['GCC'] = _run([os.environ.get('CC', 'gcc'), '--version']) or 'n/a'
    env['PyTorch'] = torch.__version__
    env['PyTorch compiling details'] = torch.__config__.show()
    try:
        import torchvision
    except ImportError:
        pass
    else:
        env['TorchVision'] = torchvision.__version__
    env['OpenCV'] = cv2.__version__
    env['NumPy'] = np.__version__
    env['MMOCR'] = f'{__version__}+{get_git_hash(digits=7)}'
    return env
