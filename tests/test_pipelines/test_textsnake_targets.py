"""TextSnakeTargets: hand-computed maps of straight texts, curved texts,
ignored regions and the bad polygons (odd coordinates, degenerate,
self-intersecting), images without text."""
import warnings

import numpy as np
import pytest

from mmocr.core.mask import BitmapMasks, PolygonMasks
from mmocr.datasets.pipelines import TextSnakeTargets
from mmocr.registry import PIPELINES
from mmocr.utils.errors import InvalidValueError

FIELDS = ['gt_text_mask', 'gt_center_region_mask', 'gt_mask',
          'gt_radius_map', 'gt_sin_map', 'gt_cos_map']


def _results(polys, ignored=(), h=64, w=128):
    return dict(img=np.zeros((h, w, 3), np.uint8), img_shape=(h, w, 3),
                filename='img_7.jpg',
                gt_masks=PolygonMasks([[np.asarray(p, float)] for p in polys],
                                      h, w),
                gt_masks_ignore=PolygonMasks(
                    [[np.asarray(p, float)] for p in ignored], h, w),
                mask_fields=['gt_masks', 'gt_masks_ignore'])


def _maps(results):
    return {k: results[k].masks[0] for k in FIELDS}


def test_horizontal_box_hand_computed():
    # 80 x 20 box: radius 10; sidelines 80 px -> 21 points every 4 px; the
    # end cut is int(20 / 4 // 4) = 1 point each side -> x 14..86; the
    # center band is 20 * 0.3 = 6 px high around y = 20.
    out = TextSnakeTargets()(_results([[10, 10, 90, 10, 90, 30, 10, 30]]))
    assert out['mask_fields'] == FIELDS
    assert all(isinstance(out[k], BitmapMasks) and out[k].masks.shape ==
               (1, 64, 128) for k in FIELDS)
    m = _maps(out)
    assert m['gt_text_mask'].sum() == 81 * 21  # fillPoly includes the edges
    assert m['gt_mask'].all()
    ys, xs = np.nonzero(m['gt_center_region_mask'])
    assert (ys.min(), ys.max(), xs.min(), xs.max()) == (17, 23, 14, 86)
    center = m['gt_center_region_mask'].astype(bool)
    np.testing.assert_allclose(m['gt_radius_map'][center], 10)
    np.testing.assert_allclose(m['gt_cos_map'][center], 1, atol=1e-6)
    np.testing.assert_allclose(m['gt_sin_map'][center], 0, atol=1e-6)
    assert not m['gt_radius_map'][~center].any()


def test_vertical_text_runs_top_to_bottom():
    # 16 x 60 box, taller than 2x its width: head/tail are the short edges
    # (quadrangle rule), the center line goes down: sin 1, cos 0.
    out = TextSnakeTargets()(_results([[50, 2, 66, 2, 66, 62, 50, 62]]))
    m = _maps(out)
    center = m['gt_center_region_mask'].astype(bool)
    assert center.any()
    np.testing.assert_allclose(m['gt_sin_map'][center], 1, atol=1e-6)
    np.testing.assert_allclose(m['gt_cos_map'][center], 0, atol=1e-6)
    np.testing.assert_allclose(m['gt_radius_map'][center], 8)


def test_curved_text_center_inside_text():
    xs = np.linspace(10, 118, 7)
    mid = 30 + 12 * np.sin(np.linspace(0, np.pi, 7))
    poly = np.concatenate([np.stack([xs, mid - 8], 1),
                           np.stack([xs, mid + 8], 1)[::-1]]).reshape(-1)
    m = _maps(TextSnakeTargets()(_results([poly])))
    center = m['gt_center_region_mask'].astype(bool)
    assert center.sum() > 100
    assert m['gt_text_mask'][center].all()
    np.testing.assert_allclose(m['gt_radius_map'][center], 8, atol=1.0)
    # unit directions, rising on the left half and falling on the right
    np.testing.assert_allclose(m['gt_sin_map'][center] ** 2
                               + m['gt_cos_map'][center] ** 2, 1, atol=1e-5)
    cols = np.nonzero(center)[1]
    sin = m['gt_sin_map'][center]
    assert (sin[cols < 40] > 0.2).mean() > 0.9  # y grows: going down
    assert (sin[cols > 88] < -0.2).mean() > 0.9


