"""DBNetTargets against hand-computed maps."""
from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import Point, Polygon

from mmocr.core.mask import BitmapMasks, PolygonMasks
from mmocr.datasets.pipelines import DBNetTargets
from mmocr.datasets.pipelines.textdet_targets.dbnet_targets import segment_distances
from mmocr.models.textdet.postprocess import DBPostprocessor

RECT = np.array([20, 20, 120, 20, 120, 60, 20, 60], np.float64)


def _results(polys, ignored=()):
    h, w = 100, 160
    return dict(img_shape=(h, w, 3), gt_masks=PolygonMasks([[p] for p in polys],
                                                           h, w),
                gt_masks_ignore=PolygonMasks([[p] for p in ignored], h, w),
                gt_labels=np.zeros(len(polys), np.int64),
                gt_bboxes=np.zeros((len(polys), 4), np.float32),
                bbox_fields=['gt_bboxes'],
                mask_fields=['gt_masks', 'gt_masks_ignore'])


def test_rectangle_targets():
    # area 4000, perimeter 280: shrink/dilate distance 4000 * 0.84 / 280 = 12
    out = DBNetTargets(shrink_ratio=0.4)(_results([RECT]))
    assert out['mask_fields'] == ['gt_shrink', 'gt_shrink_mask', 'gt_thr',
                                  'gt_thr_mask']
    for key in ('gt_masks', 'gt_labels', 'gt_bboxes'):
        assert key not in out
    shrink = out['gt_shrink'].masks[0]
    assert isinstance(out['gt_shrink'], BitmapMasks)
    # shrunk rectangle [32, 108] x [32, 48], pixels inclusive
    assert shrink.sum() == 77 * 17 and shrink.max() == 1
    assert shrink[32, 32] == 1 and shrink[31, 32] == 0 and shrink[48, 108] == 1
    assert out['gt_shrink_mask'].masks[0].min() == 1
    thr = out['gt_thr'].masks[0]
    assert thr[20, 70] == pytest.approx(0.7)   # on the edge
    assert thr[14, 70] == pytest.approx(0.5)   # 6 px out: 1 - 6/12 = 0.5
    assert thr[26, 70] == pytest.approx(0.5)   # 6 px in
    assert thr[40, 70] == pytest.approx(0.3)   # centre: farther than 12
    assert thr[0, 0] == pytest.approx(0.3)
    thr_mask = out['gt_thr_mask'].masks[0]
    assert thr_mask[9, 70] == 1 and thr_mask[6, 70] == 0


def test_small_and_ignored_instances():
    tiny = np.array([140, 80, 145, 80, 145, 85, 140, 85], np.float64)
    ignored = np.array([0, 0, 10, 0, 10, 10, 0, 10], np.float64)
    out = DBNetTargets(min_short_size=8)(_results([RECT, tiny], [ignored]))
    shrink_mask = out['gt_shrink_mask'].masks[0]
    assert shrink_mask[82, 142] == 0  # tiny text moved to the ignored set
    assert shrink_mask[5, 5] == 0
    assert shrink_mask[40, 70] == 1
    assert out['gt_shrink'].masks[0][82, 142] == 0


def test_segment_distances_match_shapely():
    rng = np.random.default_rng(0)
    poly = np.array([[10, 10], [50, 15], [45, 40], [12, 30]], np.float64)
    xs, ys = rng.uniform(0, 60, (2, 5, 7))
    ref = Polygon(poly).exterior
    expected = np.vectorize(lambda x, y: ref.distance(Point(x, y)))(xs, ys)
    np.testing.assert_allclose(segment_distances(xs, ys, poly), expected,
                               atol=1e-9)


def test_requires_polygon_masks():
    res = _results([RECT])
    res['gt_masks'] = res['gt_masks'].to_bitmap()
    with pytest.raises(TypeError, match='PolygonMasks'):
        DBNetTargets()(res)


def test_kernel_uses_the_unrounded_shrink_distance():
    # Right isosceles triangle, legs 100 at (10, 10): D = 12.30 shrinks it to
    # the triangle with corners (22.30, 22.30), (80.30, 22.30),
    # (22.30, 80.30) -> (22, 22), (80, 22), (22, 80); D rounded to 12 (as
    # before) reaches 82.
    tri = np.array([10, 10, 110, 10, 10, 110], np.float64)
    out = DBNetTargets(shrink_ratio=0.4, min_short_size=1)(_results([tri]))
    ys, xs = np.nonzero(out['gt_shrink'].masks[0])
    assert (xs.min(), xs.max(), ys.min(), ys.max()) == (22, 80, 22, 80)


def test_postprocessor_inverts_the_targets_shrink():
    # The kernel of RECT (100 x 40, D = 12) is 76 x 16 (area 1216, perimeter
    # 184); unclipping it by D' = 1216 r' / 184 = 12, i.e. r' = 12 * 184 /
    # 1216, gives back RECT: targets and postprocessor offset alike.
    out = DBNetTargets(shrink_ratio=0.4)(_results([RECT]))
    kernel = out['gt_shrink'].masks[0]
    post = DBPostprocessor(text_repr_type='quad', unclip_ratio=12 * 184 / 1216)
    boxes = post(kernel[None])
    assert len(boxes) == 1
    quad = np.asarray(boxes[0][:8]).reshape(4, 2)
    np.testing.assert_allclose(quad.min(0), [20, 20], atol=1e-3)
    np.testing.assert_allclose(quad.max(0), [120, 60], atol=1e-3)
