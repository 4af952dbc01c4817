"""Process set-up from a config (MMOCR 0.x ``mmocr.utils.setup_env``)."""
from __future__ import annotations

import os
import platform
import warnings
from typing import Any

import cv2
import torch.multiprocessing as mp

__all__ = ['setup_multi_processes']


def setup_multi_processes(cfg: Any) -> None:
    """Process start method, OpenCV and OpenMP threads from the config
    (``mp_start_method``, ``opencv_num_threads``)."""
    if platform.system() != 'Windows':
        method = cfg.get('mp_start_method', 'fork')
        current = mp.get_start_method(allow_none=True)
        if current is not None and current != method:
            warnings.warn(f'multiprocessing start method is already {current!r}; '
                          f'mp_start_method={method!r} ignored', UserWarning,
                          stacklevel=2)
        elif current is None:
            mp.set_start_method(method, force=True)
    cv2.setNumThreads(cfg.get('opencv_num_threads', 0))
    workers = cfg.get('data', {}).get('workers_per_gpu', 1)
    if 'OMP_NUM_THREADS' not in os.environ and workers > 1:
        os.environ['OMP_NUM_THREADS'] = '1'
    if 'MKL_NUM_THREADS' not in os.environ and workers > 1:
        os.environ['MKL_NUM_THREADS'] = '1'
