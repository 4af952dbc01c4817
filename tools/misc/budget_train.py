"""Train an iteration-based config for as long as a time budget allows.

A GPU lent for a few minutes, a CPU session with an hour left: fix the
budget, not the iteration count. A short probe run measures the seconds per
iteration on this machine; the real run then gets ``runner.max_iters`` so
that probe and training together end inside the budget, with the whole
learning-rate schedule (warm-up, decay) fitted to that length::

    python tools/misc/budget_train.py CONFIG --minutes 8 \\
        [--work-dir DIR] [--probe-iters 30] [--safety 0.85] \\
        [--cfg-options k=v ...] [any other tools/train.py argument]

The probe trains ``--probe-iters`` iterations in ``WORK_DIR/probe`` (no
checkpoint, no validation) and times them from its log, its first logging
interval excluded (start-up, first batches); the rest of its time counts as
the fixed start-up cost of a run. The real run saves a checkpoint at every
quarter of the run, so a run stopped early still leaves weights, and skips
validation unless ``--validate`` is given (whose time the plan does not
hold: measure the held-out set once, at the end). The plan (seconds per
iteration, iterations, expected end) is printed before the run and written
to ``WORK_DIR/budget.json``. To resume a stopped run, keep its plan:
``tools/train.py CONFIG --work-dir WORK_DIR --auto-resume --cfg-options
runner.max_iters=<budget.json's max_iters>`` (a new probe would plan another
length, and the schedule with it).
"""
from __future__ import annotations

import argparse
import glob
import json
import math
import os.path as osp
import subprocess
import sys
import time
from typing import Sequence

if __package__ in (None, ''):  # python tools/misc/... from anywhere
    sys.path.insert(0, osp.dirname(osp.dirname(osp.dirname(
        osp.abspath(__file__)))))

from mmocr.apis.utils import load_tool_config, run_tool  # noqa: E402
from mmocr.utils import DictAction  # noqa: E402
from mmocr.utils.errors import InvalidValueError  # noqa: E402
from mmocr.utils.fileio import atomic_open  # noqa: E402

TRAIN = osp.join(osp.dirname(osp.dirname(osp.abspath(__file__))), 'train.py')


def iters_for_budget(budget_s: float, seconds_per_iter: float,
                     startup_s: float, safety: float) -> int:
    """Iterations that fit in ``budget_s`` seconds after a start-up of
    ``startup_s``, at ``seconds_per_iter``, keeping ``1 - safety`` of the
    remaining time in reserve (checkpoints, slower batches)."""
    if seconds_per_iter <= 0:
        raise InvalidValueError(f'seconds per iteration must be positive, got '
                                f'{seconds_per_iter}')
    if not 0 < safety <= 1:
        raise InvalidValueError(f'--safety must be in (0, 1], got {safety}')
    return max(int((budget_s - startup_s) * safety / seconds_per_iter), 0)


def seconds_per_iter(log_path: str) -> float:
    """Mean ``time`` of the training lines of a ``*.log.json``, its first
    logging interval excluded (or kept when it is the only one)."""
    times = []
    with open(log_path, encoding='utf-8') as f:
        for line in f:
            row = json.loads(line) if line.strip() else {}
            if row.get('mode') == 'train' and 'time' in row:
                times.append(float(row['time']))
    if not times:
        raise InvalidValueError(f'{log_path}: the probe logged no training '
                                'iteration time')
    times = times[1:] or times
    return sum(times) / len(times)


def _train(config: str, work_dir: str, user_options: Sequence[str],
           options: dict, extra: Sequence[str]) -> int:
    """Run tools/train.py; its exit status (it prints its own errors)."""
    # the user's options as given, then the budget's (later ones win)
    cmd = [sys.executable, TRAIN, config, '--work-dir', work_dir, *extra,
           '--cfg-options', *user_options,
           *(f'{k}={v}' for k, v in options.items())]
    print('$ ' + ' '.join(cmd), flush=True)
    return subprocess.run(cmd).returncode


