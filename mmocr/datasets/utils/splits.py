"""Deterministic splits of a dataset's items: a hold-out of named parts
(val, a choice split) and K folds for cross-validation. SROIE's and
IIIT5K's converters and the end-to-end evaluation cut their splits here,
so that they agree."""
from __future__ import annotations

import random
from typing import Sequence

from mmocr.utils.errors import InvalidValueError

__all__ = ['hold_out', 'kfold_split']


def hold_out(items: Sequence, seed: int = 0, **ratios: float
             ) -> dict[str, list]:
    """Split ``items`` into ``train`` and one part per non-zero ratio.

    The parts are cut, in the order of ``ratios``, from one
    ``random.Random(seed)`` shuffle of the items: part ``k`` takes the
    next ``round(n * ratio_k)``, so a part depends only on the seed and
    the ratios before it (adding a later part leaves the earlier ones as
    they were). Each part and ``train`` keep the items' order.
    """
    order = list(range(len(items)))
    random.Random(seed).shuffle(order)
    part_of, start = {}, 0
    for name, ratio in ratios.items():
        if ratio <= 0:
            continue
        num = round(len(order) * ratio)
        part_of.update((i, name) for i in order[start:start + num])
        start += num
    parts = {name: [] for name, ratio in ratios.items() if ratio > 0}
    parts['train'] = []
    for i, item in enumerate(items):
        parts[part_of.get(i, 'train')].append(item)
    return parts


def kfold_split(names: Sequence[str], num_folds: int, seed: int = 0
                ) -> list[list[str]]:
    """Deterministic ``num_folds``-fold partition of ``names`` (for choices
    made by cross-validation on the training part, never on val).

    The sorted names are shuffled with ``random.Random(seed)`` and dealt
    round-robin, so fold sizes differ by at most one.

    Returns:
        ``num_folds`` sorted lists that partition ``names``.
    """
    if not isinstance(num_folds, int) or not 2 <= num_folds <= len(names):
        raise InvalidValueError(f'num_folds must be an int in [2, {len(names)}] '
                                f'(the number of names), got {num_folds!r}')
    shuffled = sorted(names)
    random.Random(seed).shuffle(shuffled)
    return [sorted(shuffled[f::num_folds]) for f in range(num_folds)]
