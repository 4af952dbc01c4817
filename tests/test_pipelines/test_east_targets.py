"""EASTTargets on hand-made rectangles."""
from __future__ import annotations

import math

import numpy as np
import pytest

from mmocr.core.mask import PolygonMasks
from mmocr.datasets.pipelines import EASTTargets

# 100 x 40 axis-aligned rectangle; at ratio 0.25 the map pixel (row 10,
# column 15) is the input point (60, 40).
RECT = np.array([20, 20, 120, 20, 120, 60, 20, 60], np.float64)
IGNORED = np.array([0, 80, 12, 80, 12, 92, 0, 92], np.float64)
H, W = 100, 160


def _results(polys, ignored=(), h=H, w=W):
    return dict(img=np.zeros((h, w, 3), np.uint8), img_shape=(h, w, 3),
                filename='x.jpg',
                gt_masks=PolygonMasks([[np.asarray(p, np.float64)]
                                       for p in polys], h, w),
                gt_masks_ignore=PolygonMasks([[p] for p in ignored], h, w),
                gt_labels=np.zeros(len(polys), np.int64),
                bbox_fields=['gt_bboxes'],
                mask_fields=['gt_masks', 'gt_masks_ignore'])


def _rotated(cx, cy, w, h, angle):
    u = np.array([math.cos(angle), math.sin(angle)])
    v = np.array([-math.sin(angle), math.cos(angle)])
    return np.concatenate([np.array([cx, cy]) + sx * w / 2 * u
                           + sy * h / 2 * v
                           for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1))])


def test_axis_aligned_rectangle_rbox():
    out = EASTTargets()(_results([RECT], [IGNORED]))
    score = out['gt_score'].masks
    geo = out['gt_geo'].masks
    mask = out['gt_mask'].masks
    assert score.shape == (1, 25, 40) and geo.shape == (5, 25, 40)
    assert mask.shape == (1, 25, 40) and mask.dtype == np.uint8
    # Point (60, 40): 20 below the top side, 60 left of the right side,
    # 20 above the bottom, 40 right of the left side; angle 0.
    np.testing.assert_allclose(geo[:, 10, 15], [20, 60, 20, 40, 0],
                               atol=1e-5)
    # Shrink: every r_i = 40 (the shorter side), 0.3 * 40 = 12 pixels on
    # each side: (32, 32)-(108, 48), i.e. map columns 8..27, rows 8..12.
    ys, xs = np.nonzero(score[0])
    assert (xs.min(), xs.max(), ys.min(), ys.max()) == (8, 27, 8, 12)
    assert score.sum() == 20 * 5
    assert not geo[:, score[0] == 0].any()
    # The ignored square (0, 80)-(12, 92) -> map (0, 20)-(3, 23).
    assert mask[0, 21, 1] == 0 and mask[0, 10, 15] == 1
    assert mask.sum() == 25 * 40 - 16
    assert 'gt_masks' not in out and out['mask_fields'] == []
    assert out['bbox_fields'] == []


def test_axis_aligned_rectangle_quad_offsets():
    out = EASTTargets(geometry='QUAD')(_results([RECT]))
    geo = out['gt_geo'].masks
    assert geo.shape == (8, 25, 40)
    # Corners (20, 20), (120, 20), (120, 60), (20, 60) from (60, 40).
    np.testing.assert_allclose(geo[:, 10, 15],
                               [-40, -20, 60, -20, 60, 20, -40, 20])
    # Vertex order does not matter: the quad is sorted from the top-left.
    shuffled = RECT.reshape(4, 2)[[2, 1, 0, 3]].reshape(-1)
    again = EASTTargets(geometry='QUAD')(_results([shuffled]))
    np.testing.assert_array_equal(again['gt_geo'].masks, geo)


