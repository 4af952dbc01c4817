#!/usr/bin/env python
"""Build a TensorRT engine from an ONNX export of a text detector or
recognizer (experimental; needs an NVIDIA GPU and the tensorrt wheel).

``python tools/deployment/onnx2tensorrt.py CONFIG {det,recog} IMAGE ONNX_FILE
[--trt-file tmp.trt] [--min-shape N C H W] [--max-shape N C H W]
[--workspace-size 1] [--fp16] [--verify] [--show] [--verbose]
[--checkpoint CKPT] [--device-id 0] [--repeat 20]``

The engine takes ``input`` shapes between ``--min-shape`` and
``--max-shape`` (optimised for the largest; export with
``pytorch2onnx.py --dynamic-export`` when they differ). ``--verify`` runs
TensorRT and ONNX Runtime on IMAGE and compares the raw outputs and the
decoded results; with ``--checkpoint`` it also times PyTorch, ONNX Runtime
and TensorRT on IMAGE (``--repeat`` runs each, pre- and post-processing
included). The exit status is 1 when the outputs differ.

A recognizer that masks batch padding takes ``valid_ratio`` as float32;
a graph exported before session 12 takes it as float64, which TensorRT
refuses (re-export it with ``pytorch2onnx.py``).
"""
from __future__ import annotations

import argparse
import os.path as osp
import sys
import time
from typing import Any

import numpy as np
import torch

from mmocr.apis import init_detector, model_inference
from mmocr.apis.utils import load_tool_config, run_tool
from mmocr.datasets.collate import collate
from mmocr.deployment import (
    import_onnx_packages,
    import_tensorrt,
    init_onnx_model,
    init_trt_model,
    model_kind,
)
from mmocr.utils.errors import InvalidValueError
from mmocr.utils.fileio import atomic_open, check_file_exist

# TensorRT vs ONNX Runtime (both fp32; fp16 engines differ more).
RTOL, ATOL, FP16_ATOL = 1e-3, 1e-3, 5e-2


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Convert an MMOCR ONNX model to a TensorRT engine.')
    parser.add_argument('model_config', help='Config file of the model.')
    parser.add_argument('model_type', choices=['det', 'recog'],
                        help='Detection or recognition model.')
    parser.add_argument('image_path', help='Image to verify the engine on.')
    parser.add_argument('onnx_file', help='The ONNX model (pytorch2onnx.py).')
    parser.add_argument('--trt-file', default='tmp.trt',
                        help='Output TensorRT engine.')
    parser.add_argument('--max-shape', type=int, nargs=4,
                        default=[1, 3, 400, 600], metavar=('N', 'C', 'H', 'W'),
                        help='Largest input shape (the optimised one).')
    parser.add_argument('--min-shape', type=int, nargs=4,
                        default=[1, 3, 400, 600], metavar=('N', 'C', 'H', 'W'),
                        help='Smallest input shape.')
    parser.add_argument('--workspace-size', type=int, default=1,
                        help='Builder workspace in GiB.')
    parser.add_argument('--fp16', action='store_true', help='fp16 engine.')
    parser.add_argument('--verify', action='store_true',
                        help='Compare TensorRT with ONNX Runtime on IMAGE.')
    parser.add_argument('--show', action='store_true',
                        help='Show both results (with --verify).')
    parser.add_argument('--verbose', action='store_true',
                        help="Print TensorRT's builder log.")
    parser.add_argument('--checkpoint', default=None,
                        help='PyTorch checkpoint: also time PyTorch (with '
                        '--verify).')
    parser.add_argument('--device-id', type=int, default=0,
                        help='CUDA device.')
    parser.add_argument('--repeat', type=int, default=20,
                        help='Timed runs per backend (with --checkpoint).')
    args = parser.parse_args(argv)
    if any(lo > hi or lo <= 0 for lo, hi in zip(args.min_shape,
                                                args.max_shape)):
        parser.error(f'--min-shape {args.min_shape} must be positive and '
                     f'<= --max-shape {args.max_shape} on every axis')
    if args.workspace_size <= 0:
        parser.error(f'--workspace-size must be > 0, got {args.workspace_size}')
    if (args.show or args.checkpoint) and not args.verify:
        parser.error('--show and --checkpoint need --verify')
    return args


def check_onnx_inputs(onnx_file: str) -> list[str]:
    """The graph's input names, after checking TensorRT can take them.

    Raises:
        NotImplementedError: an input is float64 (the ``valid_ratio`` of a
            recognizer exported before session 12): TensorRT has no such
            tensors.
    """
    (onnx, ) = import_onnx_packages('onnx')
    graph = onnx.load(onnx_file, load_external_data=False).graph
    doubles = [i.name for i in graph.input
               if i.type.tensor_type.elem_type == onnx.TensorProto.DOUBLE]
    if doubles:
        raise NotImplementedError(
            f'{onnx_file} takes float64 {doubles}: TensorRT has no float64 '
            'tensors. Graphs exported before session 12 took valid_ratio as '
            'float64: export the model again with '
            'tools/deployment/pytorch2onnx.py (valid_ratio is float32 now)')
    return [i.name for i in graph.input]


