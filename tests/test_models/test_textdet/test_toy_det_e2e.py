"""Train each tiny toy detector for one epoch, then test and evaluate it."""
import json

import pytest
import torch

from mmocr.apis import single_gpu_test, train_detector
from mmocr.datasets.builder import build_dataloader, build_dataset
from mmocr.models import build_detector
from mmocr.utils.config import Config

pytestmark = [pytest.mark.slow, pytest.mark.shared_data]


def _point_to(datasets, toy_dir):
    for ds in datasets:
        for key in ('img_prefix', 'ann_file'):
            ds[key] = ds[key].replace('../shared/data/mmocr_toy/toy_dataset',
                                      str(toy_dir))


TOY_DETECTORS = {
    # config: (a parameter of its head, the losses it logs)
    'dbnet/dbnet_r18_fpnc_toy.py': (
        'bbox_head.binarize.0.weight', {'loss_prob', 'loss_db', 'loss_thr'}),
    'drrg/drrg_r18_fpn_unet_toy.py': (
        'bbox_head.gcn.conv1.weight',
        {'loss_text', 'loss_center', 'loss_height', 'loss_sin', 'loss_cos',
         'loss_gcn'}),
    'fcenet/fcenet_r18_fpn_toy.py': (
        'bbox_head.out_conv_reg.weight',
        {'loss_text', 'loss_center', 'loss_reg_x', 'loss_reg_y'}),
    'east/east_r18_toy.py': (
        'bbox_head.score_conv.weight',
        {'loss_score', 'loss_geo', 'loss_angle'}),
    'panet/panet_r18_fpem_ffm_toy.py': (
        'bbox_head.out_conv.weight',
        {'loss_text', 'loss_kernel', 'loss_aggregation',
         'loss_discrimination'}),
    'maskrcnn/mask_rcnn_r18_fpn_toy.py': (
        'roi_head.mask_head.conv_logits.weight',
        {'loss_rpn_cls', 'loss_rpn_bbox', 'loss_cls', 'loss_bbox',
         'loss_mask'}),
    'psenet/psenet_r50_fpnf_toy.py': (
        'bbox_head.out_conv.weight', {'loss_text', 'loss_kernel'}),
    'textsnake/textsnake_r18_fpn_unet_toy.py': (
        'bbox_head.out_conv.weight',
        {'loss_text', 'loss_center', 'loss_radius', 'loss_sin', 'loss_cos'}),
}


@pytest.mark.parametrize('config', sorted(TOY_DETECTORS))
def test_toy_detector_trains_tests_and_evaluates(config, repo_root, toy_root,
                                                 tmp_path):
    head_param, losses = TOY_DETECTORS[config]
    torch.manual_seed(0)
    cfg = Config.fromfile(str(repo_root / 'configs/textdet' / config))
    toy_dir = toy_root / 'toy_dataset'
    for split in ('train', 'val', 'test'):
        _point_to(cfg.data[split].datasets, toy_dir)
    cfg.work_dir = str(tmp_path)
    cfg.gpu_ids = [0]
    cfg.device = 'cpu'
    cfg.seed = 0

    train_set = build_dataset(cfg.data.train)
    model = build_detector(cfg.model)
    model.init_weights()
    train_detector(model, [train_set], cfg, validate=True)

    ckpt = torch.load(tmp_path / 'epoch_1.pth', weights_only=True)
    assert head_param in ckpt['state_dict']
    logs = [json.loads(line) for p in tmp_path.glob('*.log.json')
            for line in p.read_text().splitlines() if line.strip()]
    train_logs = [log for log in logs if log.get('mode') == 'train']
    assert train_logs and all(
        losses <= set(log) for log in train_logs)
    assert any('0_hmean-iou:hmean' in log for log in logs)

    test_set = build_dataset(cfg.data.test, dict(test_mode=True))
    loader = build_dataloader(test_set, samples_per_gpu=2, workers_per_gpu=0,
                              dist=False, shuffle=False)
    results = single_gpu_test(model, loader)
    assert len(results) == len(test_set) == 10
    for result in results:
        for boundary in result['boundary_result']:
            # quadrangles, or polygons (TextSnake): (x, y) pairs + score
            assert len(boundary) >= 9 and len(boundary) % 2 == 1
            assert 0 <= boundary[-1] <= 1
    metrics = test_set.evaluate(results, metric='hmean-iou')
    assert set(metrics) == {'0_hmean-iou:recall', '0_hmean-iou:precision',
                            '0_hmean-iou:hmean'}
    assert all(0 <= v <= 1 for v in metrics.values())


@pytest.mark.parametrize('config', sorted(TOY_DETECTORS))
def test_toy_detector_trains_in_bf16(config, repo_root, toy_root, tmp_path):
    # bfloat16 autocast (`bf16 = dict()`, the CPU trainings' setting) runs
    # every family's training step, RoI features and graph heads included.
    torch.manual_seed(0)
    cfg = Config.fromfile(str(repo_root / 'configs/textdet' / config))
    _point_to(cfg.data.train.datasets, toy_root / 'toy_dataset')
    cfg.work_dir = str(tmp_path)
    cfg.gpu_ids = [0]
    cfg.device = 'cpu'
    cfg.seed = 0
    cfg.bf16 = dict()
    cfg.runner = dict(type='IterBasedRunner', max_iters=2)
    cfg.checkpoint_config = dict(interval=2, by_epoch=False)
    cfg.log_config = dict(interval=1, hooks=[dict(type='TextLoggerHook')])

    model = build_detector(cfg.model)
    model.init_weights()
    train_detector(model, [build_dataset(cfg.data.train)], cfg, validate=False)

    logs = [json.loads(line) for p in tmp_path.glob('*.log.json')
            for line in p.read_text().splitlines() if line.strip()]
    train_logs = [log for log in logs if log.get('mode') == 'train']
    assert len(train_logs) == 2
    assert all(torch.isfinite(torch.tensor(log['loss'])) for log in train_logs)
    ckpt = torch.load(tmp_path / 'iter_2.pth', weights_only=True)
    assert ckpt['state_dict'][TOY_DETECTORS[config][0]].dtype == torch.float32
