"""Small runner helpers: seeding, RNG snapshots, host and time strings."""
from __future__ import annotations

import os
import random
import socket
import time
from getpass import getuser

import numpy as np
import torch
import torch.distributed as dist

__all__ = [
    'get_time_str', 'get_host_info', 'set_random_seed', 'init_random_seed',
    'get_rng_state', 'set_rng_state'
]


def get_time_str() -> str:
    return time.strftime('%Y%m%d_%H%M%S', time.localtime())


def get_host_info() -> str:
    """``user@hostname`` (best effort)."""
    try:
        return f'{getuser()}@{socket.gethostname()}'
    except Exception:  # no passwd entry in some containers
        return socket.gethostname()


def set_random_seed(seed: int, deterministic: bool = False) -> None:
    """Seed python, numpy and torch; optionally make torch deterministic."""
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)
    torch.cuda.manual_seed_all(seed)
    os.environ['PYTHONHASHSEED'] = str(seed)
    if deterministic:
        torch.backends.cudnn.deterministic = True
        torch.backends.cudnn.benchmark = False
        os.environ.setdefault('CUBLAS_WORKSPACE_CONFIG', ':4096:8')
        torch.use_deterministic_algorithms(True, warn_only=True)


def init_random_seed(seed: int | None = None, device: str = 'cpu') -> int:
    """``seed``, or a random one shared by all ranks (rank 0 draws it)."""
    if seed is not None:
        return int(seed)
    value = np.random.randint(2**31)
    if dist.is_available() and dist.is_initialized() and dist.get_world_size() > 1:
        if dist.get_backend() == 'nccl':
            device = 'cuda'
        tensor = torch.tensor(value, dtype=torch.int64, device=device)
        dist.broadcast(tensor, src=0)
        value = int(tensor.item())
    return int(value)


def get_rng_state() -> dict:
    """Python, numpy and torch (CPU and CUDA) RNG states as plain data.

    Stored inside checkpoints, so only tensors, numbers and lists are used
    (``torch.load(weights_only=True)`` reads them back).
    """
    version, py_state, gauss = random.getstate()
    name, keys, pos, has_gauss, cached = np.random.get_state()
    state = {
        'python': [version, torch.tensor(py_state, dtype=torch.int64), gauss],
        'numpy': [name, torch.from_numpy(keys.astype(np.int64)), int(pos),
                  int(has_gauss), float(cached)],
        'torch': torch.get_rng_state(),
    }
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        state['cuda'] = list(torch.cuda.get_rng_state_all())
    return state


def set_rng_state(state: dict) -> None:
    """Restore what :func:`get_rng_state` returned."""
    version, py_state, gauss = state['python']
    random.setstate((int(version), tuple(int(v) for v in py_state.tolist()), gauss))
    name, keys, pos, has_gauss, cached = state['numpy']
    np.random.set_state((name, keys.numpy().astype(np.uint32), int(pos),
                         int(has_gauss), float(cached)))
    torch.set_rng_state(state['torch'])
    if 'cuda' in state and torch.cuda.is_available():
        cuda_states = state['cuda']
        if len(cuda_states) == torch.cuda.device_count():
            torch.cuda.set_rng_state_all(cuda_states)
