"""End to end: train the toy recognition configs for one epoch with
``train_detector`` and test them with metric ``acc`` (skipped when
../shared/data is absent). Models are shrunk and the toy data is read once
per epoch (not 100 times) to keep this quick."""
from pathlib import Path

import pytest
import torch

from mmocr.apis import single_gpu_test, train_detector
from mmocr.datasets.builder import build_dataloader, build_dataset
from mmocr.models import build_detector
from mmocr.utils.config import Config

CONFIG_ROOT = Path(__file__).resolve().parents[3] / 'configs' / 'textrecog'
TOY_PREFIX = '../shared/data/mmocr_toy/ocr_toy_dataset'

def _shrink_sar(model: dict) -> None:
    model['backbone'].update(layers=[1, 1, 1, 1],
                             channels=[8, 16, 16, 16, 32, 32, 32])
    model['encoder'].update(d_model=32, d_enc=32)
    model['decoder'].update(d_model=32, d_enc=32, d_k=16)
    model['max_seq_len'] = 12


def _shrink_nrtr(model: dict) -> None:
    tiny = dict(n_layers=1, n_head=2, d_k=256, d_v=256, d_inner=16)
    model['encoder'].update(tiny)
    model['decoder'].update(tiny)
    model['max_seq_len'] = 12


def _shrink_master(model: dict) -> None:
    backbone = model['backbone']
    backbone.update(stem_channels=[8, 16], arch_layers=[1, 1, 1, 1],
                    arch_channels=[16, 16, 32, 32])
    model['decoder'].update(d_model=32, n_head=2, d_inner=32, n_layers=1)
    model['max_seq_len'] = 12


def _shrink_abinet(model: dict) -> None:
    model['backbone'].update(stem_channels=4, arch_settings=[1, 1, 1, 1, 1])
    model['encoder']['encoder'].update(n_layers=1, n_head=2, d_model=64,
                                       d_inner=32)
    model['encoder']['decoder'].update(in_channels=64, num_channels=8)
    model['decoder'].update(d_model=64, n_head=2, d_inner=32, n_layers=1)
    model['fuser'].update(d_model=64)
    model['iter_size'] = 2


def _point_to_toy_data(datasets: list, toy_root: Path) -> None:
    local = str(toy_root / 'ocr_toy_dataset')
    for sub in datasets:
        sub['img_prefix'] = sub['img_prefix'].replace(TOY_PREFIX, local)
        sub['ann_file'] = sub['ann_file'].replace(TOY_PREFIX, local)
        sub['loader']['repeat'] = 1


@pytest.mark.slow
@pytest.mark.parametrize('config,shrink', [
    ('crnn/crnn_toy_dataset.py', None),
    ('sar/sar_r31_parallel_decoder_toy_dataset.py', _shrink_sar),
    ('nrtr/nrtr_modality_transform_toy_dataset.py', _shrink_nrtr),
    ('master/master_toy_dataset.py', _shrink_master),
    ('svtr/svtr_toy_dataset.py', None),
    ('rare/rare_toy_dataset.py', None),
    ('visionlan/visionlan_toy_dataset.py', None),
    ('abinet/abinet_toy_dataset.py', _shrink_abinet),
    ('convnextvit/convnextvit_toy_dataset.py', None),
])
def test_toy_config_trains_and_tests(config, shrink, toy_root, tmp_path):
    torch.manual_seed(0)
    cfg = Config.fromfile(str(CONFIG_ROOT / config))
    cfg.merge_from_dict({
        'data.samples_per_gpu': 10, 'data.workers_per_gpu': 0,
        'runner.max_epochs': 1,
        'checkpoint_config.interval': 1, 'log_config.interval': 1})
    if shrink is not None:
        shrink(cfg.model)
    for split in ('train', 'test'):
        _point_to_toy_data(cfg.data[split]['datasets'], toy_root)
    cfg.work_dir = str(tmp_path)
    cfg.gpu_ids = [0]
    cfg.seed = 0

    model = build_detector(cfg.model)
    model.init_weights()
    train_set = build_dataset(cfg.data.train)
    assert len(train_set) == 20  # label.txt + label.lmdb, 10 images each
    train_detector(model, train_set, cfg, validate=False)
    assert (tmp_path / 'epoch_1.pth').is_file()

    test_set = build_dataset(cfg.data.test, dict(test_mode=True))
    loader = build_dataloader(test_set, samples_per_gpu=1, workers_per_gpu=0,
                              shuffle=False)
    results = single_gpu_test(model, loader)
    assert len(results) == len(test_set) == 10
    assert all(isinstance(r['text'], str) for r in results)
    metrics = test_set.evaluate(results, metric='acc')
    assert {'0_word_acc', '0_word_acc_ignore_case_symbol', '0_1-N.E.D'} <= \
        set(metrics)
    assert all(0.0 <= value <= 1.0 for value in metrics.values())
