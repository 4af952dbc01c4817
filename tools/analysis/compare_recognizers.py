#!/usr/bin/env python
"""Compare trained text recognizers on the same test sets: one table.

Each ``CONFIG`` is a recognizer config; its checkpoint is
``--work-root/<config name>/<--checkpoint>`` (where ``tools/train.py
CONFIG --work-dir work_dirs/compare/<config name>`` leaves it), or give
``CONFIG:CHECKPOINT``. Every model reads each dataset of its config's
``data.test`` (a ``UniformConcatDataset``'s parts one by one, in the
config's test pipeline, ``--batch-size`` images a batch on the CPU with
``--threads`` threads) and the table gives, per dataset, the word accuracy
ignoring case and symbols and 1-N.E.D (MMOCR's ``acc`` metrics), then the
parameters, CPU milliseconds per word (test pipeline, network and
decoding, over all datasets) and the training time (from the work dir's
``*.log.json``, when there is one, plus those of the work dirs of the
checkpoints a staged config starts from: ``load_from`` and ``Pretrained``
``init_cfg``)::

    python tools/analysis/compare_recognizers.py \\
        configs/textrecog/crnn/crnn_compact_sroie_iiit5k_synth.py \\
        configs/textrecog/satrn/satrn_compact_sroie_iiit5k_synth.py \\
        --work-root work_dirs/compare --out work_dirs/compare/table.md

The markdown table is printed and, with ``--out``, written (atomically)
with a ``.json`` of the same rows beside it.
"""
from __future__ import annotations

import argparse
import copy
import glob
import json
import os.path as osp
import sys
import time
from typing import Any

if __package__ in (None, ''):  # python tools/analysis/... from anywhere
    sys.path.insert(0, osp.dirname(osp.dirname(osp.dirname(
        osp.abspath(__file__)))))

import torch  # noqa: E402

from mmocr.apis import single_gpu_test  # noqa: E402
from mmocr.apis.utils import (  # noqa: E402
    disable_text_recog_aug_test,
    replace_image_to_tensor,
    run_tool,
)
from mmocr.datasets import build_dataloader, build_dataset  # noqa: E402
from mmocr.models import build_model  # noqa: E402
from mmocr.runner import load_checkpoint  # noqa: E402
from mmocr.utils.config import Config  # noqa: E402
from mmocr.utils.errors import InvalidValueError  # noqa: E402
from mmocr.utils.fileio import atomic_write_text  # noqa: E402

#: The metrics of each dataset column, as ``OCRDataset.evaluate`` names them.
METRICS = ('word_acc_ignore_case_symbol', '1-N.E.D')


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('configs', nargs='+',
                        help='recognizer configs (CONFIG or CONFIG:CHECKPOINT)')
    parser.add_argument('--work-root', default='work_dirs/compare',
                        help='folder of the work dirs named after the configs')
    parser.add_argument('--checkpoint', default='latest.pth',
                        help='checkpoint file name inside each work dir')
    parser.add_argument('--batch-size', type=int, default=64)
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--out', help='write the table here (and .json)')
    return parser.parse_args(argv)


def split_spec(spec: str, work_root: str, checkpoint: str) -> tuple[str, str]:
    """``(config, checkpoint)`` of a ``CONFIG[:CHECKPOINT]`` argument."""
    config, sep, ckpt = spec.partition(':')
    if not sep:
        name = osp.splitext(osp.basename(config))[0]
        ckpt = osp.join(work_root, name, checkpoint)
    for path, what in ((config, 'config'), (ckpt, 'checkpoint')):
        if not osp.isfile(path):
            raise InvalidValueError(f'{spec}: {what} {path} does not exist')
    return config, ckpt


def test_datasets(cfg: Config) -> list[tuple[str, Any]]:
    """``(name, dataset config)`` of each test set of ``cfg``: the parts of
    a ``UniformConcatDataset`` (with its pipeline) or the one dataset,
    named ``<folder>/<stem>`` of its annotation file
    (``sroie_crops/val_label``, ``iiit5k/val_label``)."""
    test = cfg.data.test
    if test.get('type') == 'UniformConcatDataset':
        parts = []
        for part in test.datasets:
            part = copy.deepcopy(part)
            part['pipeline'] = test.pipeline
            parts.append(part)
    else:
        parts = [test]
    named = []
    for part in parts:
        path = osp.abspath(part['ann_file'])
        named.append((f'{osp.basename(osp.dirname(path))}/'
                      f'{osp.splitext(osp.basename(path))[0]}', part))
    return named


