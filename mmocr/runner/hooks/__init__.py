from .checkpoint import CheckpointHook
from .ema import EMAHook
from .evaluation import DistEvalHook, EvalHook
from .hook import Hook
from .iter_timer import IterTimerHook
from .logger import LoggerHook, TensorboardLoggerHook, TextLoggerHook
from .lr_updater import (
                         CosineAnnealingLrUpdaterHook,
                         ExpLrUpdaterHook,
                         FixedLrUpdaterHook,
                         InvLrUpdaterHook,
                         LrUpdaterHook,
                         OneCycleLrUpdaterHook,
                         PolyLrUpdaterHook,
                         StepLrUpdaterHook,
                         build_lr_hook,
)
from .optimizer import Fp16OptimizerHook, OptimizerHook
from .sampler_seed import DistSamplerSeedHook, set_loader_epoch

__all__ = [
    'Hook', 'CheckpointHook', 'EMAHook', 'EvalHook', 'DistEvalHook',
    'IterTimerHook', 'LoggerHook', 'TextLoggerHook', 'TensorboardLoggerHook',
    'LrUpdaterHook', 'FixedLrUpdaterHook', 'StepLrUpdaterHook',
    'ExpLrUpdaterHook', 'PolyLrUpdaterHook', 'InvLrUpdaterHook',
    'CosineAnnealingLrUpdaterHook', 'OneCycleLrUpdaterHook', 'build_lr_hook',
    'OptimizerHook', 'Fp16OptimizerHook', 'DistSamplerSeedHook',
    'set_loader_epoch'
]