def test_ignored_polygon_zeroes_the_effective_mask():
    out = TextSnakeTargets()(_results([[10, 10, 50, 10, 50, 30, 10, 30]],
                                      ignored=[[70, 40, 100, 40, 100, 60,
                                                70, 60]]))
    m = _maps(out)
    assert not m['gt_mask'][40:61, 70:101].any()
    assert m['gt_mask'].sum() == 64 * 128 - 31 * 21
    assert not m['gt_text_mask'][40:61, 70:101].any()


def test_image_without_text():
    out = TextSnakeTargets()(_results([]))
    m = _maps(out)
    assert m['gt_mask'].all()
    for key in FIELDS:
        if key != 'gt_mask':
            assert not m[key].any()


def test_odd_coordinate_count_names_the_polygon():
    results = _results([[10, 10, 50, 10, 50, 30, 10, 30]])
    results['gt_masks'].masks.append([np.array([1., 2, 3, 4, 5, 6, 7, 8, 9])])
    with pytest.raises(InvalidValueError,
                       match=r'text polygon 1 of img_7\.jpg has an odd number '
                       r'of coordinates \(9\)'):
        TextSnakeTargets()(results)
    results = _results([])
    results['gt_masks_ignore'].masks.append([np.array([1., 2, 3, 4, 5])])
    with pytest.raises(InvalidValueError, match='ignored polygon 0'):
        TextSnakeTargets()(results)


@pytest.mark.parametrize('poly', [
    [5, 5, 5, 5, 5, 5, 5, 5],            # one point
    [5, 5, 20, 5, 40, 5, 60, 5],         # collinear: no area
    [5, 5, 30, 5, 30, 5, 5, 20],         # 3 distinct points
])
def test_degenerate_polygon_is_skipped_with_a_warning(poly):
    with pytest.warns(UserWarning, match=r'text polygon 0 of img_7\.jpg has '
                      'fewer than 4 distinct points or no area'):
        out = TextSnakeTargets()(_results([poly]))
    m = _maps(out)
    assert not m['gt_text_mask'].any() and m['gt_mask'].all()


def test_self_intersecting_polygon_is_ignored_with_a_warning():
    bow_tie = [10, 10, 60, 40, 60, 10, 10, 40]
    with pytest.warns(UserWarning, match='text polygon 0 of img_7.jpg is '
                      'self-intersecting.*treated as ignored'):
        out = TextSnakeTargets()(_results([bow_tie,
                                           [80, 10, 120, 10, 120, 30,
                                            80, 30]]))
    m = _maps(out)
    assert m['gt_mask'][25, 15] == m['gt_mask'][25, 55] == 0  # both lobes
    assert not m['gt_text_mask'][10:41, 10:61].any()
    assert m['gt_center_region_mask'][:, 80:].any()  # the good one drawn


def test_repeated_points_are_dropped_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        out = TextSnakeTargets()(_results([[10, 10, 10, 10, 90, 10, 90, 30,
                                            90, 30, 10, 30]]))
    center = out['gt_center_region_mask'].masks[0].astype(bool)
    np.testing.assert_allclose(out['gt_radius_map'].masks[0][center], 10)


def test_config_build_args_and_repr():
    t = PIPELINES.build(dict(type='TextSnakeTargets', resample_step=2.0))
    assert t.resample_step == 2.0 and t.orientation_thr == 2.0
    assert 'center_region_shrink_ratio=0.3' in repr(t)
    with pytest.raises(InvalidValueError, match='resample_step'):
        TextSnakeTargets(resample_step=0)
    with pytest.raises(InvalidValueError, match='center_region_shrink_ratio'):
        TextSnakeTargets(center_region_shrink_ratio=1.5)
    with pytest.raises(KeyError, match='gt_masks'):
        TextSnakeTargets()(dict(img_shape=(8, 8, 3)))


