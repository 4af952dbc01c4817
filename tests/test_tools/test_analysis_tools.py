"""tools/analysis_tools/{offline_eval,get_flops,browse_dataset}.py and
tools/benchmark_processing.py on a two-image detection set written here."""
from __future__ import annotations

import json
import pickle
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch

from mmocr.apis.utils import run_tool
from mmocr.utils.scripts import load_script

REPO = Path(__file__).resolve().parents[2]
TOY_DBNET = REPO / 'configs/textdet/dbnet/dbnet_r18_fpnc_toy.py'


def _load(rel: str):
    return load_script(REPO / 'tools' / rel, Path(rel).stem + '_tool')


offline_eval = _load('analysis_tools/offline_eval.py')
get_flops = _load('analysis_tools/get_flops.py')
browse_dataset = _load('analysis_tools/browse_dataset.py')
benchmark_processing = _load('benchmark_processing.py')

BOX_A = [10, 10, 40, 10, 40, 30, 10, 30]
BOX_B = [50, 20, 80, 20, 80, 50, 50, 50]


@pytest.fixture
def det_config(tmp_path) -> Path:
    """A config on two black 64x96 images with one box each (line-json
    ``TextDetDataset``), the toy DBNet's pipelines."""
    imgs = tmp_path / 'imgs'
    imgs.mkdir()
    lines = []
    for name, box in (('a.png', BOX_A), ('b.png', BOX_B)):
        cv2.imwrite(str(imgs / name), np.zeros((64, 96, 3), np.uint8))
        x, y = box[0], box[1]
        lines.append(json.dumps(dict(
            file_name=name, height=64, width=96, annotations=[dict(
                iscrowd=0, category_id=1, bbox=[x, y, box[2] - x,
                                                box[5] - y],
                segmentation=[box])])))
    (tmp_path / 'ann.txt').write_text('\n'.join(lines) + '\n')
    cfg = tmp_path / 'cfg.py'
    cfg.write_text(f'''_base_ = [{str(TOY_DBNET)!r}]
dataset = dict(
    type='TextDetDataset', img_prefix={str(imgs)!r},
    ann_file={str(tmp_path / 'ann.txt')!r},
    loader=dict(type='AnnFileLoader', repeat=1, file_format='txt',
                parser=dict(type='LineJsonParser',
                            keys=['file_name', 'height', 'width',
                                  'annotations'])),
    pipeline=None)
data = dict(
    samples_per_gpu=1, workers_per_gpu=0,
    train=dict(datasets=[dataset]), val=dict(datasets=[dataset]),
    test=dict(datasets=[dataset]))
''')
    return cfg


def test_offline_eval_scores_a_results_pickle(tmp_path, det_config, capsys,
                                              assert_one_error):
    """One of the two boxes found: recall 0.5, precision 1, hmean 2/3 (the
    concatenated test set's first part, ``0_``); a
    missing pickle and a result list of the wrong length are one line."""
    results = [dict(boundary_result=[BOX_A + [0.9]]),
               dict(boundary_result=[])]
    pkl = tmp_path / 'results.pkl'
    pkl.write_bytes(pickle.dumps(results))
    capsys.readouterr()
    assert run_tool(offline_eval.main, 'offline_eval.py',
                    [str(det_config), str(pkl), '--eval', 'hmean-iou']) == 0
    metrics = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert metrics['0_hmean-iou:recall'] == pytest.approx(0.5)
    assert metrics['0_hmean-iou:precision'] == pytest.approx(1.0)
    assert metrics['0_hmean-iou:hmean'] == pytest.approx(2 / 3)
    assert_one_error(offline_eval, [str(det_config), str(tmp_path / 'no.pkl')],
                     'FileNotFoundError: results file not found: '
                     f'{tmp_path}/no.pkl')
    pkl.write_bytes(pickle.dumps(results[:1]))
    assert_one_error(offline_eval, [str(det_config), str(pkl)],
                     'InvalidValueError: 1 results for 2 samples')


