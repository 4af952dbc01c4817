"""PSENetTargets on a hand-made rectangle; MMOCR 0.x's PSENet pipeline."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from mmocr.core.mask import PolygonMasks
from mmocr.datasets import build_dataset
from mmocr.datasets.pipelines import PANetTargets, PSENetTargets
from mmocr.registry import PIPELINES
from mmocr.utils.config import Config

RECT = np.array([20, 20, 120, 20, 120, 60, 20, 60], np.float64)
RECT2 = np.array([130, 70, 150, 70, 150, 90, 130, 90], np.float64)


def _results(polys):
    h, w = 100, 160
    return dict(img=np.zeros((h, w, 3), np.uint8), img_shape=(h, w, 3),
                gt_masks=PolygonMasks([[p] for p in polys], h, w),
                gt_masks_ignore=PolygonMasks([], h, w),
                bbox_fields=[], mask_fields=['gt_masks', 'gt_masks_ignore'])


def test_seven_nested_kernels_by_default():
    step = PIPELINES.build(dict(type='PSENetTargets'))
    assert isinstance(step, PANetTargets)
    assert step.shrink_ratio == (1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4)
    assert step.max_shrink == 20
    out = step(_results([RECT, RECT2]))
    maps = out['gt_kernels'].masks
    assert maps.shape == (7, 100, 160)
    assert out['mask_fields'] == ['gt_kernels', 'gt_mask']
    # RECT: area 4000, perimeter 280; ratio r shrinks it by
    # 4000 * (1 - r^2) / 280 = 2.7, 5.1, 7.3, 9.1, 10.7, 12.0 pixels.
    for k, inset in enumerate((0, 3, 5, 7, 9, 11, 12)):
        ys, xs = np.nonzero(maps[k] == 1)
        assert (ys.min(), ys.max()) == (20 + inset, 60 - inset), k
        assert (xs.min(), xs.max()) == (20 + inset, 120 - inset), k
    # kernels nest; both instances keep their index
    assert all(((maps[k + 1] > 0) <= (maps[k] > 0)).all() for k in range(6))
    assert maps[6, 80, 140] == 2


def test_custom_ratios_and_bad_input():
    out = PSENetTargets(shrink_ratio=(1.0, 0.5), max_shrink=4)(
        _results([RECT]))
    kernel = out['gt_kernels'].masks[1]
    ys, xs = np.nonzero(kernel)
    assert (ys.min(), xs.min()) == (24, 24)  # 10.7 capped at max_shrink=4
    with pytest.raises(ValueError, match='shrink_ratio'):
        PSENetTargets(shrink_ratio=(1.0, 1.5))
    # a polygon with fewer than 3 points is skipped with a warning (0.x
    # skips it), as PANetTargets does
    with pytest.warns(UserWarning, match='fewer than 3 points'):
        out = PSENetTargets()(_results([np.array([0, 0, 5, 5], np.float64)]))
    assert out['gt_kernels'].masks.max() == 0
    with pytest.raises(TypeError, match='max_shrink'):
        PIPELINES.build(dict(type='PSENetTargets', max_shrink=20,
                             min_shrink=1))
    assert repr(PSENetTargets()).startswith('PSENetTargets(shrink_ratio=')


@pytest.mark.shared_data
@pytest.mark.parametrize('config', [
    'psenet_r50_fpnf_600e_icdar2015.py', 'psenet_r50_fpnf_sroie.py'])
def test_psenet_train_pipelines_on_toy_images(config, repo_root, toy_root):
    """The configs' training pipelines, unchanged, on toy images."""
    cfg = Config.fromfile(str(repo_root / 'configs/textdet/psenet' / config))
    toy = str(toy_root / 'toy_dataset')
    dataset_cfg = dict(cfg.data.train.datasets[0],
                       ann_file=f'{toy}/instances_test.json',
                       img_prefix=f'{toy}/imgs',
                       pipeline=[dict(step) for step in cfg.data.train.pipeline])
    for step in dataset_cfg['pipeline']:
        if step['type'] == 'RandomCropInstances':
            # always crop around a text (0.x: 5/8 of the crops), so that
            # every sample has kernels to compare
            step['positive_sample_ratio'] = 1.0
    dataset = build_dataset(dataset_cfg)
    np.random.seed(0)
    torch.manual_seed(0)  # ColorJitter draws from torch, as in 0.x
    for i in range(2):
        data = dataset[i]
        img = data['img'].data
        assert img.shape[1] % 32 == 0 and img.shape[2] % 32 == 0
        kernels = data['gt_kernels'].data.masks
        assert kernels.shape == (7, *img.shape[1:])
        # smaller ratios, smaller kernels (rounded vertices of slightly
        # shrunk rotated polygons may stick out of the text by a pixel)
        areas = (kernels > 0).sum(axis=(1, 2))
        assert areas[0] > 0 and (np.diff(areas) <= 0).all()
