"""The recognition base configs build and run: pipelines end to end on a
synthetic image, dataset configs on MMOCR's toy data."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
import torch

from mmocr.datasets import OCRDataset, collate
from mmocr.datasets.pipelines import Compose
from mmocr.registry import DATASETS, build_from_cfg
from mmocr.utils import Config

BASE = Path(__file__).resolve().parents[2] / 'configs' / '_base_'


@pytest.fixture
def word_image(tmp_path) -> dict:
    img = np.full((20, 60, 3), 255, np.uint8)
    cv2.putText(img, 'abc', (2, 16), cv2.FONT_HERSHEY_SIMPLEX, 0.5,
                (0, 0, 0), 1)
    cv2.imwrite(str(tmp_path / 'w.png'), img)
    return {'img_prefix': str(tmp_path),
            'img_info': {'filename': 'w.png', 'text': 'abc'}, 'text': 'abc'}


@pytest.mark.parametrize('name,train_shape,test_shape', [
    # CRNN: stretched to 32x100 for training; test keeps the aspect ratio:
    # ceil(32 / 20 * 60) = 96.
    ('crnn_pipeline', (1, 32, 100), (1, 32, 96)),
    ('crnn_tps_pipeline', (1, 32, 100), (1, 32, 100)),
    # SAR: ceil(48 / 20 * 60) = 144, padded to 160.
    ('sar_pipeline', (3, 48, 160), (3, 48, 160)),
])
def test_recog_pipeline_configs(word_image, name, train_shape, test_shape):
    cfg = Config.fromfile(str(BASE / 'recog_pipelines' / f'{name}.py'))
    train = Compose(cfg.train_pipeline)(dict(word_image))
    img = train['img'].data if hasattr(train['img'], 'data') else train['img']
    assert tuple(img.shape) == train_shape
    assert train['img_metas'].data['text'] == 'abc'
    test = Compose(cfg.test_pipeline)(dict(word_image))
    if name == 'sar_pipeline':  # MultiRotateAugOCR: a list of views
        assert len(test['img']) == 1  # wide image: no rotation
        test = {'img': test['img'][0], 'img_metas': test['img_metas'][0]}
    img = test['img'].data if hasattr(test['img'], 'data') else test['img']
    assert tuple(img.shape) == test_shape
    assert 0 < test['img_metas'].data['valid_ratio'] <= 1
    assert img.dtype == torch.float32 and float(img.abs().max()) <= 2.01


def test_toy_data_config(repo_root, toy_root, monkeypatch):
    cfg = Config.fromfile(str(BASE / 'recog_datasets' / 'toy_data.py'))
    monkeypatch.chdir(repo_root)
    if not Path(cfg.data_root).is_dir():
        pytest.skip(f'{cfg.data_root} not reachable from the repository')
    train_sets = [build_from_cfg(dict(c), DATASETS) for c in cfg.train_list]
    assert [len(ds) for ds in train_sets] == [1000, 1000]
    assert train_sets[1].data_infos[10] == {'filename': '1223731.jpg',
                                            'text': 'GRAND'}
    test = build_from_cfg(
        dict(cfg.test_list[0], pipeline=[
            dict(type='LoadImageFromFile', color_type='grayscale'),
            dict(type='ResizeOCR', height=32, min_width=32, max_width=None),
            dict(type='DefaultFormatBundle'),
            dict(type='Collect', keys=['img'], meta_keys=['text'])]),
        DATASETS)
    assert isinstance(test, OCRDataset) and test.test_mode and len(test) == 10
    batch = collate([test[i] for i in range(4)])
    assert batch['img'].shape[:3] == (4, 1, 32)
    assert [m['text'] for m in batch['img_metas']] == [
        'GRAND', 'HOTEL', 'HOTEL', 'PACIFIC']


@pytest.mark.parametrize('name,num', [('academic_test', 6), ('MJ_train', 1),
                                      ('ST_MJ_train', 2),
                                      ('ST_SA_MJ_train', 3),
                                      ('sroie_crops', 1), ('iiit5k', 1)])
def test_dataset_configs_parse(name, num):
    cfg = Config.fromfile(str(BASE / 'recog_datasets' / f'{name}.py'))
    sets = cfg.get('test_list') if name == 'academic_test' else cfg.train_list
    assert len(sets) == num
    assert all(d['type'] == 'OCRDataset' for d in sets)
    assert len({d['ann_file'] for d in sets}) == num