def test_get_flops_counts_a_convolution_and_the_toy_dbnet(capsys,
                                                          assert_one_error):
    """A 3->4 3x3 convolution on 8x8: 2 * 3 * 4 * 9 * 64 FLOPs; the CLI
    rounds the shape up to the size divisor and counts the parameters."""

    class Conv(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = torch.nn.Conv2d(3, 4, 3, padding=1)

        def forward_dummy(self, img):
            return self.conv(img)

    assert get_flops.count_flops(Conv(), (1, 3, 8, 8)) == (
        2 * 3 * 4 * 9 * 64, 4 * 3 * 9 + 4)
    assert get_flops.input_shape([50, 70], 32) == (1, 3, 64, 96)
    assert get_flops.input_shape([50], -1, 1) == (1, 1, 50, 50)
    capsys.readouterr()
    assert run_tool(get_flops.main, 'get_flops.py',
                    [str(TOY_DBNET), '--shape', '60', '90']) == 0
    out = capsys.readouterr().out
    assert 'Input shape: (1, 3, 64, 96)' in out
    assert 'Params: 0.049 M (49390)' in out
    assert_one_error(get_flops, [str(TOY_DBNET), '--shape', '1', '2', '3'],
                     'InvalidValueError: --shape must be 1 or 2 positive')
    # a recognizer: 32 x 100 by default, not rounded to the divisor
    assert run_tool(get_flops.main, 'get_flops.py', [
        str(REPO / 'configs/textrecog/crnn/crnn_toy_dataset.py')]) == 0
    assert 'Input shape: (1, 1, 32, 100)' in capsys.readouterr().out
    # DRRG: the dense maps only (its graphs depend on the data)
    assert run_tool(get_flops.main, 'get_flops.py', [
        str(REPO / 'configs/textdet/drrg/drrg_r18_fpn_unet_toy.py'),
        '--shape', '64']) == 0
    assert 'Input shape: (1, 3, 64, 64)' in capsys.readouterr().out


def test_browse_dataset_draws_the_gt_polygons(tmp_path, det_config,
                                              assert_one_error):
    """The training pipeline without its formatting and target steps; the
    box outline is green on the black image."""
    out = tmp_path / 'vis'
    assert run_tool(browse_dataset.main, 'browse_dataset.py',
                    [str(det_config), '-o', str(out), '--not-show']) == 0
    assert sorted(p.name for p in out.iterdir()) == ['00000_a.png',
                                                     '00001_b.png']
    img = cv2.imread(str(out / '00000_a.png'))
    assert img.shape == (192, 288, 3)  # resized x3 to fit 320x192
    assert tuple(img[30, 75]) == (0, 255, 0)  # top edge of BOX_A, x3
    assert tuple(img[60, 75]) == (0, 0, 0)  # inside
    pipeline = [dict(type='Resize'), dict(type='DBNetTargets'),
                dict(type='Normalize')]
    cfg = dict(datasets=[dict(pipeline=list(pipeline))])
    browse_dataset.drop_steps(cfg, browse_dataset.SKIP_TYPES)
    assert cfg == dict(datasets=[dict(pipeline=[dict(type='Resize')])])
    assert_one_error(browse_dataset, [str(det_config), '-n', '0', '-o',
                                      str(out)],
                     'InvalidValueError: --show-number must be > 0')


def test_benchmark_processing_times_after_warmup(det_config, capsys,
                                                 assert_one_error):
    capsys.readouterr()
    assert run_tool(benchmark_processing.main, 'benchmark_processing.py',
                    [str(det_config), '--warmup', '1']) == 0
    assert capsys.readouterr().out.startswith(
        '1 samples in ')
    assert_one_error(benchmark_processing, [str(det_config), '--warmup', '2'],
                     'InvalidValueError: 2 batches of training data, not '
                     'more than --warmup 2')
