#!/usr/bin/env python
"""Count the FLOPs and parameters of a config's model: ``python
tools/analysis_tools/get_flops.py CONFIG [--shape H [W]]
[--size-divisor 32] [--cfg-options K=V ...]``.

The model is built from the config (no checkpoint: the counts do not
depend on the weights) and run in eval mode on one ``(1, 3, H, W)`` image
of ones, the shape rounded up to ``--size-divisor`` (``-1``: as given), the
way the test pipeline pads it (1 channel for a model whose first
convolution takes 1, such as CRNN). FLOPs are counted by
:class:`torch.utils.flop_counter.FlopCounterMode` (one multiply-add is 2
FLOPs) over what the network computes: a detector's backbone, neck and
head (``forward_dummy``), a recognizer's preprocessor, backbone, encoder
and decoder (one greedy decoding for attention decoders), without the
post-processing. Operators the counter does not know (pooling,
activations, ...) count 0; treat the figure as a lower bound::

    python tools/analysis_tools/get_flops.py \\
        configs/textdet/dbnet/dbnet_r18_fpnc_1200e_icdar2015.py --shape 736 1280
    python tools/analysis_tools/get_flops.py \\
        configs/textrecog/crnn/crnn_academic_dataset.py --shape 32 100
"""
from __future__ import annotations

import argparse
import math
import sys

import torch
from torch.utils.flop_counter import FlopCounterMode

from mmocr.apis.utils import load_tool_config, run_tool
from mmocr.models import build_model
from mmocr.utils import DictAction
from mmocr.utils.errors import InvalidValueError


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Count the FLOPs and parameters of a model')
    parser.add_argument('config', help='config file path')
    parser.add_argument('--shape', type=int, nargs='+',
                        help='input image size: H [W] (default: 640 640 for '
                        'a detector, 32 100 for a recognizer)')
    parser.add_argument('--size-divisor', type=int,
                        help='round the size up to a multiple of this; -1: '
                        'as given (default: 32 for a detector, -1 for a '
                        'recognizer)')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='override settings, KEY=VALUE pairs')
    args = parser.parse_args(argv)
    if args.shape is not None and (len(args.shape) not in (1, 2)
                                   or min(args.shape) <= 0):
        raise InvalidValueError(f'--shape must be 1 or 2 positive sizes '
                                f'(H [W]), got {args.shape}')
    return args


def input_shape(shape: list[int], size_divisor: int, channels: int = 3
                ) -> tuple[int, int, int, int]:
    """``(1, channels, H, W)`` of ``--shape``, rounded up to
    ``size_divisor``."""
    h, w = (shape * 2)[:2]
    if size_divisor > 0:
        h = math.ceil(h / size_divisor) * size_divisor
        w = math.ceil(w / size_divisor) * size_divisor
    return 1, channels, h, w


def input_channels(model: torch.nn.Module) -> int:
    """The input channels of the model's first convolution (1 for the gray
    recognizers such as CRNN), 3 without one."""
    conv = next((m for m in model.modules()
                 if isinstance(m, torch.nn.Conv2d)), None)
    return 3 if conv is None else conv.in_channels


def network_forward(model: torch.nn.Module):
    """``f(img)`` running the network part of ``model``.

    Raises:
        NotImplementedError: a model that is neither a detector
            (``forward_dummy``) nor an encoder-decoder recognizer.
    """
    if hasattr(model, 'forward_dummy'):
        return model.forward_dummy
    if hasattr(model, 'decode_logits'):
        def recognize(img: torch.Tensor) -> torch.Tensor:
            h, w = img.shape[-2:]
            metas = [dict(valid_ratio=1.0, img_shape=(h, w, 3),
                          resize_shape=(h, w, 3))]
            return model.decode_logits(img, metas)
        return recognize
    raise NotImplementedError(f'cannot count the FLOPs of a '
                              f'{type(model).__name__}: only text detectors '
                              'and encoder-decoder recognizers are supported')


def count_flops(model: torch.nn.Module, shape: tuple[int, ...]
                ) -> tuple[int, int]:
    """``(FLOPs, parameters)`` of ``model`` (in eval mode) on one image of
    ``shape`` ``(1, 3, H, W)``."""
    forward = network_forward(model)
    model.eval()
    counter = FlopCounterMode(display=False)
    with torch.no_grad(), counter:
        forward(torch.ones(shape))
    params = sum(p.numel() for p in model.parameters())
    return counter.get_total_flops(), params


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    cfg = load_tool_config(args.config, args.cfg_options)
    cfg.model.train_cfg = None
    model = build_model(cfg.model, test_cfg=cfg.get('test_cfg'))
    detector = hasattr(model, 'forward_dummy')
    size = args.shape or ([640, 640] if detector else [32, 100])
    divisor = args.size_divisor if args.size_divisor is not None else (
        32 if detector else -1)
    shape = input_shape(size, divisor, input_channels(model))
    flops, params = count_flops(model, shape)
    print(f'Input shape: {shape}\nFlops: {flops / 1e9:.3f} GFLOPs\n'
          f'Params: {params / 1e6:.3f} M ({params})')
    print('Operators FlopCounterMode does not know count 0: check the '
          'figure before using it in a paper.')
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'get_flops.py'))