def test_draw_center_region_maps_is_reusable():
    """The drawing step DRRG's targets reuse: two segments, the later on
    top, values from the segments' own geometry."""
    t = TextSnakeTargets()
    top = np.array([[0., 0], [10, 0], [20, 10]])
    bot = np.array([[0., 10], [10, 10], [20, 20]])
    center = (top + bot) / 2
    maps = [np.zeros((32, 32), np.uint8)] + [np.zeros((32, 32), np.float32)
                                             for _ in range(3)]
    t.draw_center_region_maps(top, bot, center, *maps, 1.0)
    mask, radius, sin, cos = maps
    assert mask[5, 5] == 1 and radius[5, 5] == pytest.approx(5)
    assert cos[5, 5] == pytest.approx(1) and sin[5, 5] == pytest.approx(0)
    # second segment: direction (10, 10) / sqrt(200)
    assert sin[15, 16] == pytest.approx(np.sqrt(0.5), abs=1e-6)
    with pytest.raises(InvalidValueError, match='one shape'):
        t.draw_center_region_maps(top, bot[:2], center, *maps, 1.0)


@pytest.mark.shared_data
def test_0x_train_pipeline_on_a_toy_image(repo_root, toy_root):
    """configs/_base_/det_pipelines/textsnake_pipeline.py end to end (crop,
    rotate, jitter, square pad, targets, pad, format) on MMOCR's toy data."""
    from mmocr.datasets.builder import build_dataset
    from mmocr.utils import Config
    cfg = Config.fromfile(str(repo_root / 'configs/_base_/det_pipelines/'
                              'textsnake_pipeline.py'))
    toy = toy_root / 'toy_dataset'
    ds = build_dataset(dict(
        type='TextDetDataset', img_prefix=str(toy / 'imgs'),
        ann_file=str(toy / 'instances_test.txt'),
        loader=dict(type='AnnFileLoader', repeat=1, file_format='txt',
                    parser=dict(type='LineJsonParser',
                                keys=['file_name', 'height', 'width',
                                      'annotations'])),
        pipeline=cfg.train_pipeline, test_mode=False))
    np.random.seed(0)
    sample = ds[0]
    img = sample['img'].data
    assert img.shape == (3, 800, 800)
    for key in FIELDS:
        maps = sample[key].data  # BitmapMasks, as MMOCR 0.x
        assert isinstance(maps, BitmapMasks)
        assert maps.masks.shape == (1, 800, 800), key
    text = np.asarray(sample['gt_text_mask'].data.masks[0])
    center = np.asarray(sample['gt_center_region_mask'].data.masks[0])
    assert text.any() and center.any()
    assert text[center > 0].mean() > 0.95, (text[center > 0] == 0).sum()


def test_center_maps_equal_a_per_segment_full_image_drawing():
    """The crop-and-lookup drawing gives MMOCR 0.x's maps (four fillPoly per
    segment on the full image), also for a text partly outside."""
    import cv2
    t = TextSnakeTargets()
    xs = np.linspace(-30, 100, 7)
    mid = 20 + 15 * np.sin(np.linspace(0, np.pi, 7))
    poly = np.concatenate([np.stack([xs, mid - 9], 1),
                           np.stack([xs, mid + 9], 1)[::-1]])
    top, bot, center = t.center_line(poly.astype(np.int32))
    ours = [np.zeros((48, 80), np.uint8)] + [np.zeros((48, 80), np.float32)
                                             for _ in range(3)]
    t.draw_center_region_maps(top, bot, center, *ours, 0.3)
    ref = [np.zeros((48, 80), np.uint8)] + [np.zeros((48, 80), np.float32)
                                            for _ in range(3)]
    for i in range(len(center) - 1):
        radius = np.linalg.norm((top[i] + top[i + 1]) / 2
                                - (bot[i] + bot[i + 1]) / 2) / 2
        d = center[i + 1] - center[i]
        quad = np.stack([center[i] + (top[i] - center[i]) * 0.3,
                         center[i + 1] + (top[i + 1] - center[i + 1]) * 0.3,
                         center[i + 1] + (bot[i + 1] - center[i + 1]) * 0.3,
                         center[i] + (bot[i] - center[i]) * 0.3]
                        ).astype(np.int32)
        for m, v in zip(ref, (1, radius, d[1] / (np.linalg.norm(d) + 1e-8),
                              d[0] / (np.linalg.norm(d) + 1e-8))):
            cv2.fillPoly(m, [quad], v)
    assert ours[0].sum() > 100
    for a, b in zip(ours, ref):
        np.testing.assert_allclose(a, b, rtol=1e-6)
