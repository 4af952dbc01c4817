"""Detection transforms keep polygons consistent with the image.

Property tests: polygons are painted into the image with distinct grey
levels; after a transform, each transformed polygon is rasterised and
compared (IoU) with the image pixels that still carry its grey level.
"""
from __future__ import annotations

import copy
import sys

import cv2
import numpy as np
import pytest

from mmocr.core.mask import BitmapMasks, PolygonMasks
from mmocr.datasets.pipelines import (
    ColorJitter,
    Compose,
    EastRandomCrop,
    ImgAug,
    MultiScaleFlipAug,
    Normalize,
    Pad,
    RandomCropPolyInstances,
    RandomFlip,
    RandomRotateTextDet,
    RandomScaling,
    Resize,
)

LEVELS = (60, 120, 180, 240)
H, W = 200, 260


def _polys():
    return [
        np.array([20, 20, 110, 30, 105, 70, 25, 60], np.float64),
        np.array([150, 30, 230, 30, 230, 80, 150, 80], np.float64),
        np.array([40, 120, 120, 110, 130, 170, 50, 180], np.float64),
        np.array([170, 120, 240, 140, 200, 185], np.float64),
    ]


def _sample():
    img = np.zeros((H, W, 3), np.uint8)
    polys = _polys()
    for level, p in zip(LEVELS, polys):
        cv2.fillPoly(img, [np.round(p.reshape(-1, 2)).astype(np.int32)],
                     (level, level, level))
    masks = PolygonMasks([[p] for p in polys], H, W)
    return dict(img=img, img_shape=img.shape, ori_shape=img.shape,
                img_fields=['img'], gt_masks=masks,
                gt_masks_ignore=PolygonMasks([], H, W),
                gt_labels=np.arange(len(polys)),
                gt_bboxes=np.array([[p[0::2].min(), p[1::2].min(),
                                     p[0::2].max(), p[1::2].max()]
                                    for p in polys], np.float32),
                bbox_fields=['gt_bboxes'],
                mask_fields=['gt_masks', 'gt_masks_ignore'], seg_fields=[])


def _check_consistent(results, min_iou=0.9, min_kept=1):
    img = results['img']
    gray = img[..., 0].astype(np.float32) if img.ndim == 3 else img
    masks = results['gt_masks']
    assert (masks.height, masks.width) == img.shape[:2]
    labels = np.asarray(results['gt_labels'])
    assert len(labels) == len(masks) >= min_kept
    raster = masks.to_ndarray()
    for label, drawn in zip(labels, raster):
        region = np.abs(gray - LEVELS[label]) < 12
        inter = np.logical_and(region, drawn).sum()
        union = np.logical_or(region, drawn).sum()
        assert union > 0 and inter / union > min_iou, (label, inter / union)


@pytest.mark.parametrize('keep_ratio,scale', [(True, (400, 150)),
                                               (False, (300, 390))])
def test_resize(keep_ratio, scale):
    out = Resize(img_scale=scale, keep_ratio=keep_ratio)(_sample())
    if keep_ratio:
        assert max(out['img'].shape[:2]) <= 400
        assert min(out['img'].shape[:2]) == 150
    else:
        assert out['img'].shape[:2] == (390, 300)
    sf = out['scale_factor']
    assert sf.shape == (4, ) and sf[0] == pytest.approx(out['img'].shape[1] / W)
    np.testing.assert_allclose(out['gt_bboxes'][0],
                               [20 * sf[0], 20 * sf[1], 110 * sf[0],
                                70 * sf[1]], rtol=1e-5)
    _check_consistent(out, min_kept=4)


def test_resize_ratio_range_and_errors():
    np.random.seed(0)
    out = Resize(img_scale=(260, 200), ratio_range=(0.5, 0.6))(_sample())
    assert 0.5 * H - 1 <= out['img'].shape[0] <= 0.6 * H + 1
    with pytest.raises(ValueError, match='scale_factor'):
        Resize(img_scale=(10, 10))(dict(_sample(), scale=(5, 5),
                                        scale_factor=1.0))


def test_resize_names_a_too_thin_image():
    thin = dict(img=np.zeros((2, 30000, 3), np.uint8), filename='thin.png')
    with pytest.raises(ValueError, match=r'thin.png: image 2x30000 \(h x w\) '
                       'is too thin to rescale'):
        Resize(img_scale=(1333, 736), keep_ratio=True)(thin)


