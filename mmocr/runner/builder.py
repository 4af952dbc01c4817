"""``build_runner(cfg.runner, default_args=dict(model=..., optimizer=...))``."""
from __future__ import annotations

from typing import Any

from mmocr.registry import RUNNERS, build_from_cfg

__all__ = ['build_runner']


def build_runner(cfg: dict, default_args: dict | None = None) -> Any:
    """Build a runner; ``cfg`` is ``dict(type=..., max_epochs|max_iters=...)``."""
    return build_from_cfg(dict(cfg), RUNNERS, default_args)
