"""benchmarks/bench_amp_train.py on a batch of two: one row per config with
both precisions timed, and the bfloat16 steps really run in bfloat16."""
from __future__ import annotations

import random

import pytest
import torch

from mmocr.models import build_detector
from mmocr.utils import Config
from mmocr.utils.scripts import load_script

CRNN = 'configs/textrecog/crnn/crnn_compact_sroie_iiit5k_synth.py'


@pytest.fixture(scope='module')
def bench(repo_root):
    return load_script(repo_root / 'benchmarks' / 'bench_amp_train.py',
                       'bench_amp_train')


def test_default_configs_exist(bench, repo_root):
    for config in bench.CONFIGS:
        assert (repo_root / config).is_file(), config


def test_small_run_prints_one_row_per_config(bench, capsys):
    rows = bench.main([CRNN, '--batch-size', '2', '--iters', '1',
                       '--rounds', '1'])
    out = capsys.readouterr().out.splitlines()
    assert 'CPU bfloat16 flags:' in out[0]
    assert out[1] == '| config | float32 s/step | bfloat16 s/step | ratio |'
    assert [r['config'] for r in rows] == [CRNN]
    row = rows[0]
    assert row['fp32'] > 0 and row['bf16'] > 0
    assert row['ratio'] == pytest.approx(row['fp32'] / row['bf16'])
    assert out[3].startswith('| crnn_compact_sroie_iiit5k_synth | ')


def test_bf16_steps_run_convolutions_in_bfloat16(bench, repo_root):
    cfg = Config.fromfile(str(repo_root / CRNN))
    model = build_detector(cfg.model).train()
    dtypes = []
    model.backbone.register_forward_hook(
        lambda module, args, out: dtypes.append(out.dtype))
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    batch = bench.make_batch(2, random.Random(0), torch.device('cpu'))
    before = [p.detach().clone() for p in model.parameters()]
    bench.time_steps(model, optimizer, batch, torch.bfloat16, 1,
                     torch.device('cpu'))
    bench.time_steps(model, optimizer, batch, None, 1, torch.device('cpu'))
    assert dtypes == [torch.bfloat16] * 2 + [torch.float32] * 2
    # the weights stay float32 and are updated
    assert all(p.dtype == torch.float32 for p in model.parameters())
    assert any(not torch.equal(a, b) for a, b in zip(before, model.parameters()))
    assert set(bench.cpu_bf16_flags()) <= {'avx512_bf16', 'amx_bf16'}