def build_engine(onnx_file: str, trt_file: str, min_shape: list[int],
                 max_shape: list[int], workspace_gib: int = 1,
                 fp16: bool = False, verbose: bool = False,
                 device_id: int = 0) -> None:
    """Parse ``onnx_file``, build an engine for ``input`` shapes in
    ``[min_shape, max_shape]`` and write it to ``trt_file`` atomically.

    Raises:
        TensorRTUnavailable: no tensorrt or no GPU.
        InvalidValueError: TensorRT cannot parse or build the graph (its
            messages follow).
    """
    names = check_onnx_inputs(onnx_file)
    trt = import_tensorrt(device_id)
    logger = trt.Logger(trt.Logger.VERBOSE if verbose else trt.Logger.ERROR)
    builder = trt.Builder(logger)
    network = builder.create_network(0)
    parser = trt.OnnxParser(network, logger)
    with open(onnx_file, 'rb') as f:
        if not parser.parse(f.read()):
            errors = '; '.join(str(parser.get_error(i))
                               for i in range(parser.num_errors))
            raise InvalidValueError(f'TensorRT cannot parse {onnx_file}: '
                                    f'{errors}')
    config = builder.create_builder_config()
    config.set_memory_pool_limit(trt.MemoryPoolType.WORKSPACE,
                                 workspace_gib << 30)
    if fp16:
        config.set_flag(trt.BuilderFlag.FP16)
    profile = builder.create_optimization_profile()
    profile.set_shape(names[0], min_shape, max_shape, max_shape)
    config.add_optimization_profile(profile)
    with torch.cuda.device(device_id):
        serialized = builder.build_serialized_network(network, config)
    if serialized is None:
        raise InvalidValueError(f'TensorRT could not build an engine from '
                                f'{onnx_file} (run with --verbose for its log)')
    with atomic_open(trt_file, 'wb') as f:
        f.write(bytes(serialized))
    print(f'Successfully created TensorRT engine: {trt_file}')


def raw_outputs(model: Any, img_path: str) -> tuple[list[torch.Tensor], dict]:
    """The session's raw outputs on the preprocessed image (the graphs
    TensorRT builds take the image only), and the decoded result."""
    result, data = model_inference(model, img_path, batch_mode=True,
                                   return_data=True)
    img = collate([data])['img']
    out = model.session(img[0] if isinstance(img, (list, tuple)) else img)
    return list(out) if isinstance(out, tuple) else [out], result


def time_backend(model: Any, img_path: str, repeat: int) -> float:
    """Milliseconds per ``model_inference`` on ``img_path`` (one warm-up)."""
    model_inference(model, img_path)
    if torch.cuda.is_available():
        torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(repeat):
        model_inference(model, img_path)
    if torch.cuda.is_available():
        torch.cuda.synchronize()
    return (time.perf_counter() - start) / repeat * 1000


def verify(cfg: Any, args: argparse.Namespace) -> bool:
    """TensorRT vs ONNX Runtime on the image (and the timings)."""
    ort_model = init_onnx_model(cfg, args.onnx_file, args.device_id)
    trt_model = init_trt_model(cfg, args.trt_file, args.device_id)
    ort_raw, ort_result = raw_outputs(ort_model, args.image_path)
    trt_raw, trt_result = raw_outputs(trt_model, args.image_path)
    same = len(ort_raw) == len(trt_raw)
    for ours, ref in zip(trt_raw, ort_raw):
        diff = (ours - ref).abs().max().item()
        ok = np.allclose(ours.numpy(), ref.numpy(), rtol=RTOL,
                         atol=FP16_ATOL if args.fp16 else ATOL)
        same = same and ok
        print(f'raw output {list(ref.shape)}: max abs difference {diff:.3g}'
              f'{"" if ok else " (too large)"}')
    if args.model_type == 'recog':
        decoded_same = trt_result['text'] == ort_result['text']
    else:
        decoded_same = len(trt_result['boundary_result']) == \
            len(ort_result['boundary_result'])
    same = same and decoded_same
    print(f'The outputs are {"same" if same else "different"} between '
          'TensorRT and ONNX')
    if args.checkpoint:
        torch_model = init_detector(args.model_config, args.checkpoint,
                                    device=f'cuda:{args.device_id}')
        times = {name: time_backend(model, args.image_path, args.repeat)
                 for name, model in (('PyTorch', torch_model),
                                     ('ONNX Runtime', ort_model),
                                     ('TensorRT', trt_model))}
        base = times['PyTorch']
        print(', '.join(f'{name} {ms:.1f} ms/image (x{base / ms:.2f})'
                        for name, ms in times.items()))
    if args.show:
        trt_model.show_result(args.image_path, trt_result, show=True,
                              win_name='TensorRT')
        ort_model.show_result(args.image_path, ort_result, show=True,
                              win_name='ONNXRuntime')
    return same


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    check_file_exist(args.onnx_file, 'ONNX model "{}" does not exist')
    if not osp.isfile(args.image_path):
        raise FileNotFoundError(f'image "{args.image_path}" does not exist')
    cfg = load_tool_config(args.model_config)
    kind = model_kind(cfg)
    if kind != args.model_type:
        raise InvalidValueError(f'MODEL_TYPE is {args.model_type} but '
                                f'{args.model_config} holds a {kind} model')
    build_engine(args.onnx_file, args.trt_file, args.min_shape,
                 args.max_shape, args.workspace_size, args.fp16, args.verbose,
                 args.device_id)
    if not args.verify:
        return 0
    return 0 if verify(cfg, args) else 1


if __name__ == '__main__':
    sys.exit(run_tool(main, 'onnx2tensorrt.py'))
