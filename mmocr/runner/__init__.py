"""Training loop on plain torch, with MMCV 1.x's runner/hook semantics."""
from .base_runner import BaseRunner
from .builder import build_runner
from .checkpoint import (
    CheckpointLoadError,
    find_latest_checkpoint,
    get_state_dict,
    load_checkpoint,
    load_state_dict,
    save_checkpoint,
    weights_to_cpu,
)
from .dist_utils import (
    MMDataParallel,
    MMDistributedDataParallel,
    destroy_dist,
    get_device,
    get_dist_info,
    init_dist,
    master_only,
    revert_sync_batchnorm,
)
from .epoch_based_runner import EpochBasedRunner
from .hooks import (
    CheckpointHook,
    CosineAnnealingLrUpdaterHook,
    DistEvalHook,
    DistSamplerSeedHook,
    EMAHook,
    EvalHook,
    ExpLrUpdaterHook,
    FixedLrUpdaterHook,
    Fp16OptimizerHook,
    Hook,
    InvLrUpdaterHook,
    IterTimerHook,
    LoggerHook,
    LrUpdaterHook,
    OneCycleLrUpdaterHook,
    OptimizerHook,
    PolyLrUpdaterHook,
    StepLrUpdaterHook,
    TensorboardLoggerHook,
    TextLoggerHook,
)
from .iter_based_runner import IterBasedRunner, IterLoader
from .log_buffer import LogBuffer
from .optimizer import OPTIMIZER_BUILDERS, DefaultOptimizerConstructor, build_optimizer
from .priority import Priority, get_priority
from .protocol import RunnerProtocol
from .utils import (
    get_rng_state,
    get_time_str,
    init_random_seed,
    set_random_seed,
    set_rng_state,
)

__all__ = [
    'BaseRunner', 'EpochBasedRunner', 'IterBasedRunner', 'IterLoader',
    'build_runner', 'CheckpointLoadError', 'find_latest_checkpoint',
    'get_state_dict', 'load_checkpoint', 'load_state_dict', 'save_checkpoint',
    'weights_to_cpu', 'MMDataParallel', 'MMDistributedDataParallel',
    'destroy_dist', 'get_device', 'get_dist_info', 'init_dist', 'master_only',
    'revert_sync_batchnorm', 'Hook', 'CheckpointHook', 'EMAHook', 'EvalHook',
    'DistEvalHook', 'DistSamplerSeedHook', 'IterTimerHook', 'LoggerHook',
    'TextLoggerHook', 'TensorboardLoggerHook', 'LrUpdaterHook',
    'FixedLrUpdaterHook', 'StepLrUpdaterHook', 'ExpLrUpdaterHook',
    'PolyLrUpdaterHook', 'InvLrUpdaterHook', 'CosineAnnealingLrUpdaterHook',
    'OneCycleLrUpdaterHook', 'OptimizerHook', 'Fp16OptimizerHook',
    'LogBuffer', 'OPTIMIZER_BUILDERS', 'DefaultOptimizerConstructor',
    'build_optimizer', 'Priority', 'get_priority', 'RunnerProtocol', 'get_rng_state',
    'get_time_str', 'init_random_seed', 'set_random_seed', 'set_rng_state'
]
