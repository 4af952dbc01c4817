#!/usr/bin/env python
"""Test a checkpoint: ``python tools/test.py CONFIG CHECKPOINT [options]``.

Batch testing: set ``data.test_dataloader.samples_per_gpu``. Distributed
testing goes through ``tools/dist_test.sh`` / ``tools/slurm_test.sh``.
"""
from __future__ import annotations

import argparse
import os
import pickle
import sys
import warnings

import torch

from mmocr.apis import multi_gpu_test, single_gpu_test
from mmocr.apis.train import wrap_model
from mmocr.apis.utils import (
    disable_text_recog_aug_test,
    load_tool_config,
    loader_cfg,
    replace_image_to_tensor,
    run_tool,
    test_eval_kwargs,
)
from mmocr.datasets import build_dataloader, build_dataset
from mmocr.models import build_model
from mmocr.runner import destroy_dist, get_dist_info, init_dist, load_checkpoint
from mmocr.utils import DictAction
from mmocr.utils.fileio import atomic_open, check_output_file


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Test (and evaluate) a model on the test set.')
    parser.add_argument('config', help='Test config file path.')
    parser.add_argument('checkpoint', help='Checkpoint file (path or URL).')
    parser.add_argument('--out', help='Output result file in pickle format.')
    parser.add_argument('--format-only', action='store_true',
                        help='Format the results without evaluating them '
                        '(dataset.format_results).')
    parser.add_argument('--eval', type=str, nargs='+',
                        help='Evaluation metrics, e.g. "hmean-iou" for text '
                        'detection, "acc" for text recognition.')
    parser.add_argument('--show', action='store_true', help='Show results.')
    parser.add_argument('--show-dir', help='Directory to save drawn results.')
    parser.add_argument('--show-score-thr', type=float, default=0.3,
                        help='Score threshold of the drawn results.')
    parser.add_argument('--gpu-collect', action='store_true',
                        help='Gather results with all_gather_object.')
    parser.add_argument('--tmpdir', help='Folder to gather the results of the '
                        'ranks through (without --gpu-collect).')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='Override settings, KEY=VALUE pairs.')
    parser.add_argument('--options', nargs='+', action=DictAction,
                        help='(Deprecated, use --eval-options).')
    parser.add_argument('--eval-options', nargs='+', action=DictAction,
                        help='Options of dataset.evaluate(), KEY=VALUE pairs.')
    parser.add_argument('--device', choices=['cpu', 'cuda'], default=None,
                        help='Device (default: cuda when available).')
    parser.add_argument('--launcher', choices=['none', 'pytorch', 'slurm', 'mpi'],
                        default='none', help='Job launcher.')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args(argv)
    if 'LOCAL_RANK' not in os.environ:
        os.environ['LOCAL_RANK'] = str(args.local_rank)
    if args.options and args.eval_options:
        parser.error('--options and --eval-options cannot both be given')
    if args.options:
        warnings.warn('--options is deprecated, use --eval-options',
                      UserWarning, stacklevel=2)
        args.eval_options = args.options
    if not (args.out or args.eval or args.format_only or args.show
            or args.show_dir):
        parser.error('give at least one of --out, --eval, --format-only, '
                     '--show and --show-dir')
    if args.eval and args.format_only:
        parser.error('--eval and --format-only cannot both be given')
    if args.out is not None and not args.out.endswith(('.pkl', '.pickle')):
        parser.error('--out must be a .pkl or .pickle file')
    if args.device == 'cuda' and not torch.cuda.is_available():
        parser.error('--device cuda: CUDA is not available')
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.out:  # fail now rather than after the whole test run
        check_output_file(args.out, '--out')
    cfg = load_tool_config(args.config, args.cfg_options)

    if cfg.get('cudnn_benchmark', False):
        torch.backends.cudnn.benchmark = True
    if cfg.model.get('pretrained'):
        cfg.model.pretrained = None
    samples_per_gpu = cfg.data.get('test_dataloader', {}).get(
        'samples_per_gpu', cfg.data.get('samples_per_gpu', 1))
    if samples_per_gpu > 1:
        cfg = replace_image_to_tensor(disable_text_recog_aug_test(cfg))

    distributed = args.launcher != 'none'
    if distributed:
        init_dist(args.launcher, **cfg.get('dist_params', {}))
    cfg.device = args.device or ('cuda' if torch.cuda.is_available() else 'cpu')
    # Each rank tests its own share: no DistributedDataParallel needed.
    cfg.gpu_ids = [int(os.environ['LOCAL_RANK']) if distributed else 0]

    dataset = build_dataset(cfg.data.test, dict(test_mode=True),
                            cfg_path='data.test')
    # fail now on a bad metric or option rather than after the test run
    eval_kwargs = (test_eval_kwargs(cfg, dataset, args.eval, args.eval_options)
                   if args.eval else None)
    test_loader_cfg = loader_cfg(cfg.data, 'test_dataloader', seed=cfg.get('seed'),
                                 drop_last=False, dist=distributed)
    test_loader_cfg.update(samples_per_gpu=samples_per_gpu, shuffle=False)
    data_loader = build_dataloader(dataset, **test_loader_cfg)

    cfg.model.train_cfg = None
    model = build_model(cfg.model, test_cfg=cfg.get('test_cfg'))
    load_checkpoint(model, args.checkpoint, map_location='cpu')
    model = wrap_model(model, cfg, distributed=False)
    if not distributed:
        is_kie = cfg.model.type in ['SDMGR']
        outputs = single_gpu_test(model, data_loader, args.show, args.show_dir,
                                  is_kie, args.show_score_thr)
    else:
        outputs = multi_gpu_test(model, data_loader, args.tmpdir,
                                 args.gpu_collect)

    if get_dist_info()[0] == 0:
        _report(args, dataset, outputs, eval_kwargs)
    destroy_dist()
    return 0


def _report(args: argparse.Namespace, dataset, outputs: list,
            eval_kwargs: dict | None) -> None:
    """Save, format and/or evaluate the results (rank 0)."""
    if args.out:
        print(f'\nwriting results to {args.out}')
        with atomic_open(args.out, 'wb') as f:
            pickle.dump(outputs, f)
    if args.format_only:
        dataset.format_results(outputs, **dict(args.eval_options or {}))
    if eval_kwargs is not None:
        print(dataset.evaluate(outputs, **eval_kwargs))


if __name__ == '__main__':
    sys.exit(run_tool(main, 'test.py'))
