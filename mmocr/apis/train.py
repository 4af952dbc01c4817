"""``train_model`` (0.x name ``train_detector``): build loaders, wrap the
model, build the runner and its hooks from an MMOCR 0.x config, then run the
workflow.

A fatal error is written with its traceback to the ``mmocr`` logger's
files (the work dir's ``*.log``) before it propagates.
"""
from __future__ import annotations

import inspect
import os
import warnings
from typing import Any

from torch import nn

from mmocr.datasets.builder import build_dataloader, build_dataset
from mmocr.registry import HOOKS, UnknownKeyError, build_from_cfg
from mmocr.runner import (
    CheckpointLoadError,
    DistEvalHook,
    DistSamplerSeedHook,
    EvalHook,
    Fp16OptimizerHook,
    build_optimizer,
    build_runner,
    get_device,
    init_random_seed,
    revert_sync_batchnorm,
    set_random_seed,
)
from mmocr.runner.checkpoint import resumable_checkpoints
from mmocr.utils.errors import InvalidValueError
from mmocr.utils.logger import get_root_logger, log_exception_to_files
from mmocr.utils.util_distribution import build_ddp, build_dp

from .test import multi_gpu_test, single_gpu_test
from .utils import disable_text_recog_aug_test, loader_cfg, replace_image_to_tensor

__all__ = ['train_model', 'train_detector', 'init_random_seed',
           'set_random_seed', 'wrap_model']


def _has_sync_bn(model: nn.Module) -> bool:
    return any(isinstance(m, nn.SyncBatchNorm) for m in model.modules())


def wrap_model(model: nn.Module, cfg: Any, distributed: bool) -> nn.Module:
    """Put ``model`` on its device, wrapped for (distributed) training.

    SyncBN runs only in distributed CUDA training (``cfg.sync_bn`` converts
    every BatchNorm); elsewhere it becomes plain BatchNorm.
    """
    device = cfg.get('device') or get_device()
    use_sync_bn = distributed and device == 'cuda'
    if cfg.get('sync_bn') and use_sync_bn:
        model = nn.SyncBatchNorm.convert_sync_batchnorm(model)
    elif _has_sync_bn(model) and not use_sync_bn:
        warnings.warn('SyncBN needs distributed CUDA training: using BatchNorm',
                      UserWarning, stacklevel=2)
        model = revert_sync_batchnorm(model)
    if distributed:
        device_ids = ([int(os.environ.get('LOCAL_RANK', 0))]
                      if device == 'cuda' else None)
        return build_ddp(
            model, device, device_ids=device_ids, broadcast_buffers=False,
            find_unused_parameters=cfg.get('find_unused_parameters', False))
    return build_dp(model, device, device_ids=list(cfg.get('gpu_ids') or [0]))


def _runner_cfg(cfg: Any) -> dict:
    if 'runner' not in cfg or cfg.runner is None:
        if 'total_epochs' not in cfg:
            raise KeyError('the config needs runner=dict(type=..., max_epochs|'
                           'max_iters=...) or total_epochs')
        warnings.warn('config key total_epochs is deprecated: use '
                      'runner=dict(type="EpochBasedRunner", max_epochs=...)',
                      UserWarning, stacklevel=3)
        cfg.runner = {'type': 'EpochBasedRunner', 'max_epochs': cfg.total_epochs}
    elif cfg.get('total_epochs') is not None and \
            cfg.runner.get('max_epochs') != cfg.total_epochs:
        raise InvalidValueError(
            f'total_epochs ({cfg.total_epochs}) and '
            f'runner.max_epochs ({cfg.runner.get("max_epochs")}) differ')
    return dict(cfg.runner)


def _optimizer_hook(cfg: Any, distributed: bool) -> Any:
    optimizer_config = dict(cfg.get('optimizer_config') or {})
    for key, dtype in (('fp16', 'float16'), ('bf16', 'bfloat16')):
        amp_cfg = cfg.get(key)
        # ``bf16 = dict()`` (or ``True``, as ``--cfg-options bf16=True``
        # sets it) turns it on: only an absent key, None or False leave
        # training in float32.
        if amp_cfg is None or amp_cfg is False:
            continue
        if not isinstance(amp_cfg, dict) and amp_cfg is not True:
            raise InvalidValueError(
                f'{key} must be a dict (e.g. {key} = dict()), True, None or '
                f'False, got {amp_cfg!r}')
        amp_cfg = dict(amp_cfg) if isinstance(amp_cfg, dict) else {}
        # grad_clip and distributed come from optimizer_config and the launcher
        accepted = [name for name in
                    inspect.signature(Fp16OptimizerHook).parameters
                    if name not in ('grad_clip', 'distributed', 'kwargs')]
        unknown = [name for name in amp_cfg if name not in accepted]
        if unknown:
            raise UnknownKeyError(unknown, f'{key} (Fp16OptimizerHook)',
                                  accepted, path=[key, unknown[0]])
        amp_cfg.setdefault('dtype', dtype)
        optimizer_config.pop('type', None)
        return Fp16OptimizerHook(**optimizer_config, **amp_cfg,
                                 distributed=distributed)
    optimizer_config.setdefault('type', 'OptimizerHook')
    return build_from_cfg(optimizer_config, HOOKS)


