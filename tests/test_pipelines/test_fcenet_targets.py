"""FCENetTargets and the sideline geometry it shares (text_sidelines); bad
polygons (odd coordinates, degenerate, self-intersecting, too short) and
images without text."""
import numpy as np
import pytest
import shapely

from mmocr.core.mask import PolygonMasks
from mmocr.datasets.pipelines import FCENetTargets
from mmocr.datasets.pipelines.textdet_targets.text_sidelines import (
    find_head_tail,
    reorder_poly_edge,
    resample_line,
    resample_sidelines,
)
from mmocr.models.textdet.postprocess import fourier2poly
from mmocr.utils.errors import InvalidValueError

K = 5
ALL_P3 = ((0, 0.99), (0.99, 0.995), (0.995, 1.0))


def _results(polys, ignored=(), size=(96, 128)):
    h, w = size
    return dict(img=np.zeros((h, w, 3), np.float32), img_shape=(h, w, 3),
                gt_masks=PolygonMasks([[np.asarray(p, float)] for p in polys],
                                      h, w),
                gt_masks_ignore=PolygonMasks(
                    [[np.asarray(p, float)] for p in ignored], h, w),
                mask_fields=['gt_masks', 'gt_masks_ignore'], filename='x.jpg')


def _rect(x1, y1, x2, y2):
    return [x1, y1, x2, y1, x2, y2, x1, y2]


def test_rectangle_maps_and_reconstruction():
    rect = _rect(24, 32, 104, 64)
    out = FCENetTargets(fourier_degree=K, level_proportion_range=ALL_P3)(
        _results([rect], ignored=[_rect(0, 80, 16, 96)]))
    assert out['mask_fields'] == []
    p3 = out['p3_maps']
    assert p3.shape == (4 * K + 5, 12, 16) and p3.dtype == np.float32
    assert out['p4_maps'].shape == (4 * K + 5, 6, 8)
    assert out['p5_maps'].shape == (4 * K + 5, 3, 4)
    text, center, effective = p3[0], p3[1], p3[2]
    # the rectangle / 8 is (3, 4)-(13, 8): cv2 fills its closed pixel range
    expected = np.zeros((12, 16))
    expected[4:9, 3:14] = 1
    np.testing.assert_array_equal(text, expected)
    assert center.sum() > 0 and (center <= text).all()
    assert center.sum() < text.sum()
    # the ignored square (0, 10)-(2, 12) of p3 is 0 in the effective mask
    assert effective[10:, :3].sum() == 0 and effective.sum() == 12 * 16 - 6
    # every text pixel holds the same contour: c_0 relative to the pixel
    ys, xs = np.nonzero(text)
    coeff = p3[3:3 + 2 * K + 1, ys, xs].T + 1j * p3[3 + 2 * K + 1:, ys, xs].T
    coeff[:, K] += xs + 1j * ys
    np.testing.assert_allclose(coeff, np.broadcast_to(coeff[0], coeff.shape),
                               atol=1e-4)
    assert abs(coeff[0, K] - (8 + 6j)) < 1e-3  # the centre, (64, 48) / 8
    assert abs(coeff[0, K + 1]) > abs(coeff[0, K - 1])  # clockwise on screen
    # back in image pixels (x8, as FCEPostprocessor does)
    poly = fourier2poly(coeff[:1] * 8, 200)[0].reshape(-1, 2)
    target = shapely.Polygon(np.reshape(rect, (-1, 2)))
    recon = shapely.make_valid(shapely.Polygon(poly))
    assert recon.intersection(target).area / recon.union(target).area > 0.85
    # nothing on the other levels
    assert out['p4_maps'][[0, 1, 3]].sum() == 0


def test_circle_coefficients():
    t = 2 * np.pi * np.arange(64) / 64
    circle = np.stack([64 + 30 * np.cos(t), 48 + 30 * np.sin(t)], 1)
    targets = FCENetTargets(fourier_degree=K)
    sig = targets.cal_fourier_signature(circle, K)
    c = sig[:, 0] + 1j * sig[:, 1]
    assert abs(c[K] - (64 + 48j)) < 0.1
    assert abs(abs(c[K + 1]) - 30) < 0.2  # radius (the 64-gon is inscribed)
    others = np.delete(np.abs(c), [K, K + 1])
    assert others.max() < 0.2
    # counter-clockwise input: the coefficients are flipped to clockwise
    flipped = targets.cal_fourier_signature(circle[::-1], K)
    assert abs(abs(flipped[K + 1, 0] + 1j * flipped[K + 1, 1]) - 30) < 0.2


def test_level_assignment_by_size():
    targets = FCENetTargets(fourier_degree=K)  # 0.x's icdar2015 ranges
    small, middle, large = (_rect(8, 8, 28, 20), _rect(8, 8, 60, 40),
                            _rect(4, 4, 120, 84))
    out = targets(_results([small, middle, large]))
    # proportions: 20/96 (p3), 52/96 (p4), 116/96 (none: > 1.0)
    assert out['p3_maps'][0].sum() > 0 and out['p4_maps'][0].sum() > 0
    assert out['p5_maps'][0].sum() == 0
    assert out['p3_maps'][0, 2, 3] == 1 and out['p3_maps'][0, 6, 6] == 0
    with pytest.raises(AssertionError, match='3 levels'):
        FCENetTargets(level_size_divisors=(8, 16),
                      level_proportion_range=((0, 0.5), (0.5, 1)))
    with pytest.raises(AssertionError, match='level_proportion_range'):
        FCENetTargets(level_proportion_range=((0, 1), ))