@pytest.mark.parametrize('direction', ['horizontal', 'vertical', 'diagonal'])
def test_random_flip(direction):
    out = RandomFlip(flip_ratio=1.0, direction=direction)(_sample())
    assert out['flip'] and out['flip_direction'] == direction
    _check_consistent(out, min_kept=4)
    if direction == 'horizontal':
        np.testing.assert_allclose(out['gt_bboxes'][0], [150, 20, 240, 70])
    again = RandomFlip(flip_ratio=1.0, direction=direction)(
        dict(out, flip=True, flip_direction=direction))
    np.testing.assert_array_equal(again['img'], _sample()['img'])


def test_random_flip_never():
    out = RandomFlip(flip_ratio=0.0)(_sample())
    assert not out['flip']
    np.testing.assert_array_equal(out['img'], _sample()['img'])


def test_normalize_and_pad():
    res = Normalize(mean=[10, 20, 30], std=[2, 2, 2], to_rgb=True)(
        dict(img=np.full((3, 5, 3), [30, 20, 10], np.uint8)))
    np.testing.assert_allclose(res['img'][0, 0], [0, 0, 0])
    assert res['img_norm_cfg']['to_rgb']
    out = Pad(size_divisor=32)(_sample())
    assert out['img'].shape == (224, 288, 3) and out['pad_shape'] == (224, 288, 3)
    assert out['gt_masks'].height == 224
    _check_consistent(out, min_kept=4)
    out = Pad(size=(210, 300), pad_val=7)(dict(img=np.zeros((5, 5), np.uint8),
                                               mask_fields=[]))
    assert out['img'].shape == (210, 300) and out['img'][-1, -1] == 7
    with pytest.raises(ValueError):
        Pad(size=(10, 10), size_divisor=32)


def test_random_scaling():
    np.random.seed(1)
    out = RandomScaling(size=300, scale=(0.5, 1.5))(_sample())
    assert 150 - 1 <= max(out['img'].shape[:2]) <= 450
    _check_consistent(out, min_kept=4)


def test_random_rotate_textdet_polygons_and_bitmaps():
    np.random.seed(2)
    res = _sample()
    res['gt_bitmap'] = res['gt_masks'].to_bitmap()
    res['mask_fields'].append('gt_bitmap')
    out = RandomRotateTextDet(rotate_ratio=1.0, max_angle=20)(res)
    assert abs(out['rotated_angle']) <= 20
    assert isinstance(out['gt_bitmap'], BitmapMasks)
    _check_consistent(out, min_iou=0.85, min_kept=4)
    rotated = out['gt_bitmap'].masks[0].astype(bool)
    drawn = out['gt_masks'].to_ndarray()[0].astype(bool)
    assert (rotated & drawn).sum() / (rotated | drawn).sum() > 0.85


@pytest.mark.parametrize('seed', range(4))
def test_img_aug(seed):
    np.random.seed(seed)
    aug = ImgAug(args=[['Fliplr', 0.5], dict(cls='Affine', rotate=[-10, 10]),
                       ['Resize', [0.5, 3.0]]])
    out = aug(_sample())
    assert out['flip'] == 'unknown'
    assert out['img_shape'] == out['img'].shape
    _check_consistent(out, min_iou=0.85)
    assert len(out['gt_bboxes']) == len(out['gt_labels'])


def test_img_aug_clips_polygons_leaving_the_image():
    res = _sample()
    aug = ImgAug(args=[dict(cls='Affine', translate_px=dict(x=-60, y=0))])
    out = aug(res)
    kept = out['gt_masks'].masks
    assert len(kept) == 4
    for inst in kept:
        assert inst[0][0::2].min() >= 0
    _check_consistent(out, min_iou=0.85, min_kept=4)
    gone = ImgAug(args=[dict(cls='Affine', translate_px=dict(x=-200, y=0))])(
        _sample())
    assert len(gone['gt_masks']) == len(gone['gt_labels']) < 4


def test_img_aug_other_augmenters_need_imgaug(monkeypatch):
    monkeypatch.setitem(sys.modules, 'imgaug', None)  # not installed
    with pytest.raises(ImportError, match=r"\['GaussianBlur'\] need imgaug.*"
                       'pip install imgaug'):
        ImgAug(args=[['GaussianBlur', 1.0]])
    with pytest.raises(ValueError, match='unknown ImgAug augmenter'):
        ImgAug(args=[42])


