"""Load a Python script (a tool, a benchmark) as a module by its path."""
from __future__ import annotations

import importlib.util
import os.path as osp
from os import PathLike
from types import ModuleType

__all__ = ['load_script']


def load_script(path: str | PathLike, name: str | None = None) -> ModuleType:
    """Execute the file ``path`` as a fresh module named ``name`` (default:
    the file's stem) and return it; ``sys.modules`` is left alone.

    Raises:
        FileNotFoundError: ``path`` is not a file.
    """
    path = str(path)
    if not osp.isfile(path):
        raise FileNotFoundError(f'no script at {path}')
    name = name or osp.splitext(osp.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
