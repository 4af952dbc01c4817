"""Both runners satisfy the protocol the hooks are typed with, and the hook
annotations use it."""
from __future__ import annotations

import inspect
import logging

from runner_toy_modules import ToyRegressor

from mmocr.runner import (
    EpochBasedRunner,
    Hook,
    IterBasedRunner,
    MMDataParallel,
    RunnerProtocol,
    build_optimizer,
)
from mmocr.runner import hooks as hooks_module


def test_runners_satisfy_the_protocol(tmp_path):
    for cls in (EpochBasedRunner, IterBasedRunner):
        model = MMDataParallel(ToyRegressor())
        runner = cls(model=model,
                     optimizer=build_optimizer(model, dict(type='SGD', lr=0.1)),
                     work_dir=str(tmp_path), logger=logging.getLogger('t'),
                     max_iters=1 if cls is IterBasedRunner else None,
                     max_epochs=1 if cls is EpochBasedRunner else None)
        assert isinstance(runner, RunnerProtocol)
    assert not isinstance(object(), RunnerProtocol)


def test_hooks_are_typed_with_the_protocol():
    untyped = []
    for name in dir(hooks_module):
        cls = getattr(hooks_module, name)
        if not (inspect.isclass(cls) and issubclass(cls, Hook)):
            continue
        for stage, fn in inspect.getmembers(cls, inspect.isfunction):
            params = inspect.signature(fn).parameters
            if 'runner' in params and \
                    params['runner'].annotation != 'RunnerProtocol':
                untyped.append(f'{name}.{stage}')
    assert not untyped