def auto_resume(runner: Any, work_dir: str, logger: Any) -> str | None:
    """Resume ``runner`` from the newest loadable checkpoint in ``work_dir``
    (``latest.pth``, then ``epoch_N``/``iter_N`` by decreasing N).

    An unreadable one (corrupt, truncated, without ``meta.epoch``) is
    skipped with a warning saying why; the one resumed from is logged.

    Returns:
        Its path, or ``None`` when ``work_dir`` has no checkpoint.

    Raises:
        CheckpointLoadError: there are checkpoints but none can be resumed
            from (each file and its reason are named).
    """
    candidates = resumable_checkpoints(work_dir)
    failures = []
    for path in candidates:
        try:
            runner.resume(path)
        except CheckpointLoadError as err:
            logger.warning('auto-resume: cannot resume from %s (%s); trying '
                           'the next newest checkpoint', path, err)
            failures.append(f'{path}: {err}')
            continue
        if failures:
            logger.warning('auto-resume: resumed from %s, the newest loadable '
                           'checkpoint (skipped: %s)', path, '; '.join(failures))
        else:
            logger.info('auto-resume: found %s', path)
        return path
    if failures:
        raise CheckpointLoadError('auto-resume: no checkpoint in '
                                  f'{work_dir} can be resumed from: '
                                  + '; '.join(failures))
    return None


def train_model(model: nn.Module, dataset: Any, cfg: Any,
                distributed: bool = False, validate: bool = False,
                timestamp: str | None = None, meta: dict | None = None) -> None:
    """Train ``model`` on ``dataset`` (one dataset per workflow stage).

    Args:
        cfg: The full config (``data``, ``optimizer``, ``lr_config``,
            ``runner``, ``checkpoint_config``, ``log_config``, ...).
        distributed: The process group is initialised (``init_dist``).
        validate: Evaluate on ``data.val`` per ``cfg.evaluation``.
        timestamp: Names the ``<timestamp>.log.json`` log.
        meta: Stored in checkpoints (env info, config text, seed).

    ``cfg.auto_resume`` resumes from the newest loadable checkpoint of
    ``cfg.work_dir`` (see :func:`auto_resume`). Any exception is written
    with its traceback to the logger's files (the work dir's ``*.log``)
    before it propagates.
    """
    logger = get_root_logger(log_level=cfg.get('log_level', 'INFO'))
    try:
        _train(model, dataset, cfg, distributed, validate, timestamp, meta,
               logger)
    except BaseException as err:
        if not isinstance(err, (KeyboardInterrupt, SystemExit)):
            log_exception_to_files(
                logger, f'training failed: {type(err).__name__}: {err}')
        raise


#: MMOCR 0.x name of :func:`train_model` (the same function).
train_detector = train_model


def _train(model: nn.Module, dataset: Any, cfg: Any, distributed: bool,
           validate: bool, timestamp: str | None, meta: dict | None,
           logger: Any) -> None:
    datasets = dataset if isinstance(dataset, (list, tuple)) else [dataset]
    cfg.setdefault('device', get_device())
    gpu_ids = cfg.get('gpu_ids') or [0]
    default_loader = dict(num_gpus=len(gpu_ids) if not distributed else 1,
                          dist=distributed, seed=cfg.get('seed'),
                          drop_last=False, persistent_workers=False)
    train_loader_cfg = loader_cfg(cfg.data, 'train_dataloader', **default_loader)
    data_loaders = [build_dataloader(ds, **train_loader_cfg) for ds in datasets]

    model = wrap_model(model, cfg, distributed)
    optimizer = build_optimizer(model, cfg.optimizer)
    runner = build_runner(_runner_cfg(cfg), default_args=dict(
        model=model, optimizer=optimizer, work_dir=cfg.work_dir,
        logger=logger, meta=meta))
    runner.timestamp = timestamp or runner.timestamp

    runner.register_training_hooks(
        cfg.get('lr_config'), _optimizer_hook(cfg, distributed),
        cfg.get('checkpoint_config'), cfg.get('log_config'),
        cfg.get('momentum_config'),
        custom_hooks_config=cfg.get('custom_hooks'))
    if type(runner).__name__ != 'IterBasedRunner':
        runner.register_hook(DistSamplerSeedHook())

    if validate:
        val_samples = cfg.data.get('val_dataloader', {}).get(
            'samples_per_gpu', cfg.data.get('samples_per_gpu', 1))
        val_cfg = cfg
        if val_samples > 1:
            val_cfg = replace_image_to_tensor(disable_text_recog_aug_test(cfg))
        val_dataset = build_dataset(val_cfg.data.val, dict(test_mode=True),
                                    cfg_path='data.val')
        val_loader_cfg = loader_cfg(cfg.data, 'val_dataloader', **default_loader)
        val_loader_cfg.update(shuffle=False, drop_last=False,
                              samples_per_gpu=val_samples)
        val_dataloader = build_dataloader(val_dataset, **val_loader_cfg)
        eval_cfg = dict(cfg.get('evaluation') or {})
        eval_cfg['by_epoch'] = cfg.runner['type'] != 'IterBasedRunner'
        hook_cls = DistEvalHook if distributed else EvalHook
        eval_cfg.setdefault('test_fn', multi_gpu_test if distributed
                            else single_gpu_test)
        runner.register_hook(hook_cls(val_dataloader, **eval_cfg), priority='LOW')

    resume_from = cfg.get('resume_from')
    resumed = False
    if resume_from:
        runner.resume(resume_from)
        resumed = True
    elif cfg.get('auto_resume'):
        resumed = auto_resume(runner, cfg.work_dir, logger) is not None
    if not resumed and cfg.get('load_from'):
        runner.load_checkpoint(cfg.load_from)
    runner.run(data_loaders, [tuple(flow) for flow in cfg.workflow])


