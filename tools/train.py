#!/usr/bin/env python
"""Train a model from a config: ``python tools/train.py CONFIG [options]``.

Distributed training goes through ``tools/dist_train.sh`` (torchrun) or
``tools/slurm_train.sh`` (srun), which pass ``--launcher pytorch|slurm``.
"""
from __future__ import annotations

import argparse
import copy
import os
import os.path as osp
import sys
import time
import warnings

import torch

from mmocr import __version__
from mmocr.apis import init_random_seed, set_random_seed, train_model
from mmocr.apis.utils import load_tool_config, run_tool
from mmocr.datasets import build_dataset
from mmocr.models import build_model
from mmocr.runner import destroy_dist, get_device, get_dist_info, init_dist
from mmocr.utils import (
    DictAction,
    collect_env,
    get_root_logger,
    is_2dlist,
)
from mmocr.utils.logger import log_exception_to_files


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Train a detector.')
    parser.add_argument('config', help='Train config file path.')
    parser.add_argument('--work-dir', help='The dir to save logs and models.')
    parser.add_argument('--load-from', help='The checkpoint file to load from.')
    parser.add_argument('--resume-from', help='The checkpoint file to resume from.')
    parser.add_argument('--auto-resume', action='store_true',
                        help='Resume from the latest checkpoint in work_dir.')
    parser.add_argument('--no-validate', action='store_true',
                        help='Do not evaluate checkpoints during training.')
    group = parser.add_mutually_exclusive_group()
    group.add_argument('--gpus', type=int,
                       help='(Deprecated, use --gpu-id) number of GPUs to use '
                       '(non-distributed training only).')
    group.add_argument('--gpu-ids', type=int, nargs='+',
                       help='(Deprecated, use --gpu-id) ids of GPUs to use '
                       '(non-distributed training only).')
    group.add_argument('--gpu-id', type=int, default=0,
                       help='Id of the GPU to use (non-distributed training).')
    parser.add_argument('--seed', type=int, default=None, help='Random seed.')
    parser.add_argument('--diff-seed', action='store_true',
                        help='Use a different seed on each rank.')
    parser.add_argument('--deterministic', action='store_true',
                        help='Deterministic options for CUDNN and torch.')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='Override settings, KEY=VALUE pairs, e.g. '
                        'data.samples_per_gpu=2 optimizer.lr=0.01.')
    parser.add_argument('--options', nargs='+', action=DictAction,
                        help='(Deprecated, use --cfg-options).')
    parser.add_argument('--launcher', choices=['none', 'pytorch', 'slurm', 'mpi'],
                        default='none', help='Job launcher.')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args(argv)
    if 'LOCAL_RANK' not in os.environ:
        os.environ['LOCAL_RANK'] = str(args.local_rank)
    if args.options and args.cfg_options:
        parser.error('--options and --cfg-options cannot both be given')
    if args.options:
        warnings.warn('--options is deprecated, use --cfg-options', UserWarning,
                      stacklevel=2)
        args.cfg_options = args.options
    return args


def _train_pipeline(train_cfg: dict) -> list:
    """The training pipeline of ``data.train`` (for a ('val', n) workflow)."""
    if train_cfg.get('pipeline') is None:
        datasets = train_cfg['datasets']
        return (datasets[0][0] if is_2dlist(datasets) else datasets[0])['pipeline']
    pipeline = train_cfg['pipeline']
    return pipeline[0] if is_2dlist(pipeline) else pipeline


def _build_model_and_datasets(cfg) -> tuple:
    """The model (weights initialised, ``CLASSES`` set) and the datasets of
    the workflow's stages."""

    model = build_model(cfg.model, train_cfg=cfg.get('train_cfg'),
                        test_cfg=cfg.get('test_cfg'))
    model.init_weights()

    datasets = [build_dataset(cfg.data.train, cfg_path='data.train')]
    if len(cfg.workflow) == 2:
        val_dataset = copy.deepcopy(cfg.data.val)
        pipeline = _train_pipeline(cfg.data.train)
        if val_dataset['type'] in ('ConcatDataset', 'UniformConcatDataset'):
            for sub in val_dataset['datasets']:
                sub['pipeline'] = pipeline
        else:
            val_dataset['pipeline'] = pipeline
        datasets.append(build_dataset(val_dataset, cfg_path='data.val'))
    classes = getattr(datasets[0], 'CLASSES', None)
    if cfg.get('checkpoint_config') is not None:
        cfg.checkpoint_config['meta'] = dict(mmocr_version=__version__,
                                             CLASSES=classes)
    model.CLASSES = classes
    return model, datasets


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    cfg = load_tool_config(args.config, args.cfg_options)
    # Register every model and dataset.

    if cfg.get('cudnn_benchmark', False):
        torch.backends.cudnn.benchmark = True
    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir') is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(args.config))[0])
    if args.load_from is not None:
        cfg.load_from = args.load_from
    if args.resume_from is not None:
        cfg.resume_from = args.resume_from
    cfg.auto_resume = args.auto_resume
    if args.gpus is not None:
        warnings.warn('--gpus is deprecated: training uses 1 GPU in '
                      'non-distributed mode', UserWarning, stacklevel=2)
        cfg.gpu_ids = [0]
    elif args.gpu_ids is not None:
        warnings.warn('--gpu-ids is deprecated: using the first id',
                      UserWarning, stacklevel=2)
        cfg.gpu_ids = args.gpu_ids[:1]
    else:
        cfg.gpu_ids = [args.gpu_id]

    distributed = args.launcher != 'none'
    if distributed:
        init_dist(args.launcher, **cfg.get('dist_params', {}))
        _, world_size = get_dist_info()
        cfg.gpu_ids = list(range(world_size))

    os.makedirs(osp.abspath(cfg.work_dir), exist_ok=True)
    if get_dist_info()[0] == 0:
        cfg.dump(osp.join(cfg.work_dir, osp.basename(args.config)))
    timestamp = time.strftime('%Y%m%d_%H%M%S', time.localtime())
    log_file = osp.join(cfg.work_dir, f'{timestamp}.log')
    logger = get_root_logger(log_file=log_file,
                             log_level=cfg.get('log_level', 'INFO'))

    meta: dict = {}
    env_info = '\n'.join(f'{k}: {v}' for k, v in collect_env().items())
    dash_line = '-' * 60 + '\n'
    logger.info('Environment info:\n%s%s\n%s', dash_line, env_info, dash_line)
    meta['env_info'] = env_info
    meta['config'] = cfg.pretty_text
    logger.info('Distributed training: %s', distributed)
    logger.info('Config:\n%s', cfg.pretty_text)

    cfg.device = get_device()
    seed = init_random_seed(args.seed if args.seed is not None else cfg.get('seed'),
                            device=cfg.device)
    if args.diff_seed:
        seed += get_dist_info()[0]
    deterministic = args.deterministic or bool(cfg.get('deterministic', False))
    logger.info('Set random seed to %d, deterministic: %s', seed, deterministic)
    set_random_seed(seed, deterministic=deterministic)
    cfg.seed = seed
    meta['seed'] = seed
    meta['exp_name'] = osp.basename(args.config)

    try:
        model, datasets = _build_model_and_datasets(cfg)
    except Exception as err:
        # train_model logs its own failures; these come before it.
        log_exception_to_files(
            logger, f'training failed: {type(err).__name__}: {err}')
        raise
    train_model(model, datasets, cfg, distributed=distributed,
                validate=not args.no_validate, timestamp=timestamp, meta=meta)
    destroy_dist()
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'train.py'))
