"""End to end: train the toy recognition configs for one epoch with
``train_detector`` and test them with metric ``acc`` (skipped when
../shared/data is absent). Models are shrunk and the toy data is read once
per epoch (not 100 times) to keep this quick. Bad labels (longer than
``max_seq_len``, characters outside the dictionary, empty) on every toy
config."""
import logging
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


# (config, shrink, image (C, H, W) of its training pipeline)
TOY_CONFIGS = [
    ('crnn/crnn_toy_dataset.py', None, (1, 32, 100)),
    ('sar/sar_r31_parallel_decoder_toy_dataset.py', _shrink_sar, (3, 48, 160)),
    ('nrtr/nrtr_modality_transform_toy_dataset.py', _shrink_nrtr, (3, 32, 160)),
    ('master/master_toy_dataset.py', _shrink_master, (3, 48, 160)),
    ('svtr/svtr_toy_dataset.py', None, (3, 32, 100)),
    ('rare/rare_toy_dataset.py', None, (3, 32, 100)),
    ('visionlan/visionlan_toy_dataset.py', None, (3, 64, 256)),
    ('abinet/abinet_toy_dataset.py', _shrink_abinet, (3, 32, 128)),
    ('convnextvit/convnextvit_toy_dataset.py', None, (1, 32, 128)),
]


@pytest.mark.slow
@pytest.mark.parametrize('config,shrink', [c[:2] for c in TOY_CONFIGS])
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


@pytest.mark.parametrize('config,shrink,shape', TOY_CONFIGS)
def test_bad_labels_train_as_in_mmocr_0x(config, shrink, shape):
    """A label longer than ``max_seq_len`` (or than the CTC time steps) is
    cut, as in MMOCR 0.x; a character outside the dictionary becomes
    ``<UKN>`` (``with_unknown=True``) or is skipped, with one warning naming
    it; an empty label trains."""
    torch.manual_seed(0)
    cfg = Config.fromfile(str(CONFIG_ROOT / config))
    if shrink is not None:
        shrink(cfg.model)
    model = build_detector(cfg.model)
    convertor = model.label_convertor
    texts = ['ab' * 100, 'a\u20acb', '']
    metas = [dict(text=t, valid_ratio=1.0, img_shape=shape[1:] + (shape[0], ),
                  resize_shape=shape[1:] + (shape[0], ), filename=f'{i}.jpg')
             for i, t in enumerate(texts)]
    records = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = records.append
    logger = logging.getLogger('mmocr')
    logger.addHandler(handler)
    try:
        losses = model.forward_train(torch.randn(len(texts), *shape), metas)
    finally:
        logger.removeHandler(handler)
    loss, _ = model.parse_losses(losses)
    assert torch.isfinite(loss)
    loss.backward()
    action = ('mapped to <UKN>' if convertor.unknown_idx is not None else
              'skipped')
    messages = [r.getMessage() for r in records]
    assert any(f'{type(convertor).__name__}: ' in m and action in m
               and "'\u20ac'" in m for m in messages), messages
