"""Every recognition config loads, builds its model and names registered
dataset and pipeline types."""
from pathlib import Path

import numpy as np
import pytest

import mmocr.datasets  # noqa: F401 (registers datasets and pipelines)
from mmocr.datasets.pipelines import Compose
from mmocr.models import build_detector
from mmocr.registry import DATASETS, PIPELINES
from mmocr.utils.config import Config

REPO = Path(__file__).resolve().parents[3]
CONFIGS = [
    'crnn/crnn_academic_dataset.py',
    'crnn/crnn_toy_dataset.py',
    'crnn/crnn_vgg_sroie.py',
    'tps/crnn_tps_academic_dataset.py',
    'sar/sar_r31_parallel_decoder_academic.py',
    'sar/sar_r31_sequential_decoder_academic.py',
    'sar/sar_r31_parallel_decoder_toy_dataset.py',
    'nrtr/nrtr_modality_transform_academic.py',
    'nrtr/nrtr_modality_transform_toy_dataset.py',
    'nrtr/nrtr_r31_1by16_1by8_academic.py',
    'nrtr/nrtr_r31_1by8_1by4_academic.py',
    'satrn/satrn_academic.py',
    'satrn/satrn_small.py',
    'master/master_r31_12e_ST_MJ_SA.py',
    'master/master_toy_dataset.py',
    'robust_scanner/robustscanner_r31_academic.py',
    'svtr/svtr_tiny_academic.py',
    'svtr/svtr_small_academic.py',
    'svtr/svtr_base_academic.py',
    'svtr/svtr_toy_dataset.py',
    'rare/rare_tps_academic.py',
    'rare/rare_toy_dataset.py',
    'visionlan/visionlan_resnet45_LF_1.py',
    'visionlan/visionlan_resnet45_LF_2.py',
    'visionlan/visionlan_resnet45_LA.py',
    'visionlan/visionlan_toy_dataset.py',
]


def _pipeline_types(pipeline):
    for step in pipeline:
        yield step['type']
        yield from _pipeline_types(step.get('transforms', []))


@pytest.mark.parametrize('name', CONFIGS)
def test_recog_config_builds(name):
    cfg = Config.fromfile(str(REPO / 'configs' / 'textrecog' / name))
    model = build_detector(cfg.model)
    assert model.decoder.num_classes == model.label_convertor.num_classes()
    assert cfg.evaluation['metric'] == 'acc'
    for split in ('train', 'val', 'test'):
        dataset = cfg.data[split]
        assert dataset['type'] in DATASETS
        for sub in dataset['datasets']:
            assert sub['type'] in DATASETS
        for step_type in _pipeline_types(dataset['pipeline']):
            assert step_type in PIPELINES, f'{name}: {step_type} unregistered'


def test_sroie_config_covers_receipt_characters():
    cfg = Config.fromfile(str(REPO / 'configs/textrecog/crnn/crnn_vgg_sroie.py'))
    convertor = build_detector(cfg.model).label_convertor
    text = 'TOTAL (RM): 1,234.50 #A-12/3 @ 50% Qty*2 "Cash" <x> [y] ~_=;?!'
    assert convertor.idx2str(convertor.str2idx([text])) == [text]
    assert convertor.num_unknown == 0


@pytest.mark.parametrize('name', [
    'convnextvit/convnextvit_tiny_chinese.py',
    'convnextvit/convnextvit_compact_chinese_synth.py',
    'convnextvit/convnextvit_toy_dataset.py',
    'sar/sar_r31_parallel_decoder_chinese_synth.py',
    'sar/sar_compact_chinese_synth.py',
])
def test_chinese_line_configs_build_and_report_line_acc(name):
    cfg = Config.fromfile(str(REPO / 'configs' / 'textrecog' / name))
    model = build_detector(cfg.model)
    assert model.decoder.num_classes == model.label_convertor.num_classes()
    assert 'line_acc' in cfg.evaluation['metric']
    chars = model.label_convertor.idx2char
    assert {'中', '文', 'A', '1', '，'} <= set(chars)
    for split in ('train', 'val', 'test'):
        dataset = cfg.data[split]
        for step_type in _pipeline_types(dataset['pipeline']):
            assert step_type in PIPELINES, f'{name}: {step_type} unregistered'
    # the synthetic training set is an image lmdb, the held-out set a folder
    if 'toy' not in name:
        assert cfg.data.train.pipeline[0]['type'] == 'LoadImageFromLMDB'
        assert cfg.data.test.datasets[0]['ann_file'] == \
            'data/chinese_synth/val/labels.txt'


@pytest.mark.parametrize('name', [
    'convnextvit/convnextvit_compact_chinese_synth.py',
    'sar/sar_compact_chinese_synth.py',
])
def test_compact_chinese_configs_read_the_widest_line_unsqueezed(name):
    """The generated lines are 32 pixels high and at most 434 wide: the
    compact configs' test pipelines keep that size (no squeezing; the
    line is right-padded to ``max_width``)."""
    cfg = Config.fromfile(str(REPO / 'configs' / 'textrecog' / name))
    steps = [s for s in cfg.data.test.pipeline if s['type'] == 'ResizeOCR']
    assert len(steps) == 1
    resize = Compose(steps)
    out = resize(dict(img=np.zeros((32, 434, 3), np.uint8),
                      img_shape=(32, 434, 3)))
    # the width is rounded to a multiple of 4 (0.x's rule): 434 -> 432
    assert out['resize_shape'][:2] == (32, 432)
    max_width = steps[0]['max_width']
    assert out['img'].shape[:2] == (32, max_width)
    assert out['valid_ratio'] == pytest.approx(432 / max_width)
