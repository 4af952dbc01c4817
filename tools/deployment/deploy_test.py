#!/usr/bin/env python
"""Evaluate an exported model on the config's test set (experimental).

``python tools/deployment/deploy_test.py CONFIG MODEL_FILE
{det,recog,kie,ner} {onnxruntime,tensorrt} --eval METRICS [--device cuda:0]
[--cfg-options KEY=VALUE ...]``

The images go through the config's test pipeline, the ONNX Runtime model
or TensorRT engine (:mod:`mmocr.deployment`; TensorRT for detectors and
recognizers, on a CUDA GPU) returns the PyTorch model's result dicts, and
``single_gpu_test`` and ``dataset.evaluate`` score them as
``tools/test.py`` does. Export with ``--dynamic-export`` unless every test
image has the same preprocessed size.
"""
from __future__ import annotations

import argparse
import sys

import torch

from mmocr.apis import single_gpu_test
from mmocr.apis.utils import (
    disable_text_recog_aug_test,
    load_tool_config,
    loader_cfg,
    replace_image_to_tensor,
    run_tool,
)
from mmocr.datasets import build_dataloader, build_dataset
from mmocr.deployment import init_onnx_model, init_trt_model, model_kind
from mmocr.utils import DictAction

BACKENDS = ('onnxruntime', 'tensorrt')
# EvalHook settings in cfg.evaluation that dataset.evaluate does not take.
_EVAL_HOOK_KEYS = ('interval', 'tmpdir', 'start', 'gpu_collect', 'save_best',
                   'rule', 'by_epoch', 'broadcast_bn_buffer')


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Evaluate an ONNX model exported from MMOCR.')
    parser.add_argument('model_config', help='Model config file.')
    parser.add_argument('model_file', help='Exported model (.onnx, or a '
                        'TensorRT engine for the tensorrt backend).')
    parser.add_argument('model_type', choices=['det', 'recog', 'kie', 'ner'],
                        help='Detection, recognition, KIE (SDMGR) or NER '
                        'model.')
    parser.add_argument('backend', choices=BACKENDS, help='Inference backend.')
    parser.add_argument('--eval', type=str, nargs='+', required=True,
                        help='Evaluation metrics, e.g. "hmean-iou" for text '
                        'detection, "acc" for text recognition, "macro_f1" '
                        'for KIE, "f1" for NER.')
    parser.add_argument('--device', default='cuda:0',
                        help='Device of the backend: "cpu" or "cuda:N" (the '
                        'CPU when ONNX Runtime has no CUDA; TensorRT needs '
                        'cuda:N).')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='Override config settings, KEY=VALUE pairs.')
    parser.add_argument('--eval-options', nargs='+', action=DictAction,
                        help='Options of dataset.evaluate(), KEY=VALUE pairs.')
    args = parser.parse_args(argv)
    try:
        device = torch.device(args.device)
    except RuntimeError:
        parser.error(f'--device must be "cpu" or "cuda:N", got {args.device!r}')
    args.device_id = (device.index or 0) if device.type == 'cuda' else -1
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    cfg = load_tool_config(args.model_config, args.cfg_options)

    kind = model_kind(cfg)
    if kind != args.model_type:
        raise ValueError(f'MODEL_TYPE is {args.model_type} but '
                         f'{args.model_config} holds a {kind} model '
                         f'({cfg.model.type})')
    if args.backend == 'tensorrt':
        model = init_trt_model(cfg, args.model_file, max(args.device_id, 0))
    else:
        model = init_onnx_model(cfg, args.model_file, args.device_id)
    samples_per_gpu = cfg.data.get('test_dataloader', {}).get(
        'samples_per_gpu', cfg.data.get('samples_per_gpu', 1))
    if samples_per_gpu > 1:
        cfg = replace_image_to_tensor(disable_text_recog_aug_test(cfg))
    dataset = build_dataset(cfg.data.test, dict(test_mode=True),
                            cfg_path='data.test')
    test_loader_cfg = loader_cfg(cfg.data, 'test_dataloader',
                                 seed=cfg.get('seed'), drop_last=False,
                                 dist=False)
    test_loader_cfg.update(samples_per_gpu=samples_per_gpu, shuffle=False)
    data_loader = build_dataloader(dataset, **test_loader_cfg)

    outputs = single_gpu_test(model, data_loader)

    eval_kwargs = {k: v for k, v in cfg.get('evaluation', {}).items()
                   if k not in _EVAL_HOOK_KEYS}
    eval_kwargs.update(args.eval_options or {}, metric=args.eval)
    print(dataset.evaluate(outputs, **eval_kwargs))
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'deploy_test.py'))
