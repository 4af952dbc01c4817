"""End to end: the toy KIE configs train a few iterations with
``train_detector`` and are tested with ``single_gpu_test`` + ``evaluate``
(skipped when ../shared/data is absent)."""
from __future__ import annotations

from pathlib import Path

import pytest
import torch

from mmocr.apis import single_gpu_test, train_detector
from mmocr.datasets.builder import build_dataloader, build_dataset
from mmocr.models import build_detector
from mmocr.utils.config import Config

CONFIGS = Path(__file__).resolve().parents[3] / 'configs' / 'kie' / 'sdmgr'
TOY_PREFIX = '../shared/data/mmocr_toy/kie_toy_dataset'


def _point(cfg, old: str, new: str) -> None:
    for split in ('train', 'val', 'test'):
        ds = cfg.data[split]
        for key in ('ann_file', 'img_prefix', 'dict_file', 'class_list'):
            if ds.get(key):
                ds[key] = ds[key].replace(old, new)
    if cfg.model.get('class_list'):
        cfg.model.class_list = cfg.model.class_list.replace(old, new)


def _train_and_test(cfg, tmp_path):
    cfg.work_dir = str(tmp_path / 'work')
    cfg.gpu_ids = [0]
    cfg.seed = 0
    model = build_detector(cfg.model)
    model.init_weights()
    train_set = build_dataset(cfg.data.train)
    train_detector(model, train_set, cfg, validate=False)
    assert (tmp_path / 'work' / 'latest.pth').exists()
    test_set = build_dataset(cfg.data.test, dict(test_mode=True))
    loader = build_dataloader(test_set, samples_per_gpu=1, workers_per_gpu=0,
                              shuffle=False)
    results = single_gpu_test(model, loader)
    assert len(results) == len(test_set) == 2
    assert results[0]['nodes'].shape == (60, 26)
    assert results[1]['edges'].shape == (26 * 26, 2)
    return test_set, results, model


@pytest.mark.slow
def test_toy_novisual_config(toy_root, tmp_path):
    torch.manual_seed(0)
    cfg = Config.fromfile(str(CONFIGS / 'sdmgr_novisual_toy_dataset.py'))
    _point(cfg, TOY_PREFIX, str(toy_root / 'kie_toy_dataset'))
    test_set, results, model = _train_and_test(cfg, tmp_path)
    metrics = test_set.evaluate(results, **{
        k: v for k, v in cfg.evaluation.items() if k != 'interval'})
    # 60 epochs on the training receipts themselves: fitted well
    assert metrics['macro_f1'] > 0.5
    drawn = model.show_result(
        str(toy_root / 'kie_toy_dataset' / 'wildreceipt' / '2.jpeg'),
        results[1], test_set[1]['gt_bboxes'].data.tolist(),
        out_file=str(tmp_path / 'kie.jpg'))
    assert drawn.shape[1] == 2 * 348 and (tmp_path / 'kie.jpg').is_file()


@pytest.mark.slow
def test_unet_visual_config_on_toy_images(toy_root, tmp_path):
    # the toy annotations name their images tests/data/kie_toy_dataset/...
    (tmp_path / 'tests' / 'data').mkdir(parents=True)
    (tmp_path / 'tests' / 'data' / 'kie_toy_dataset').symlink_to(
        toy_root / 'kie_toy_dataset')
    torch.manual_seed(0)
    cfg = Config.fromfile(str(CONFIGS / 'sdmgr_unet16_60e_wildreceipt.py'))
    root = str(toy_root / 'kie_toy_dataset')
    for split in ('train', 'val', 'test'):
        ds = cfg.data[split]
        ds.ann_file = f'{root}/wildreceipt/data.txt'
        ds.dict_file = f'{root}/dict.txt'
        ds.img_prefix = str(tmp_path)
        for step in ds.pipeline:
            if step['type'] == 'Resize':
                step['img_scale'] = (128, 64)
    cfg.model.class_list = f'{root}/class_list.txt'
    cfg.model.backbone['base_channels'] = 4
    cfg.model.bbox_head.update(visual_dim=4, node_embed=16, edge_embed=16,
                               fusion_dim=40)
    cfg.merge_from_dict({'data.samples_per_gpu': 2, 'data.workers_per_gpu': 0,
                         'runner.max_epochs': 1, 'log_config.interval': 1})
    test_set, results, _ = _train_and_test(cfg, tmp_path)
    assert all(torch.isfinite(r['nodes']).all() for r in results)
