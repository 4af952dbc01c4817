"""Epoch/iter runners and the default hooks, in process on the toy model."""
from __future__ import annotations

import json
import logging
import os

import pytest
import torch
from runner_toy_modules import ToyRegressionDataset, ToyRegressor

from mmocr.apis import single_gpu_test
from mmocr.datasets.builder import build_dataloader
from mmocr.registry import HOOKS, UnknownKeyError
from mmocr.runner import (
    CheckpointLoadError,
    EMAHook,
    EpochBasedRunner,
    EvalHook,
    Fp16OptimizerHook,
    Hook,
    IterBasedRunner,
    MMDataParallel,
    OptimizerHook,
    build_optimizer,
    save_checkpoint,
)


def _runner(tmp_path, cls=EpochBasedRunner, lr=0.05, **kwargs):
    torch.manual_seed(0)
    model = MMDataParallel(ToyRegressor(dropout=0.))
    optimizer = build_optimizer(model, dict(type='SGD', lr=lr, momentum=0.9))
    runner = cls(model=model, optimizer=optimizer, work_dir=str(tmp_path),
                 logger=logging.getLogger('mmocr.test_runner'), **kwargs)
    runner.timestamp = 'run'
    return runner


def _loader(n=6, shuffle=True, test_mode=False, batch=2):
    return build_dataloader(ToyRegressionDataset(n, test_mode=test_mode),
                            batch, 0, shuffle=shuffle, seed=0)


def _json_log(tmp_path):
    with open(tmp_path / 'run.log.json') as f:
        return [json.loads(line) for line in f]


def test_epoch_runner_checkpoints_logs_and_best(tmp_path):
    runner = _runner(tmp_path, max_epochs=4)
    runner.meta = dict(seed=0)
    runner.register_training_hooks(
        dict(policy='step', step=[3]), dict(grad_clip=None),
        dict(interval=1, max_keep_ckpts=2),
        dict(interval=1, hooks=[dict(type='TextLoggerHook')]))
    eval_hook = EvalHook(_loader(5, shuffle=False, test_mode=True),
                         save_best='auto', metric='mae',
                         test_fn=single_gpu_test)
    runner.register_hook(eval_hook, priority='LOW')
    runner.run([_loader()], [('train', 1)])
    assert (runner.epoch, runner.iter) == (4, 12)
    files = sorted(f for f in os.listdir(tmp_path) if f.endswith('.pth'))
    best = [f for f in files if f.startswith('best_accuracy_epoch_')]
    assert len(best) == 1
    assert sorted(set(files) - set(best)) == ['epoch_3.pth', 'epoch_4.pth',
                                             'latest.pth']
    logs = _json_log(tmp_path)
    assert logs[0] == {'seed': 0}
    train = [log for log in logs if log.get('mode') == 'train']
    val = [log for log in logs if log.get('mode') == 'val']
    assert len(train) == 12 and len(val) == 4
    assert {'epoch', 'iter', 'lr', 'memory', 'time', 'data_time', 'loss_mse',
            'loss'} <= set(train[0])
    assert [log['lr'] for log in train[::3]] == pytest.approx([0.05] * 3 + [0.005])
    best_val = max(val, key=lambda log: log['accuracy'])
    assert best == [f'best_accuracy_epoch_{best_val["epoch"]}.pth']
    latest = torch.load(tmp_path / 'latest.pth', weights_only=True)
    assert latest['meta']['epoch'] == 4 and latest['meta']['iter'] == 12
    assert latest['meta']['hook_msgs']['best_score'] == pytest.approx(
        best_val['accuracy'], abs=1e-5)


