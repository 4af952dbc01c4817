"""Recognizers on MMOCR's toy recognition data through the real dataset,
pipelines and collate (skipped when ../shared/data is absent)."""
from pathlib import Path

import torch

from mmocr.datasets.builder import build_dataloader, build_dataset
from mmocr.models import build_detector
from mmocr.utils.config import Config

REPO = Path(__file__).resolve().parents[3]
BASE = REPO / 'configs' / '_base_'


def _toy_test_dataset(toy_root: Path, pipeline: list):
    cfg = Config.fromfile(str(BASE / 'recog_datasets' / 'toy_data.py'))
    data_root = toy_root / 'ocr_toy_dataset'
    sub = dict(cfg.test, img_prefix=str(data_root / 'imgs'),
               ann_file=str(data_root / 'label.lmdb'))
    return build_dataset(dict(type='UniformConcatDataset', datasets=[sub],
                              pipeline=pipeline))


def _tiny_sar():
    cfg = Config.fromfile(str(BASE / 'recog_models' / 'sar.py')).model
    cfg = cfg.to_dict() if hasattr(cfg, 'to_dict') else dict(cfg)
    cfg['backbone'] = dict(type='ResNet31OCR', layers=[1, 1, 1, 1],
                           channels=[8, 16, 16, 16, 32, 32, 32])
    cfg['encoder'].update(d_model=32, d_enc=32)
    cfg['decoder'].update(d_model=32, d_enc=32, d_k=16)
    cfg['max_seq_len'] = 12
    return build_detector(cfg)


def test_sar_trains_and_evaluates_on_toy_data(toy_root):
    torch.manual_seed(0)
    pipelines = Config.fromfile(
        str(BASE / 'recog_pipelines' / 'sar_pipeline.py'))
    train_set = _toy_test_dataset(toy_root, pipelines.train_pipeline)
    test_set = _toy_test_dataset(toy_root, pipelines.test_pipeline)
    assert len(train_set) == len(test_set) == 10
    model = _tiny_sar()
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    loader = build_dataloader(train_set, samples_per_gpu=5, workers_per_gpu=0,
                              seed=0)
    losses = []
    model.train()
    for _ in range(3):
        for batch in loader:
            # SAR pads every image to max_width: one image width per batch
            assert batch['img'].shape[1:] == (3, 48, 160)
            out = model.train_step(batch, optimizer)
            optimizer.zero_grad()
            out['loss'].backward()
            optimizer.step()
            losses.append(out['loss'].item())
    assert losses[-1] < losses[0]

    model.eval()
    results, num_views = [], []
    test_loader = build_dataloader(test_set, samples_per_gpu=1,
                                   workers_per_gpu=0, shuffle=False)
    with torch.no_grad():
        for batch in test_loader:
            # MultiRotateAugOCR gives three views (0, 90, 270 degrees) to
            # tall images only, one view to wide ones
            assert isinstance(batch['img'], list)
            num_views.append(len(batch['img']))
            results.extend(model(return_loss=False, **batch))
            # the same image forced through aug_test with a flipped view
            views = [batch['img'][0], batch['img'][0].flip(-1)]
            merged = model(img=views, img_metas=batch['img_metas'] * 2,
                           return_loss=False)
            assert isinstance(merged[0]['score'], float)
    assert len(results) == 10 and set(num_views) == {1, 3}
    for result, views in zip(results, num_views):
        # one view: per-character scores; several: the best view's mean
        if views == 1:
            assert len(result['score']) == len(result['text'])
        else:
            assert isinstance(result['score'], float)
    metrics = test_set.evaluate(results, metric='acc')
    # UniformConcatDataset prefixes each dataset's metrics with its index
    assert set(metrics) >= {'0_word_acc', '0_word_acc_ignore_case',
                            '0_1-N.E.D'}
    assert all(0.0 <= v <= 1.0 for v in metrics.values())
