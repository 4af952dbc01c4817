"""RandomCropFlip and RandomRotatePolyInstances (FCENet's pipelines)."""
import cv2
import numpy as np
import pytest

from mmocr.core.mask import BitmapMasks, PolygonMasks
from mmocr.datasets.pipelines import RandomCropFlip, RandomRotatePolyInstances


def _rect(x1, y1, x2, y2):
    return np.array([x1, y1, x2, y1, x2, y2, x1, y2], float)


def _results(h=100, w=120, rects=((10, 10, 30, 20), (60, 70, 100, 85))):
    img = np.full((h, w, 3), 1, np.uint8)
    for x1, y1, x2, y2 in rects:
        img[y1:y2, x1:x2] = 255  # the text pixels
    masks = [[_rect(*r)] for r in rects]
    return dict(img=img, img_shape=img.shape, gt_masks=PolygonMasks(masks, h, w),
                gt_masks_ignore=PolygonMasks([], h, w),
                gt_labels=np.arange(len(rects)),
                mask_fields=['gt_masks', 'gt_masks_ignore'])


def _painted(masks, h, w):
    canvas = np.zeros((h, w), bool)
    for inst in masks:
        pts = inst[0].reshape(-1, 2)
        x1, y1 = pts.min(0).astype(int)
        x2, y2 = pts.max(0).astype(int)
        canvas[y1:y2, x1:x2] = True
    return canvas


def test_crop_flip_moves_text_pixels_with_their_polygons():
    flips = 0
    for seed in range(30):
        np.random.seed(seed)
        out = RandomCropFlip(crop_ratio=1.0, min_area_ratio=0.1)(_results())
        assert out['img'].shape == (100, 120, 3)
        # the 255 pixels are exactly the (flipped) rectangles
        np.testing.assert_array_equal(out['img'][..., 0] == 255,
                                      _painted(out['gt_masks'].masks, 100, 120))
        assert len(out['gt_masks']) == 2
        # labels follow their polygons (sizes differ: 20x10 and 40x15)
        widths = [np.ptp(m[0][0::2]) for m in out['gt_masks'].masks]
        assert [{0: 20, 1: 40}[int(lab)] for lab in out['gt_labels']] == widths
        flips += not np.array_equal(out['img'], _results()['img'])
    assert flips > 5
    # same seed, same result (numpy's global RNG)
    np.random.seed(3)
    a = RandomCropFlip(crop_ratio=1.0, min_area_ratio=0.1)(_results())
    np.random.seed(3)
    b = RandomCropFlip(crop_ratio=1.0, min_area_ratio=0.1)(_results())
    np.testing.assert_array_equal(a['img'], b['img'])


def test_crop_flip_noop_cases_and_bad_args():
    res = _results()
    out = RandomCropFlip(crop_ratio=0.0)(res)
    np.testing.assert_array_equal(out['img'], _results()['img'])
    empty = _results(rects=())
    assert RandomCropFlip(crop_ratio=1.0)(empty) is empty
    with pytest.raises(AssertionError, match='crop_ratio'):
        RandomCropFlip(crop_ratio=1)
    with pytest.raises(TypeError, match='iter_num'):
        RandomCropFlip(iter_num=1.0)


def test_generate_crop_target_free_rows_and_columns():
    img = np.zeros((20, 50, 3), np.uint8)
    polys = [[_rect(10, 5, 20, 8)]]
    h_axis, w_axis = RandomCropFlip.generate_crop_target(img, polys, 2, 5)
    # columns 10..19 (+5 padding) and rows 5..7 (+2) are covered
    assert len(w_axis) == 60 - 10 and not set(range(15, 25)) & set(w_axis)
    assert len(h_axis) == 24 - 3 and not set(range(7, 10)) & set(h_axis)


def test_rotate_poly_instances_90_degrees():
    res = _results(rects=((100, 40, 120, 60), ))
    res['img'] = np.full((100, 200, 3), 7, np.uint8)
    res['img_shape'] = res['img'].shape
    res['gt_masks'] = PolygonMasks([[_rect(150, 40, 200, 60)]], 100, 200)
    res['gt_masks_ignore'] = PolygonMasks([], 100, 200)
    res['img'][40:60, 150:200] = 255
    t = RandomRotatePolyInstances(rotate_ratio=1.0, max_angle=30,
                                  pad_with_fixed_color=True, pad_value=(3,) * 3)
    t.sample_angle = lambda max_angle: 90.0
    assert t.cal_canvas_size((100, 200), 90.0) == (200, 100)
    out = t(res)
    assert out['img'].shape == (200, 100, 3) and out['rotated_poly_angle'] == 90
    # counter-clockwise on screen: the right end goes to the top
    pts = out['gt_masks'].masks[0][0].reshape(-1, 2)
    np.testing.assert_allclose(pts, [[40, 50], [40, 0], [60, 0], [60, 50]],
                               atol=1e-6)
    assert (out['gt_masks'].height, out['gt_masks'].width) == (200, 100)
    # (cv2 rotates pixel indices: the text lands within a pixel of it)
    assert (out['img'][1:50, 41:60] == 255).all()
    values, counts = np.unique(out['img'][..., 0], return_counts=True)
    # all text pixels kept; the one row of pad_value is the index shift
    assert dict(zip(values.tolist(), counts.tolist())) == {
        3: 100, 7: 200 * 100 - 50 * 20 - 100, 255: 50 * 20}
    assert (out['img'][100:, :, 0] != 255).all()


def test_rotate_poly_instances_canvas_padding_and_bitmaps():
    res = _results()
    res['gt_kernels'] = BitmapMasks([np.ones((100, 120), np.uint8)], 100, 120)
    res['mask_fields'].append('gt_kernels')
    np.random.seed(0)
    out = RandomRotatePolyInstances(rotate_ratio=1.0, max_angle=30)(res)
    ch, cw = out['img'].shape[:2]
    angle = out['rotated_poly_angle']
    assert -30 <= angle < 30 and (ch, cw) == \
        RandomRotatePolyInstances.cal_canvas_size((100, 120), angle)
    # no black border: the canvas is a stretched patch of the (non-0) image
    assert (out['img'] > 0).all()
    assert out['gt_kernels'].masks.shape == (1, ch, cw)
    # the text pixels follow the rotated polygons
    poly = out['gt_masks'].masks[1][0].reshape(-1, 2)
    inside = np.zeros((ch, cw), np.uint8)
    cv2.fillPoly(inside, [np.round(poly).astype(np.int32)], 1)
    assert out['img'][..., 0][inside.astype(bool)].mean() > 200
    np.random.seed(0)
    again = RandomRotatePolyInstances(rotate_ratio=1.0, max_angle=30)(_results())
    assert again['rotated_poly_angle'] == angle
    kept = _results()
    assert RandomRotatePolyInstances(rotate_ratio=0.0)(kept) is kept
