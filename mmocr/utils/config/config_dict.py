"""``ConfigDict``: a dict whose keys are also attributes; close-match hints
for error messages."""
from __future__ import annotations

import copy
import difflib
from typing import Any


def _close_matches(key: Any, candidates: Any) -> list[str]:
    names = [str(c) for c in candidates]
    return difflib.get_close_matches(str(key), names, n=3, cutoff=0.6)


def _hint(key: Any, candidates: Any) -> str:
    matches = _close_matches(key, candidates)
    return f' Did you mean: {", ".join(matches)}?' if matches else ''


def _to_config_dict(value: Any) -> Any:
    """Turn dicts (also inside plain lists and tuples) into ConfigDicts."""
    if isinstance(value, ConfigDict):
        return value
    if isinstance(value, dict):
        return ConfigDict(value)
    if type(value) is list:
        return [_to_config_dict(v) for v in value]
    if type(value) is tuple:
        return tuple(_to_config_dict(v) for v in value)
    return value


class ConfigDict(dict):
    """A dict whose keys are also attributes: ``cfg.model.type``.

    Nested dicts, also those inside lists and tuples, are converted to
    ``ConfigDict`` when stored. Reading a missing attribute raises
    :class:`AttributeError` naming the key (and close existing keys); dict
    methods (``get``, ``items``, ``pop``, ...) shadow keys of the same name,
    which stay reachable with ``cfg['items']``.
    """

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__()
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def __setitem__(self, key: Any, value: Any) -> None:
        super().__setitem__(key, _to_config_dict(value))

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            hint = '' if name.startswith('__') else _hint(name, self.keys())
            raise AttributeError(
                f"'{type(self).__name__}' object has no attribute '{name}'."
                f'{hint}') from None

    def __setattr__(self, name: str, value: Any) -> None:
        self[name] = value

    def __delattr__(self, name: str) -> None:
        try:
            del self[name]
        except KeyError:
            raise AttributeError(name) from None

    def update(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def setdefault(self, key: Any, default: Any = None) -> Any:
        if key not in self:
            self[key] = default
        return self[key]

    def copy(self) -> ConfigDict:
        """A shallow copy that is still a ``ConfigDict``."""
        return ConfigDict(self)

    def to_dict(self) -> dict:
        """A deep copy made of plain dicts, lists and tuples."""
        return _to_plain(self)


def _to_plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _to_plain(v) for k, v in value.items()}
    if type(value) is list:
        return [_to_plain(v) for v in value]
    if type(value) is tuple:
        return tuple(_to_plain(v) for v in value)
    return copy.deepcopy(value)
