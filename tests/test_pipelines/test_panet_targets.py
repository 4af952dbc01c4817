"""PANetTargets on hand-made rectangles; ScaleAspectJitter and
RandomCropInstances."""
from __future__ import annotations

import numpy as np
import pytest

from mmocr.core.mask import BitmapMasks, PolygonMasks
from mmocr.datasets import build_dataset
from mmocr.datasets.pipelines import (
    Compose,
    PANetTargets,
    RandomCropInstances,
    ScaleAspectJitter,
)
from mmocr.utils.config import Config

RECT = np.array([20, 20, 120, 20, 120, 60, 20, 60], np.float64)
RECT2 = np.array([130, 70, 150, 70, 150, 90, 130, 90], np.float64)
IGNORED = np.array([0, 80, 10, 80, 10, 90, 0, 90], np.float64)


def _results(polys, ignored=()):
    h, w = 100, 160
    return dict(img=np.zeros((h, w, 3), np.uint8), img_shape=(h, w, 3),
                gt_masks=PolygonMasks([[p] for p in polys], h, w),
                gt_masks_ignore=PolygonMasks([[p] for p in ignored], h, w),
                gt_labels=np.zeros(len(polys), np.int64),
                gt_bboxes=np.zeros((len(polys), 4), np.float32),
                bbox_fields=['gt_bboxes'],
                mask_fields=['gt_masks', 'gt_masks_ignore'])


def test_rectangle_kernels():
    # RECT: area 4000, perimeter 280: shrink distance at 0.5 is
    # 4000 * 0.75 / 280 = 10.7, capped at max_shrink=5.
    out = PANetTargets(shrink_ratio=(1.0, 0.5), max_shrink=5)(
        _results([RECT, RECT2], [IGNORED]))
    assert out['mask_fields'] == ['gt_kernels', 'gt_mask']
    assert out['bbox_fields'] == []
    for key in ('gt_masks', 'gt_masks_ignore', 'gt_labels', 'gt_bboxes'):
        assert key not in out
    assert isinstance(out['gt_kernels'], BitmapMasks)
    text, kernel = out['gt_kernels'].masks
    # text regions: the rectangles, pixels inclusive, instance indices
    assert (text == 1).sum() == 101 * 41 and (text == 2).sum() == 21 * 21
    assert text[20, 20] == 1 and text[19, 20] == 0 and text[60, 120] == 1
    assert text[80, 140] == 2
    # kernel of RECT: [25, 115] x [25, 55]
    assert (kernel == 1).sum() == 91 * 31
    assert kernel[25, 25] == 1 and kernel[24, 25] == 0
    assert kernel[55, 115] == 1 and kernel[55, 116] == 0
    # RECT2 (area 400, perimeter 80): shrunk by 400 * 0.75 / 80 = 3.75
    assert kernel[80, 140] == 2 and kernel[71, 131] == 0
    mask = out['gt_mask'].masks[0]
    assert mask[85, 5] == 0 and mask.sum() == 100 * 160 - 11 * 11


def test_targets_bad_input():
    # too few points, or outside the image: skipped with a warning naming the
    # file; the other instances keep their order
    line = np.array([0, 0, 5, 5], np.float64)
    outside = np.array([200, 10, 230, 10, 230, 40, 200, 40], np.float64)
    results = dict(_results([line, RECT, outside, RECT2]), filename='a.jpg')
    with pytest.warns(UserWarning) as record:
        out = PANetTargets(max_shrink=5)(results)
    messages = [str(r.message) for r in record]
    assert messages == [
        'PANetTargets: skipped text instance 0 of a.jpg: it has fewer than 3 '
        'points ([0.0, 0.0, 5.0, 5.0])',
        'PANetTargets: skipped text instance 2 of a.jpg: it lies outside the '
        '100x160 (h x w) image']
    text = out['gt_kernels'].masks[0]
    assert set(np.unique(text)) == {0, 1, 2}
    assert (text == 1).sum() == 101 * 41 and text[80, 140] == 2
    with pytest.raises(ValueError, match='shrink_ratio'):
        PANetTargets(shrink_ratio=(1.0, 0.0))
    # one map only: PANLoss needs the text regions and the kernels
    with pytest.raises(ValueError, match=r'at least 2 ratios .* got \(1.0,\)'):
        PANetTargets(shrink_ratio=(1.0, ))
    with pytest.raises(KeyError, match='gt_masks'):
        PANetTargets()(dict(img_shape=(4, 4, 3)))