@pytest.mark.parametrize('seed', range(4))
def test_east_random_crop(seed):
    np.random.seed(seed)
    out = EastRandomCrop(target_size=(128, 128))(_sample())
    assert out['img'].shape == (128, 128, 3)
    assert out['gt_masks'].height == 128
    # labels become zeros: check geometry against the original order instead
    survivors = []
    for inst in out['gt_masks'].masks:
        pts = inst[0].reshape(-1, 2)
        ref = out['img'][..., 0].astype(np.float32)
        drawn = np.zeros((128, 128), np.uint8)
        cv2.fillPoly(drawn, [np.round(pts).astype(np.int32)], 1)
        values = ref[drawn.astype(bool)]
        survivors.append(np.median(values))
    assert all(min(abs(v - lv) for lv in LEVELS) < 15 for v in survivors)
    assert np.all(out['gt_labels'] == 0)


@pytest.mark.parametrize('seed', range(4))
def test_random_crop_poly_instances(seed):
    np.random.seed(seed)
    out = RandomCropPolyInstances(crop_ratio=1.0, min_side_ratio=0.3)(_sample())
    assert len(out['gt_masks']) >= 1
    x1, y1, x2, y2 = out['crop_region']
    assert out['img'].shape[:2] == (y2 - y1, x2 - x1)
    _check_consistent(out, min_iou=0.9)


def test_color_jitter_changes_colors_only():
    np.random.seed(0)
    res = _sample()
    out = ColorJitter(brightness=0.5, contrast=0.5, saturation=0.5,
                      hue=0.1)(copy.deepcopy(res))
    assert out['img'].dtype == np.uint8 and out['img'].shape == (H, W, 3)
    assert not np.array_equal(out['img'], res['img'])
    # brightness alone scales the pixels by one factor
    out = ColorJitter(brightness=(2.0, 2.0))(dict(
        img=np.full((2, 2, 3), 50, np.uint8)))
    assert np.all(out['img'] == 100)
    # saturation 0 gives grey
    out = ColorJitter(saturation=(0.0, 0.0))(dict(
        img=np.array([[[0, 0, 255]]], np.uint8)))
    assert len(set(out['img'][0, 0].tolist())) == 1
    with pytest.raises(ValueError):
        ColorJitter(hue=0.7)


def test_multi_scale_flip_aug():
    aug = MultiScaleFlipAug(
        transforms=[dict(type='Resize', keep_ratio=True),
                    dict(type='RandomFlip'),
                    dict(type='ImageToTensor', keys=['img']),
                    dict(type='Collect', keys=['img'],
                         meta_keys=['img_shape', 'flip', 'scale_factor'])],
        img_scale=[(130, 100), (520, 400)], flip=True)
    out = aug(dict(_sample(), filename='x.jpg'))
    assert len(out['img']) == 4
    shapes = [tuple(t.shape) for t in out['img']]
    assert shapes == [(3, 100, 130)] * 2 + [(3, 400, 520)] * 2
    assert [m.data['flip'] for m in out['img_metas']] == [False, True] * 2
    flipped, plain = out['img'][1].numpy(), out['img'][0].numpy()
    np.testing.assert_array_equal(flipped, plain[:, :, ::-1])
    with pytest.raises(ValueError):
        MultiScaleFlipAug(transforms=[], img_scale=(1, 1), scale_factor=1.0)


def test_dbnet_train_pipeline_end_to_end():
    np.random.seed(0)
    pipeline = Compose([
        dict(type='ColorJitter', brightness=32.0 / 255, saturation=0.5),
        dict(type='Normalize', mean=[0, 0, 0], std=[1, 1, 1], to_rgb=True),
        dict(type='ImgAug', args=[['Fliplr', 0.5],
                                  dict(cls='Affine', rotate=[-10, 10]),
                                  ['Resize', [0.5, 3.0]]]),
        dict(type='EastRandomCrop', target_size=(96, 96)),
        dict(type='DBNetTargets', shrink_ratio=0.4),
        dict(type='Pad', size_divisor=32),
        dict(type='CustomFormatBundle',
             keys=['gt_shrink', 'gt_shrink_mask', 'gt_thr', 'gt_thr_mask']),
        dict(type='Collect',
             keys=['img', 'gt_shrink', 'gt_shrink_mask', 'gt_thr',
                   'gt_thr_mask'],
             meta_keys=['img_shape', 'flip'])
    ])
    out = pipeline(_sample())
    assert out['img'].data.shape == (3, 96, 96)
    for key in ('gt_shrink', 'gt_shrink_mask', 'gt_thr', 'gt_thr_mask'):
        assert out[key].data.masks.shape == (1, 96, 96)
