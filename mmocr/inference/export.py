"""What :class:`~mmocr.inference.MMOCR` gives back: results as plain
Python data, result files (json / pickle / yaml) and drawings."""
from __future__ import annotations

import json
import pickle
import warnings
from typing import Any

import numpy as np
import torch

from mmocr.core.visualize import det_recog_show_result
from mmocr.utils.fileio import atomic_open

__all__ = ['EXPORT_FORMATS', 'to_builtin', 'dump_result', 'draw_result']

EXPORT_FORMATS = ('json', 'pkl', 'pickle', 'yaml', 'yml')


def to_builtin(value: Any) -> Any:
    """Results with numpy/torch values turned into Python numbers/lists."""
    if isinstance(value, dict):
        return {k: to_builtin(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_builtin(v) for v in value]
    if isinstance(value, torch.Tensor):
        return value.detach().cpu().tolist()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value


def dump_result(obj: Any, path: str, file_format: str) -> None:
    """Write ``obj`` atomically as json / pickle / yaml."""
    obj = to_builtin(obj)
    if file_format in ('pkl', 'pickle'):
        with atomic_open(path, 'wb') as f:
            pickle.dump(obj, f)
        return
    if file_format == 'json':
        with atomic_open(path, 'w', encoding='utf-8') as f:
            json.dump(obj, f, indent=4, ensure_ascii=False)
        return
    try:
        import yaml
    except ImportError as err:
        raise ImportError('export_format="yaml" needs PyYAML: pip install '
                          'pyyaml') from err
    with atomic_open(path, 'w', encoding='utf-8') as f:
        yaml.safe_dump(obj, f, allow_unicode=True)


def draw_result(arr: np.ndarray, res: dict, model: Any,
                out_file: str | None) -> np.ndarray:
    """Draw ``res`` on ``arr`` (BGR): an end-to-end result (``'result'``)
    with its boxes and texts, else with ``model.show_result``; saved to
    ``out_file`` when given. Returns the drawing."""
    if 'result' in res:
        return det_recog_show_result(arr, res, out_file=out_file)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', UserWarning)
        return model.show_result(arr, res, out_file=out_file)