def test_scale_aspect_jitter_around_min_img_scale():
    np.random.seed(0)
    step = ScaleAspectJitter(img_scale=[(1333, 736)], ratio_range=(0.7, 1.3),
                             aspect_ratio_range=(0.9, 1.1),
                             multiscale_mode='value', keep_ratio=False)
    out = step(_results([RECT]))
    h, w = out['img'].shape[:2]
    # short side 100 -> 736 * [0.7, 1.3] * sqrt([0.9, 1.1])
    assert 736 * 0.7 * 0.9**0.5 - 1 <= h <= 736 * 1.3 * 1.1**0.5
    assert out['gt_masks'].height == h and out['gt_masks'].width == w
    assert out['scale'] == (w, h)
    with pytest.raises(ValueError, match='keep_ratio=False'):
        ScaleAspectJitter(img_scale=[(10, 10)], ratio_range=(1, 1),
                          aspect_ratio_range=(1, 1), keep_ratio=True)
    with pytest.raises(ValueError, match='long_size_bound'):
        ScaleAspectJitter(ratio_range=(0.5, 3.), aspect_ratio_range=(1, 1),
                          resize_type='long_short_bound')


def test_random_crop_instances_keeps_text():
    results = PANetTargets()(_results([RECT, RECT2]))
    np.random.seed(1)
    step = RandomCropInstances(target_size=(40, 50), instance_key='gt_kernels',
                               positive_sample_ratio=1.0)
    for _ in range(5):
        out = step(dict(results, mask_fields=list(results['mask_fields'])))
        assert out['img'].shape[:2] == (40, 50)
        assert out['gt_kernels'].masks.shape == (2, 40, 50)
        assert out['gt_mask'].masks.shape == (1, 40, 50)
        y, x = out['crop_offset']
        np.testing.assert_array_equal(
            out['gt_kernels'].masks[0],
            results['gt_kernels'].masks[0][y:y + 40, x:x + 50])
        assert out['gt_kernels'].masks[0].max() > 0


def test_random_crop_instances_boxes():
    boxes, kept = RandomCropInstances.crop_bboxes(
        np.array([[0, 0, 10, 10], [50, 50, 60, 60], [5, 5, 30, 30]],
                 np.float32), np.array([8, 8, 40, 40]))
    assert kept == [0, 2]
    np.testing.assert_allclose(boxes, [[0, 0, 2, 2], [0, 0, 22, 22]])


def test_panet_pipeline_steps_run_together():
    pipeline = Compose([
        dict(type='ScaleAspectJitter', img_scale=[(320, 160)],
             ratio_range=(0.9, 1.1), aspect_ratio_range=(0.9, 1.1),
             multiscale_mode='value', keep_ratio=False),
        dict(type='PANetTargets', shrink_ratio=(1.0, 0.5)),
        dict(type='RandomFlip', flip_ratio=0.5, direction='horizontal'),
        dict(type='RandomRotateTextDet'),
        dict(type='RandomCropInstances', target_size=(96, 96),
             instance_key='gt_kernels'),
        dict(type='Pad', size_divisor=32),
    ])
    np.random.seed(0)
    out = pipeline(_results([RECT, RECT2]))
    assert out['img'].shape[:2] == (96, 96)
    assert out['gt_kernels'].masks.shape == (2, 96, 96)
    assert set(np.unique(out['gt_kernels'].masks)) <= {0, 1, 2}


@pytest.mark.shared_data
def test_panet_icdar2015_train_pipeline_on_a_toy_image(repo_root, toy_root):
    """MMOCR 0.x's PANet training pipeline, unchanged, on toy images."""
    cfg = Config.fromfile(str(
        repo_root / 'configs/textdet/panet/panet_r18_fpem_ffm_600e_icdar2015.py'))
    toy = str(toy_root / 'toy_dataset')
    dataset_cfg = dict(cfg.data.train.datasets[0],
                       ann_file=f'{toy}/instances_test.json',
                       img_prefix=f'{toy}/imgs',
                       pipeline=cfg.data.train.pipeline)
    dataset = build_dataset(dataset_cfg)
    np.random.seed(0)
    for i in range(3):
        data = dataset[i]
        img = data['img'].data
        assert img.shape[0] == 3 and img.shape[1] % 32 == 0 \
            and img.shape[2] % 32 == 0
        assert max(img.shape[1:]) <= 736
        kernels = data['gt_kernels'].data
        assert kernels.masks.shape[0] == 2
        assert kernels.masks.shape[1:] == tuple(img.shape[1:])
        assert data['gt_mask'].data.masks.shape[0] == 1
        # kernels lie inside their text regions
        text, kernel = kernels.masks
        assert ((kernel > 0) <= (text > 0)).all()


def test_targets_without_text_and_outside_the_image():
    out = PANetTargets()(_results([]))
    assert out['gt_kernels'].masks.shape == (2, 100, 160)
    assert out['gt_kernels'].masks.max() == 0
    assert out['gt_mask'].masks.min() == 1
    # A rectangle half outside the image: clipped, no error.
    poly = np.array([140, 80, 200, 80, 200, 120, 140, 120], np.float64)
    text = PANetTargets(max_shrink=2)(_results([poly]))['gt_kernels'].masks[0]
    assert (text == 1).sum() == 20 * 20
