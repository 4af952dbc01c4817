"""Run a sample generator over many indexes in worker processes.

A generator is any picklable callable ``gen(index) -> result`` whose output
depends only on its own seed and ``index``; results are consumed in index
order, so the output is the same for any number of workers.
"""
from __future__ import annotations

import multiprocessing as mp
import sys
import time
from typing import Any, Callable

from mmocr.utils.errors import InvalidValueError

__all__ = ['run_generator']

_GENERATOR: Callable[[int], Any] | None = None


def _init_worker(generator: Callable[[int], Any]) -> None:
    global _GENERATOR
    _GENERATOR = generator


def _work(index: int) -> Any:
    assert _GENERATOR is not None, 'worker not initialised'
    return _GENERATOR(index)


def run_generator(generator: Callable[[int], Any], num: int,
                  sink: Callable[[int, Any], None], workers: int = 1,
                  start: int = 0, desc: str = 'synth',
                  progress: bool = True, chunksize: int = 8) -> float:
    """Call ``sink(index, generator(index))`` for ``index`` in
    ``start .. start + num - 1``, in order.

    Args:
        generator: Picklable ``index -> result`` callable.
        num: Number of samples.
        sink: Consumer of each result (runs in this process).
        workers: Worker processes (1: run here).
        start: First index (to extend an existing output).
        desc: Progress bar label.
        progress: Show a tqdm progress bar.
        chunksize: Indexes handed to a worker at a time.

    Returns:
        Samples per second.
    """
    if num < 0 or workers < 1:
        raise InvalidValueError(f'need num >= 0 and workers >= 1, got {num}, '
                                f'{workers}')
    from tqdm import tqdm
    indexes = range(start, start + num)
    tic = time.perf_counter()
    with tqdm(total=num, desc=desc, unit='img', disable=not progress,
              file=sys.stderr, dynamic_ncols=True) as bar:
        if workers == 1:
            for index in indexes:
                sink(index, generator(index))
                bar.update(1)
        else:
            methods = mp.get_all_start_methods()
            ctx = mp.get_context('fork' if 'fork' in methods else 'spawn')
            with ctx.Pool(workers, initializer=_init_worker,
                          initargs=(generator,)) as pool:
                for index, result in zip(
                        indexes, pool.imap(_work, indexes,
                                           chunksize=max(1, chunksize))):
                    sink(index, result)
                    bar.update(1)
    elapsed = max(time.perf_counter() - tic, 1e-9)
    return num / elapsed