def test_iter_runner_with_val_workflow(tmp_path):
    runner = _runner(tmp_path, cls=IterBasedRunner, lr=1.0, max_iters=5)
    runner.register_training_hooks(
        dict(policy='poly', power=1.0), dict(),
        dict(interval=2), dict(interval=1, hooks=[dict(type='TextLoggerHook')]))
    runner.run([_loader(4), _loader(4, test_mode=True)],
               [('train', 2), ('val', 1)])
    assert runner.iter == 5 and runner.epoch == 2  # 2 batches per pass
    assert sorted(f for f in os.listdir(tmp_path) if f.endswith('.pth')) == [
        'iter_2.pth', 'iter_4.pth', 'iter_5.pth', 'latest.pth']
    train = [log for log in _json_log(tmp_path) if log['mode'] == 'train']
    assert [log['iter'] for log in train] == [1, 2, 3, 4, 5]
    assert [log['lr'] for log in train] == pytest.approx([1., .8, .6, .4, .2])
    ckpt = torch.load(tmp_path / 'iter_5.pth', weights_only=True)
    assert ckpt['meta']['iter'] == 5


class _Recorder(Hook):
    def __init__(self, name, calls):
        self.name, self.calls = name, calls

    def before_run(self, runner):
        self.calls.append(self.name)


def test_hook_priority_order(tmp_path):
    runner = _runner(tmp_path, max_epochs=1)
    calls: list = []
    for name, priority in [('normal', 'NORMAL'), ('lowest', 'LOWEST'),
                           ('high', 30), ('highest', 'HIGHEST'),
                           ('normal2', 50)]:
        runner.register_hook(_Recorder(name, calls), priority)
    runner.call_hook('before_run')
    assert calls == ['highest', 'high', 'normal', 'normal2', 'lowest']
    with pytest.raises(ValueError, match='unknown priority'):
        runner.register_hook(_Recorder('x', calls), 'MEDIUM')


def test_grad_clip_logs_norm_and_clips(tmp_path):
    runner = _runner(tmp_path, max_epochs=1)
    hook = OptimizerHook(grad_clip=dict(max_norm=1e-3))
    batch = next(iter(_loader()))
    runner.run_iter(batch, train_mode=True)
    loss = runner.outputs['loss']
    params = [p for p in runner.model.parameters()]
    grads = torch.autograd.grad(loss, params, retain_graph=True)
    total = torch.norm(torch.stack([g.norm() for g in grads])).item()
    before = [p.detach().clone() for p in params]
    hook.after_train_iter(runner)
    logged = runner.log_buffer.val_history['grad_norm'][-1]
    assert logged == pytest.approx(total, rel=1e-5)
    clipped = torch.norm(torch.stack([p.grad.norm() for p in params])).item()
    assert clipped == pytest.approx(1e-3, rel=1e-3)
    assert any(not torch.equal(a, p) for a, p in zip(before, params))


def test_ema_hook_values_and_swap(tmp_path):
    runner = _runner(tmp_path, max_epochs=1)
    hook = EMAHook(momentum=0.5, warm_up=1)
    runner.register_hook(hook)
    module = runner.model.module
    assert hasattr(module, 'ema_fc_weight')
    w0 = module.fc.weight.detach().clone()
    with torch.no_grad():
        module.fc.weight.add_(1.0)
    runner._iter = 3
    hook.after_train_iter(runner)  # m = min(0.5, 4 / 4) = 0.5
    expected = 0.5 * w0 + 0.5 * (w0 + 1)
    assert torch.allclose(module.ema_fc_weight, expected)
    hook.after_train_epoch(runner)  # evaluation sees the average
    assert torch.allclose(module.fc.weight, expected)
    assert torch.allclose(module.ema_fc_weight, w0 + 1)
    runner._epoch = 1
    hook.before_train_epoch(runner)  # training continues on raw weights
    assert torch.allclose(module.fc.weight, w0 + 1)
    assert 'ema_fc_weight' in module.state_dict()


def test_ema_in_config_trains(tmp_path):
    runner = _runner(tmp_path, max_epochs=2)
    runner.register_training_hooks(
        None, dict(), dict(interval=1), None,
        custom_hooks_config=[dict(type='EMAHook', momentum=0.1)])
    ema = [h for h in runner.hooks if isinstance(h, EMAHook)][0]
    assert ema.priority == 49  # before the checkpoint hook (50)
    runner.run([_loader()], [('train', 1)])
    ckpt = torch.load(tmp_path / 'epoch_2.pth', weights_only=True)
    assert 'ema_conv_weight' in ckpt['state_dict']


