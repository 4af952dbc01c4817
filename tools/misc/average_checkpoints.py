"""Average the weights of checkpoints of one architecture (a model soup).

Fine-tunes that start from the same weights can be averaged into one model
that keeps much of what each learnt: the shipped ``CRNN_slim`` is the
uniform average of the SROIE fine-tune and the synthetic-receipt fine-tune
that started from it (``docs/en/default_models.md``)::

    python tools/misc/average_checkpoints.py A.pth B.pth -o soup.pth \\
        [--weights 0.5 0.5]
    python tools/publish_model.py soup.pth mmocr/model_zoo/name.pth --fp16

Float tensors are averaged in float32 (weights normalised to sum 1); other
tensors (BatchNorm's ``num_batches_tracked``) are the first checkpoint's.
The output keeps the first checkpoint's meta plus ``averaged_from`` and is
written atomically.
"""
from __future__ import annotations

import argparse
import os.path as osp
import sys
from typing import Sequence

import torch

if __package__ in (None, ''):  # python tools/misc/... from anywhere
    sys.path.insert(0, osp.dirname(osp.dirname(osp.dirname(
        osp.abspath(__file__)))))

from mmocr.apis.utils import run_tool  # noqa: E402
from mmocr.runner.checkpoint import (  # noqa: E402
    CheckpointLoadError,
    checkpoint_state_dict,
    safe_torch_load,
)
from mmocr.utils.fileio import atomic_open  # noqa: E402


def _state_dict(path: str) -> tuple[dict, dict]:
    ckpt = safe_torch_load(path, map_location='cpu')
    state = checkpoint_state_dict(ckpt, path)
    if not state:
        raise CheckpointLoadError(f'{path} holds an empty state_dict')
    return state, ckpt.get('meta', {})


def average_checkpoints(paths: Sequence[str],
                        weights: Sequence[float] | None = None) -> dict:
    """``{'meta', 'state_dict'}``: the weighted average of ``paths``.

    Raises:
        ValueError: fewer than two checkpoints, bad weights, or state dicts
            whose keys or shapes differ (named by key and file).
    """
    if len(paths) < 2:
        raise ValueError(f'averaging needs two checkpoints or more, got '
                         f'{len(paths)}')
    weights = [1.0] * len(paths) if weights is None else list(weights)
    if len(weights) != len(paths) or min(weights) < 0 or sum(weights) <= 0:
        raise ValueError(f'--weights needs {len(paths)} non-negative values '
                         f'with a positive sum, got {weights}')
    weights = [w / sum(weights) for w in weights]
    first, meta = _state_dict(paths[0])
    average = {k: (v.float() * weights[0] if v.is_floating_point() else v)
               for k, v in first.items()}
    for path, weight in zip(paths[1:], weights[1:]):
        state, _ = _state_dict(path)
        if state.keys() != first.keys():
            diff = sorted(state.keys() ^ first.keys())[:3]
            raise ValueError(f'{path}: its keys differ from {paths[0]}\'s '
                             f'(for instance {diff})')
        for key, value in state.items():
            if value.shape != first[key].shape:
                raise ValueError(f'{path}: {key} has shape '
                                 f'{tuple(value.shape)}, {paths[0]} '
                                 f'{tuple(first[key].shape)}')
            if value.is_floating_point():
                average[key] += value.float() * weight
    meta = dict(meta, averaged_from=[
        dict(file=osp.basename(p), weight=w) for p, w in zip(paths, weights)])
    return dict(meta=meta, state_dict=average)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('checkpoints', nargs='+', help='checkpoints to average')
    parser.add_argument('-o', '--out', required=True, help='output checkpoint')
    parser.add_argument('--weights', type=float, nargs='+', default=None,
                        help='one weight per checkpoint (default: equal)')
    args = parser.parse_args(argv)
    soup = average_checkpoints(args.checkpoints, args.weights)
    with atomic_open(args.out, 'wb') as f:
        torch.save(soup, f)
    shares = ', '.join(f'{d["file"]} x{d["weight"]:.3f}'
                       for d in soup['meta']['averaged_from'])
    print(f'{args.out}: average of {shares}')
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'average_checkpoints.py'))
