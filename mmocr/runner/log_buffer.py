"""Running averages of logged values between two log outputs."""
from __future__ import annotations

from collections import OrderedDict

from mmocr.utils.errors import InvalidTypeError, InvalidValueError

__all__ = ['LogBuffer']


class LogBuffer:
    """Collects ``name -> value`` samples and averages the last ``n``.

    ``output`` holds what the logger hooks write next; ``ready`` says it is
    complete (set by :meth:`average` and by evaluation hooks).
    """

    def __init__(self) -> None:
        self.val_history: OrderedDict[str, list[float]] = OrderedDict()
        self.n_history: OrderedDict[str, list[int]] = OrderedDict()
        self.output: OrderedDict[str, float] = OrderedDict()
        self.ready = False

    def clear(self) -> None:
        self.val_history.clear()
        self.n_history.clear()
        self.clear_output()

    def clear_output(self) -> None:
        self.output.clear()
        self.ready = False

    def update(self, vars: dict[str, float], count: int = 1) -> None:
        """Add one sample per key, weighted by ``count`` (e.g. batch size)."""
        if not isinstance(vars, dict):
            raise InvalidTypeError(f'vars must be a dict, got {type(vars).__name__}')
        for key, value in vars.items():
            self.val_history.setdefault(key, []).append(float(value))
            self.n_history.setdefault(key, []).append(int(count))

    def average(self, n: int = 0) -> None:
        """Put the weighted mean of the last ``n`` samples (all if 0) in
        ``output``."""
        if n < 0:
            raise InvalidValueError(f'n must be >= 0, got {n}')
        for key, values in self.val_history.items():
            vals = values[-n:] if n else values
            nums = self.n_history[key][-n:] if n else self.n_history[key]
            total = sum(nums)
            self.output[key] = (sum(v * c for v, c in zip(vals, nums)) / total
                                if total else sum(vals) / len(vals))
        self.ready = True
