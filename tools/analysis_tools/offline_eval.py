#!/usr/bin/env python
"""Evaluate saved predictions: ``python tools/analysis_tools/offline_eval.py
CONFIG RESULTS.pkl [--eval METRIC ...] [--eval-options K=V ...]
[--cfg-options K=V ...]``.

``RESULTS.pkl`` is what ``tools/test.py CONFIG CKPT --out RESULTS.pkl``
wrote: one result per sample of the config's test set (``data.test``), in
its order. The test set is built again (its annotations only matter) and
``dataset.evaluate`` scores the results, with the config's ``evaluation``
settings; ``--eval`` overrides its ``metric`` (``hmean-iou``, ``hmean-ic13``
for detection, ``acc`` for recognition, ``macro_f1`` for KIE). The metrics
are printed as one json object. Thresholds can be tried again without
running the model::

    python tools/test.py configs/textdet/dbnet/dbnet_r18_fpnc_toy.py \\
        dbnet.pth --out results.pkl
    python tools/analysis_tools/offline_eval.py \\
        configs/textdet/dbnet/dbnet_r18_fpnc_toy.py results.pkl \\
        --eval hmean-iou --eval-options score_thr=0.5
"""
from __future__ import annotations

import argparse
import json
import os.path as osp
import pickle
import sys

from mmocr.apis.utils import load_tool_config, run_tool, test_eval_kwargs
from mmocr.datasets import build_dataset
from mmocr.utils import DictAction
from mmocr.utils.errors import InvalidValueError


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Evaluate the predictions saved by tools/test.py --out')
    parser.add_argument('config', help='config of the model (its data.test '
                        'is the evaluated set)')
    parser.add_argument('pkl_results', help='predictions in pickle format')
    parser.add_argument('--eval', type=str, nargs='+',
                        help='metrics (default: the config\'s '
                        'evaluation.metric)')
    parser.add_argument('--eval-options', nargs='+', action=DictAction,
                        help='options of dataset.evaluate(), KEY=VALUE pairs')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='override settings, KEY=VALUE pairs')
    return parser.parse_args(argv)


def load_results(path: str) -> list:
    """The list of predictions pickled in ``path``.

    Raises:
        FileNotFoundError: no such file.
        InvalidValueError: not a pickled list.
    """
    if not osp.isfile(path):
        raise FileNotFoundError(f'results file not found: {path}')
    with open(path, 'rb') as f:
        try:
            results = pickle.load(f)
        except (pickle.UnpicklingError, EOFError) as err:
            raise InvalidValueError(f'pkl_results {path!r} is not a pickle '
                                    f'file ({err})') from None
    if not isinstance(results, list):
        raise InvalidValueError(f'pkl_results {path!r} must hold a list of '
                                f'results, got {type(results).__name__}')
    return results


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    results = load_results(args.pkl_results)
    cfg = load_tool_config(args.config, args.cfg_options)
    dataset = build_dataset(cfg.data.test, dict(test_mode=True),
                            cfg_path='data.test')
    eval_kwargs = test_eval_kwargs(cfg, dataset, args.eval, args.eval_options)
    print(json.dumps(dataset.evaluate(results, **eval_kwargs)))
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'offline_eval.py'))