def test_short_polygons_are_skipped_with_a_warning():
    with pytest.warns(UserWarning, match='polygon 0 of x.jpg has fewer than 4'):
        out = FCENetTargets(level_proportion_range=ALL_P3)(
            _results([[10, 10, 40, 10, 20, 30], _rect(24, 32, 104, 64)]))
    assert out['p3_maps'][0].sum() == 55
    with pytest.raises(TypeError, match='PolygonMasks'):
        FCENetTargets()(dict(_results([]), gt_masks=np.zeros((1, 4, 4))))
    # no text at all: empty maps, effective mask all 1
    out = FCENetTargets()(_results([]))
    assert out['p3_maps'][[0, 1]].sum() == 0 and out['p3_maps'][2].all()


def test_odd_coordinate_count_names_the_polygon():
    results = _results([_rect(24, 32, 104, 64)])
    results['gt_masks'].masks.append([np.arange(9, dtype=float)])
    with pytest.raises(InvalidValueError, match=r'FCENetTargets: text polygon '
                       r'1 of x\.jpg has an odd number of coordinates \(9\)'):
        FCENetTargets()(results)
    results = _results([])
    results['gt_masks_ignore'].masks.append([np.arange(11, dtype=float)])
    with pytest.raises(InvalidValueError, match=r'ignored polygon 0 of x\.jpg '
                       r'has an odd number of coordinates \(11\)'):
        FCENetTargets()(results)


@pytest.mark.parametrize('poly', [
    [40, 40, 40, 40, 40, 40, 40, 40],      # one point
    [8, 40, 40, 40, 70, 40, 100, 40],      # collinear: no area
    [8, 8, 60, 8, 60, 8, 8, 40],           # 3 distinct points
])
def test_degenerate_polygon_is_skipped_with_a_warning(poly):
    rect = _rect(24, 32, 104, 64)
    alone = FCENetTargets(level_proportion_range=ALL_P3)(_results([rect]))
    with pytest.warns(UserWarning, match=r'FCENetTargets: text polygon 0 of '
                      r'x\.jpg has fewer than 4 distinct points or no area'):
        out = FCENetTargets(level_proportion_range=ALL_P3)(
            _results([poly, rect]))
    np.testing.assert_array_equal(out['p3_maps'], alone['p3_maps'])


def test_self_intersecting_polygon_is_ignored_with_a_warning():
    bow_tie = [8, 8, 56, 40, 56, 8, 8, 40]
    rect = _rect(72, 48, 120, 88)
    with pytest.warns(UserWarning, match=r'FCENetTargets: text polygon 0 of '
                      r'x\.jpg is self-intersecting .*; treated as ignored'):
        out = FCENetTargets(level_proportion_range=ALL_P3)(
            _results([bow_tie, rect]))
    text, effective = out['p3_maps'][0], out['p3_maps'][2]
    # the bow tie (p3: (1, 1)-(7, 5)): no text, effective mask 0 on both
    # lobes; the rectangle (p3: (9, 6)-(15, 11)) is drawn
    assert not text[:6, :8].any()
    assert effective[3, 1] == effective[3, 6] == 0
    assert text[6:12, 9:16].all() and effective[6:12, 9:16].all()


def test_sideline_geometry():
    np.testing.assert_allclose(resample_line(np.array([[0, 0], [10, 0]]), 5),
                               [[0, 0], [2, 0], [4, 0], [6, 0], [8, 0],
                                [10, 0]])
    # an L of length 20 in 4 steps; a repeated point is harmless
    line = np.array([[0, 0], [10, 0], [10, 0], [10, 10]], float)
    np.testing.assert_allclose(resample_line(line, 4),
                               [[0, 0], [5, 0], [10, 0], [10, 5], [10, 10]])
    assert len(resample_line(line, 0)) == 2
    top, bot = resample_sidelines(np.array([[0., 0], [8, 0]]),
                                  np.array([[8., 4], [0, 4]]), 2.0)
    assert len(top) == len(bot) == 5
    # a wide box: the short vertical edges are the head and tail
    box = np.array([[0, 0], [40, 0], [40, 10], [0, 10]], float)
    assert find_head_tail(box, 2.0) == ([3, 0], [1, 2])
    _, _, top, bot = reorder_poly_edge(box)
    np.testing.assert_array_equal(top, [[0, 0], [40, 0]])
    np.testing.assert_array_equal(bot, [[40, 10], [0, 10]])
    # a 10-point bar (CTW-like): the two sharp turns at its ends
    xs = np.linspace(0, 80, 5)
    bar = np.concatenate([np.stack([xs, np.zeros(5)], 1),
                          np.stack([xs[::-1], np.full(5, 12.)], 1)])
    head, tail = find_head_tail(bar, 2.0)
    assert sorted([tuple(head), tuple(tail)]) == [(4, 5), (9, 0)]
    with pytest.raises(ValueError, match='n >= 4'):
        find_head_tail(box[:3], 2.0)


def test_center_region_mask_keeps_the_overlap_of_two_instances():
    targets = FCENetTargets(fourier_degree=K)
    polys = [[np.array(_rect(10, 10, 70, 40), float)],
             [np.array(_rect(40, 14, 110, 44), float)]]
    mask = targets.generate_center_region_mask((64, 128), polys)
    alone = [targets.generate_center_region_mask((64, 128), [p])
             for p in polys]
    overlap = (alone[0] > 0) & (alone[1] > 0)
    assert overlap.sum() > 0
    assert mask[overlap].min() == 1
    np.testing.assert_array_equal(mask, np.maximum(*alone))