def training_hours(work_dir: str) -> float | None:
    """Hours of training logged in ``work_dir``'s ``*.log.json`` files
    (the iterations between log lines times their mean iteration time);
    ``None`` without a log.

    The files are read in name (start time) order. A file whose first line
    continues the previous file's iterations counts from there; one that
    starts again below them (a run resumed from an earlier checkpoint)
    counts its first line as one logging interval (its own, from its first
    two lines)."""
    total, found, last_iter = 0.0, False, 0
    for path in sorted(glob.glob(osp.join(work_dir, '*.log.json'))):
        with open(path, encoding='utf-8') as file:
            entries = [(e['iter'], e['time']) for e in map(json.loads, file)
                       if e.get('mode') == 'train' and 'time' in e]
        if not entries:
            continue
        found = True
        first = entries[0][0]
        if first <= last_iter:  # resumed below the previous file's end
            interval = entries[1][0] - first if len(entries) > 1 else first
            start = first - min(interval, first)
        else:
            start = last_iter
        for it, seconds in entries:
            total += (it - start) * seconds
            start = it
        last_iter = entries[-1][0]
    return total / 3600 if found else None


def stage_work_dirs(cfg: Config) -> list[str]:
    """The work dirs of the checkpoints a staged training starts from: the
    config's ``load_from`` and every ``Pretrained`` ``init_cfg`` in its
    model (local files only), in that order, without repeats."""
    found = [cfg.get('load_from')]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get('type') == 'Pretrained':
                found.append(node.get('checkpoint'))
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                walk(value)

    walk(cfg.model)
    dirs = [osp.dirname(path) for path in found
            if isinstance(path, str) and '://' not in path]
    return list(dict.fromkeys(dirs))


def staged_training_hours(cfg: Config, checkpoint: str) -> float | None:
    """Training hours of ``checkpoint``'s work dir and of the stages
    ``cfg`` starts from, each work dir counted once; ``None`` without any
    log."""
    work_dirs = dict.fromkeys((osp.dirname(checkpoint),
                               *stage_work_dirs(cfg)))
    hours = [h for h in map(training_hours, work_dirs) if h is not None]
    return sum(hours) if hours else None


def evaluate(config: str, checkpoint: str, batch_size: int) -> dict:
    """One table row: per-dataset metrics, parameters and ms per word."""
    cfg = Config.fromfile(config)
    if batch_size > 1:  # batched testing, as tools/test.py prepares it
        cfg = replace_image_to_tensor(disable_text_recog_aug_test(cfg))
    cfg.model.train_cfg = None
    model = build_model(cfg.model, test_cfg=cfg.get('test_cfg'))
    load_checkpoint(model, checkpoint, map_location='cpu')
    model.eval()
    row: dict[str, Any] = dict(
        config=config, checkpoint=checkpoint,
        params=sum(p.numel() for p in model.parameters()), datasets={})
    seconds, words = 0.0, 0
    for name, part in test_datasets(cfg):
        dataset = build_dataset(part, dict(test_mode=True))
        loader = build_dataloader(dataset, samples_per_gpu=batch_size,
                                  workers_per_gpu=0, dist=False,
                                  shuffle=False)
        start = time.perf_counter()
        outputs = single_gpu_test(model, loader)
        seconds += time.perf_counter() - start
        words += len(dataset)
        scores = dataset.evaluate(outputs, metric='acc')
        row['datasets'][name] = {key: scores[key] for key in METRICS}
    row['ms_per_word'] = 1000 * seconds / max(words, 1)
    row['train_hours'] = staged_training_hours(cfg, checkpoint)
    return row


def format_table(rows: list[dict], batch_size: int, threads: int) -> str:
    """The rows as a markdown table (datasets in the first row's order)."""
    names = list(rows[0]['datasets'])
    head = ['model'] + [f'{n} {m}' for n in names
                        for m in ('acc', '1-N.E.D')] + [
        'params', f'CPU ms/word (batch {batch_size}, {threads} threads)',
        'training (h)']
    lines = ['| ' + ' | '.join(head) + ' |',
             '|' + ' --- |' * len(head)]
    for row in rows:
        name = osp.splitext(osp.basename(row['config']))[0]
        cells = [f'`{name}`']
        for dataset in names:
            scores = row['datasets'].get(dataset, {})
            cells += [f'{scores[m]:.3f}' if m in scores else '-'
                      for m in METRICS]
        hours = row['train_hours']
        cells += [f"{row['params'] / 1e6:.2f} M", f"{row['ms_per_word']:.1f}",
                  '-' if hours is None else f'{hours:.2f}']
        lines.append('| ' + ' | '.join(cells) + ' |')
    return '\n'.join(lines) + '\n'


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.batch_size < 1 or args.threads < 1:
        raise InvalidValueError('--batch-size and --threads must be >= 1')
    specs = [split_spec(s, args.work_root, args.checkpoint)
             for s in args.configs]
    torch.set_num_threads(args.threads)
    rows = [evaluate(config, ckpt, args.batch_size) for config, ckpt in specs]
    table = format_table(rows, args.batch_size, args.threads)
    print(table, end='')
    if args.out:
        atomic_write_text(args.out, table)
        atomic_write_text(osp.splitext(args.out)[0] + '.json',
                          json.dumps(rows, indent=1) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'compare_recognizers.py'))
