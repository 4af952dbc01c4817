"""tools/eval_e2e.py on two SROIE validation receipts with tiny
random-weight models (toy DBNet forced to one box per image, toy CRNN):
it runs and writes well-formed results; bad input gives a clear error."""
from __future__ import annotations

import json

import pytest
import torch

from mmocr.apis import init_detector
from mmocr.runner.checkpoint import save_checkpoint
from mmocr.utils.scripts import load_script


def _load_tool(repo_root):
    path = repo_root / 'tools' / 'eval_e2e.py'
    return load_script(path, 'eval_e2e_tool')


@pytest.fixture(scope='module')
def tool(repo_root):
    return _load_tool(repo_root)


@pytest.fixture(scope='module')
def tiny_models(tmp_path_factory, repo_root):
    """``--det-config/--det-ckpt/--recog-config/--recog-ckpt`` arguments of
    a toy DBNet whose probability map is 1 everywhere (one box per image,
    so recognition sees a single crop) and a random toy CRNN."""
    root = tmp_path_factory.mktemp('e2e_models')
    det_cfg = root / 'det.py'
    det_cfg.write_text(
        f'_base_ = ["{repo_root}/configs/textdet/dbnet/dbnet_r18_fpnc_toy.py"]'
        '\nmodel = dict(bbox_head=dict(postprocessor=dict(max_candidates=3)))\n')
    recog_cfg = root / 'recog.py'
    recog_cfg.write_text(f'_base_ = ["{repo_root}/configs/textrecog/crnn/'
                         'crnn_toy_dataset.py"]\n')
    torch.manual_seed(0)
    det = init_detector(str(det_cfg), device='cpu')
    det.bbox_head.binarize[-2].weight.data.zero_()
    det.bbox_head.binarize[-2].bias.data.fill_(8.0)
    save_checkpoint(det, str(root / 'det.pth'))
    save_checkpoint(init_detector(str(recog_cfg), device='cpu'),
                    str(root / 'recog.pth'))
    return ['--det-config', str(det_cfg), '--det-ckpt', str(root / 'det.pth'),
            '--recog-config', str(recog_cfg), '--recog-ckpt',
            str(root / 'recog.pth'), '--device', 'cpu']


@pytest.fixture(scope='module')
def sroie_root(shared_data):
    root = shared_data / 'sroie'
    if not (root / 'img').is_dir():
        pytest.skip(f'{root} not found')
    return root


@pytest.mark.parametrize('batch', [False, True])
def test_eval_e2e_writes_results(tool, tiny_models, sroie_root, tmp_path,
                                 capsys, batch):
    out = tmp_path / 'res' / 'results.json'
    show = tmp_path / 'vis'
    argv = ['--sroie-root', str(sroie_root), '--split', 'val', '--limit', '2',
            '--out', str(out), '--show-dir', str(show), *tiny_models]
    if batch:
        argv += ['--batch-mode', '--batch-size', '2']
    assert tool.main(argv) == 0
    printed = capsys.readouterr().out
    assert 'line_acc' in printed and 'seconds per image' in printed
    res = json.loads(out.read_text())
    assert res['split']['num_images'] == 2 and res['batch_mode'] is batch
    metrics = res['metrics']
    assert set(tool.METRIC_ORDER) <= set(metrics)
    assert all(0 <= metrics[k] <= 1 for k in ('line_acc', 'line_hmean',
                                              'det_recall', '1-N.E.D'))
    assert metrics['num_pred'] == 2  # one box per image
    assert metrics['num_gt'] == sum(p['num_gt'] for p in res['per_image'])
    assert metrics['num_gt'] > 10  # receipts have many lines
    assert res['seconds_per_image'] > 0
    assert set(res['seconds_per_image_by_stage']) >= {'det', 'recog'}
    assert res['errors'] == {}
    names = [p['name'] for p in res['per_image']]
    assert sorted(f.name for f in show.iterdir()) == sorted(
        f'out_{n}.png' for n in names)


def test_eval_e2e_bad_root_is_a_clear_error(tool, tmp_path, capsys):
    from mmocr.apis.utils import run_tool
    assert run_tool(tool.main, 'eval_e2e.py',
                    ['--sroie-root', str(tmp_path / 'nowhere')]) == 1
    assert 'SROIE folder not found' in capsys.readouterr().err


def test_eval_e2e_unwritable_out_fails_before_evaluating(tool, tmp_path,
                                                         capsys):
    """--out is checked first: no model is built and no image read only to
    lose the results at the end."""
    from mmocr.apis.utils import run_tool
    blocker = tmp_path / 'a_file'
    blocker.write_text('x')
    out = blocker / 'results.json'
    assert run_tool(tool.main, 'eval_e2e.py',
                    ['--sroie-root', str(tmp_path / 'nowhere'), '--out',
                     str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert f'--out {out} cannot be written' in err
    assert 'SROIE' not in err  # stopped before reading the data
