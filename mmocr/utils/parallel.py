"""Map a function over items in worker processes (used by the dataset
converters in ``tools/data``)."""
from __future__ import annotations

from multiprocessing import Pool
from typing import Any, Callable, Iterable

__all__ = ['parallel_map']


def parallel_map(func: Callable[[Any], Any], items: Iterable,
                 nproc: int = 1, desc: str | None = None,
                 chunksize: int = 1) -> list:
    """``[func(item) for item in items]``, in order.

    Args:
        func: A picklable function of one item.
        items: The items.
        nproc: Worker processes; with 1 (or a single item) ``func`` runs in
            this process.
        desc: When given, a tqdm progress bar with this label is shown.
        chunksize: Items sent to a worker at a time.
    """
    from tqdm import tqdm
    items = list(items)

    def bar(iterable: Iterable) -> Iterable:
        return tqdm(iterable, total=len(items), desc=desc, disable=desc is None)

    if nproc > 1 and len(items) > 1:
        with Pool(nproc) as pool:
            return list(bar(pool.imap(func, items, chunksize)))
    return [func(item) for item in bar(items)]