def test_fp16_on_cpu_falls_back_to_bf16(tmp_path, caplog):
    runner = _runner(tmp_path, max_epochs=1)
    runner.register_training_hooks(None, Fp16OptimizerHook(loss_scale='dynamic'))
    with caplog.at_level(logging.WARNING, logger='mmocr.test_runner'):
        runner.run([_loader()], [('train', 1)])
    assert runner.autocast_dtype == torch.bfloat16
    assert 'bfloat16' in caplog.text
    assert runner.iter == 3


def test_resume_needs_training_meta(tmp_path):
    runner = _runner(tmp_path, max_epochs=1)
    path = str(tmp_path / 'weights.pth')
    save_checkpoint(runner.model, path)
    with pytest.raises(CheckpointLoadError, match='use load_from'):
        runner.resume(path)


def test_runner_rejects_bad_setup(tmp_path):
    runner = _runner(tmp_path, max_epochs=1)
    with pytest.raises(ValueError, match='workflow'):
        runner.run([_loader()], [('train', 1), ('val', 1)])
    with pytest.raises(NotImplementedError, match='momentum_config'):
        runner.register_training_hooks(None, momentum_config=dict(policy='x'))
    with pytest.raises(ValueError, match='max_epochs'):
        _runner(tmp_path).run([_loader()], [('train', 1)])


def test_tensorboard_logger_writes_scalars(tmp_path):
    event_accumulator = pytest.importorskip(
        'tensorboard.backend.event_processing.event_accumulator')
    runner = _runner(tmp_path, max_epochs=2)
    runner.register_training_hooks(
        dict(policy='fixed'), dict(grad_clip=None), None,
        dict(interval=1, hooks=[dict(type='TensorboardLoggerHook')]))
    runner.run([_loader()], [('train', 1)])
    log_dir = tmp_path / 'tf_logs'
    acc = event_accumulator.EventAccumulator(str(log_dir))
    acc.Reload()
    tags = set(acc.Tags()['scalars'])
    assert {'train/loss', 'train/loss_mse', 'learning_rate'} <= tags
    steps = [event.step for event in acc.Scalars('train/loss')]
    assert steps == list(range(1, 7))
    assert all(event.value == pytest.approx(0.05)
               for event in acc.Scalars('learning_rate'))


def test_iter_runner_eval_line_counts_training_iterations(tmp_path):
    runner = _runner(tmp_path, cls=IterBasedRunner, max_iters=4)
    runner.register_training_hooks(
        dict(policy='fixed'), dict(grad_clip=None), None,
        dict(interval=1, by_epoch=False, hooks=[dict(type='TextLoggerHook')]))
    # 7 validation batches: the eval batch count must not be shown as the
    # training iteration of the line that carries the metrics
    runner.register_hook(EvalHook(_loader(7, shuffle=False, test_mode=True,
                                          batch=1),
                                  interval=2, by_epoch=False, metric='mae',
                                  test_fn=single_gpu_test),
                         priority='LOW')
    runner.run([_loader()], [('train', 1)])
    logs = [log for log in _json_log(tmp_path) if 'accuracy' in log]
    assert [log['iter'] for log in logs] == [2, 4]
    assert all(log['iter'] <= 4 for log in _json_log(tmp_path) if 'iter' in log)


def test_eval_hook_rejects_unknown_eval_kwargs_before_training():
    loader = _loader(5, shuffle=False, test_mode=True)
    with pytest.raises(UnknownKeyError) as info:
        EvalHook(loader, test_fn=single_gpu_test, metrc='mae')
    message = str(info.value)
    assert "'metrc' (did you mean 'metric'?)" in message
    assert 'ToyRegressionDataset.evaluate' in message
    with pytest.raises(UnknownKeyError, match="'metrc'"):
        HOOKS.build(dict(type='EvalHook', dataloader=loader,
                         test_fn=single_gpu_test, metrc='mae'))