@pytest.mark.parametrize('angle,expected', [
    (math.radians(20), math.radians(20)),
    (math.radians(-30), math.radians(-30)),
    # Rotated by 70 degrees the rectangle is one rotated by -20 whose
    # "width" axis is along its short side.
    (math.radians(70), math.radians(-20)),
])
def test_rotated_rectangle_angle_and_distances(angle, expected):
    # 80 x 24 rectangle centred on (80, 48) = map pixel (row 12, col 20).
    out = EASTTargets()(_results([_rotated(80, 48, 80, 24, angle)]))
    geo = out['gt_geo'].masks
    assert geo[4, 12, 20] == pytest.approx(expected, abs=1e-4)
    positive = out['gt_score'].masks[0] > 0
    np.testing.assert_allclose(geo[4][positive], expected, atol=1e-4)
    half = (12, 40) if angle < math.radians(45) else (40, 12)
    # top, right, bottom, left from the centre
    np.testing.assert_allclose(
        geo[:4, 12, 20], [half[0], half[1], half[0], half[1]], atol=1e-3)


def test_long_polygon_becomes_its_min_area_rectangle():
    # A 6-point polygon along RECT's outline.
    poly = [20, 20, 70, 20, 120, 20, 120, 60, 70, 60, 20, 60]
    a = EASTTargets()(_results([poly]))
    b = EASTTargets()(_results([RECT]))
    np.testing.assert_allclose(a['gt_geo'].masks, b['gt_geo'].masks,
                               atol=1e-4)
    np.testing.assert_array_equal(a['gt_score'].masks, b['gt_score'].masks)


def test_tiny_and_degenerate_texts_are_masked():
    small = [130, 70, 150, 70, 150, 90, 130, 90]  # 20 x 20
    flat = [10, 8, 40, 8, 70, 8, 100, 8]  # zero area
    out = EASTTargets(min_text_size=25)(_results([RECT, small, flat]))
    score, mask = out['gt_score'].masks[0], out['gt_mask'].masks[0]
    # The small square (map (32.5, 17.5)-(37.5, 22.5)): no score, masked.
    assert mask[20, 35] == 0 and score[15:25, 30:40].sum() == 0
    # The zero-area quad (map row 2): masked, no score.
    assert mask[2, 10] == 0 and score[:5].sum() == 0
    assert score.sum() == 100 and mask[10, 15] == 1


def test_bad_polygons_are_skipped_with_a_warning():
    two_points = [10, 10, 30, 30]
    outside = [200, 150, 260, 150, 260, 180, 200, 180]
    with pytest.warns(UserWarning, match=r'EASTTargets: skipped text instance '
                      r'0 of x\.jpg: it has fewer than 3 points '
                      r'\(\[10.0, 10.0, 30.0, 30.0\]\)'):
        out = EASTTargets()(_results([two_points, RECT]))
    assert out['gt_score'].masks.sum() == 100
    with pytest.warns(UserWarning, match=r'EASTTargets: skipped text instance '
                      r'0 of x\.jpg: it lies outside the 100x160 \(h x w\) '
                      'image'):
        out = EASTTargets()(_results([outside, RECT]))
    assert out['gt_score'].masks.sum() == 100
    assert out['gt_mask'].masks.all()


@pytest.mark.parametrize('geometry', ['RBOX', 'QUAD'])
def test_image_without_text(geometry):
    out = EASTTargets(geometry=geometry)(_results([], [IGNORED]))
    assert out['gt_score'].masks.shape == (1, 25, 40)
    assert not out['gt_score'].masks.any() and not out['gt_geo'].masks.any()
    mask = out['gt_mask'].masks[0]
    # 0 over the ignored square only (map pixels (0, 20)-(3, 23))
    assert mask[21, 1] == 0 and 0 < (mask == 0).sum() <= 16


def test_bad_arguments_and_missing_masks():
    with pytest.raises(ValueError, match='geometry'):
        EASTTargets(geometry='POLY')
    with pytest.raises(ValueError, match='shrink_ratio'):
        EASTTargets(shrink_ratio=0.6)
    with pytest.raises(KeyError, match='gt_masks'):
        EASTTargets()(dict(img=np.zeros((8, 8, 3), np.uint8)))