def _parsed(options: Sequence[str]) -> dict | None:
    """``['a.b=1', ...]`` as tools/train.py reads them: ``{'a.b': 1}``."""
    if not options:
        return None
    parser = argparse.ArgumentParser(prog='budget_train.py')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    return parser.parse_args(['--cfg-options', *options]).cfg_options


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Fit runner.max_iters to a time budget, then train.')
    parser.add_argument('config')
    parser.add_argument('--minutes', type=float, required=True,
                        help='Budget for probe and training together.')
    parser.add_argument('--work-dir', help='Default: work_dirs/<config name>.')
    parser.add_argument('--probe-iters', type=int, default=30)
    parser.add_argument('--log-interval', type=int, default=5,
                        help='Logging interval of the probe.')
    parser.add_argument('--safety', type=float, default=0.85,
                        help='Share of the time left after start-up that '
                        'training plans to use.')
    parser.add_argument('--validate', action='store_true',
                        help="Keep the config's validation in the real run "
                        '(its time is not in the plan).')
    parser.add_argument('--cfg-options', nargs='+', default=[],
                        help='key=value pairs passed to both runs.')
    # any other argument (--seed 0, --auto-resume, ...) goes to train.py
    args, args.train_args = parser.parse_known_args(argv)
    if args.minutes <= 0:
        parser.error(f'--minutes must be positive, got {args.minutes}')
    if args.probe_iters < 2 * args.log_interval:
        parser.error('--probe-iters must cover two logging intervals '
                     f'(>= {2 * args.log_interval})')
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    start = time.monotonic()
    cfg = load_tool_config(args.config, _parsed(args.cfg_options))
    if cfg.runner.get('type') != 'IterBasedRunner':
        raise InvalidValueError(
            f'{args.config}: runner.type is {cfg.runner.get("type")!r}; a '
            'time budget sets runner.max_iters of an IterBasedRunner')
    work_dir = args.work_dir or osp.join(
        'work_dirs', osp.splitext(osp.basename(args.config))[0])
    probe_dir = osp.join(work_dir, 'probe')
    status = _train(args.config, probe_dir, args.cfg_options, {
        'runner.max_iters': args.probe_iters,
        'log_config.interval': args.log_interval,
        'checkpoint_config.interval': args.probe_iters + 1,  # never
        'checkpoint_config.by_epoch': False,
        'checkpoint_config.save_last': False},
        [*args.train_args, '--no-validate'])
    if status:
        return status
    probe_s = time.monotonic() - start
    logs = sorted(glob.glob(osp.join(probe_dir, '*.log.json')))
    if not logs:
        raise InvalidValueError(f'{probe_dir}: the probe wrote no *.log.json')
    per_iter = seconds_per_iter(logs[-1])
    startup_s = max(probe_s - per_iter * args.probe_iters, 0.0)
    budget_s = args.minutes * 60 - probe_s
    iters = iters_for_budget(budget_s, per_iter, startup_s, args.safety)
    if iters < 1:
        raise InvalidValueError(
            f'{args.minutes} min leave no iteration: the probe took '
            f'{probe_s:.0f} s, start-up {startup_s:.0f} s, '
            f'{per_iter:.2f} s per iteration')
    warmup = (cfg.get('lr_config') or {}).get('warmup_iters') or 0
    if warmup >= iters:
        print(f'warning: lr_config.warmup_iters ({warmup}) >= the {iters} '
              'iterations that fit: the learning rate never leaves warm-up',
              flush=True)
    plan = dict(config=args.config, minutes=args.minutes,
                seconds_per_iter=round(per_iter, 4),
                startup_s=round(startup_s, 1), probe_s=round(probe_s, 1),
                max_iters=iters,
                expected_end_s=round(probe_s + startup_s + iters * per_iter))
    with atomic_open(osp.join(work_dir, 'budget.json'), 'w') as f:
        json.dump(plan, f, indent=1)
    print(f'budget: {per_iter:.3f} s/iteration, start-up {startup_s:.0f} s '
          f'-> {iters} iterations, expected to end {plan["expected_end_s"]} s '
          f'after the start ({args.minutes * 60:.0f} s budget)', flush=True)
    return _train(args.config, work_dir, args.cfg_options, {
        'runner.max_iters': iters,
        'checkpoint_config.interval': math.ceil(iters / 4),
        'checkpoint_config.by_epoch': False},
        args.train_args if args.validate else
        [*args.train_args, '--no-validate'])


if __name__ == '__main__':
    sys.exit(run_tool(main, 'budget_train.py'))
