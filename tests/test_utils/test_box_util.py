"""Line stitching and rectified crops of detected text."""
import cv2
import numpy as np
import pytest

from mmocr.utils import bezier_to_polygon, sort_points
from mmocr.utils.box_util import (
    is_on_same_line,
    line_groups,
    merge_line_boxes,
    reading_order,
    rectify_crop,
    stitch_boxes_into_lines,
    y_overlaps,
)
from mmocr.utils.box_util import (
    sort_points as sort_points_at_0x_path,
)


def _rect(x1, y1, x2, y2):
    return [x1, y1, x2, y1, x2, y2, x1, y2]


def _rotated(box, degrees, centre=(200.0, 150.0)):
    t = np.deg2rad(degrees)
    rot = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    pts = (np.asarray(box, float).reshape(-1, 2) - centre) @ rot.T + centre
    return pts.reshape(-1).tolist()


def test_line_groups_gap_in_text_heights():
    # Height 20, gap 10: half a text height.
    words = [_rect(0, 0, 50, 20), _rect(60, 0, 110, 20)]
    assert line_groups(words, max_gap_ratio=0.4) == [[0], [1]]
    assert line_groups(words, max_gap_ratio=0.5) == [[0, 1]]


def test_line_groups_chains_and_keeps_lines_apart():
    # Three words of one line (gaps 10 and 15) above a second line that
    # overlaps them horizontally: any gap ratio keeps the lines apart.
    boxes = [_rect(0, 0, 50, 20), _rect(125, 0, 175, 20),
             _rect(60, 0, 110, 20), _rect(0, 24, 175, 44)]
    assert line_groups(boxes, max_gap_ratio=0.8) == [[0, 1, 2], [3]]
    assert line_groups(boxes, max_gap_ratio=100) == [[0, 1, 2], [3]]
    assert line_groups(boxes, max_gap_ratio=0.6) == [[0, 2], [1], [3]]


def test_line_groups_height_and_overlap_rules():
    word = _rect(0, 0, 50, 20)
    tall = _rect(60, -10, 110, 30)         # twice as thick: a heading
    low = _rect(60, 8, 110, 28)            # overlaps 12 of 20 px (0.6)
    assert line_groups([word, tall], 5) == [[0], [1]]
    assert line_groups([word, tall], 5, max_height_ratio=2) == [[0, 1]]
    assert line_groups([word, low], 5) == [[0], [1]]
    assert line_groups([word, low], 5, min_y_overlap_ratio=0.6) == [[0, 1]]


def test_line_groups_follow_the_page_skew():
    # On a page turned 8 degrees, the two words of a line keep their gap
    # and the line below stays apart, although the axis-aligned extents of
    # the long lower line overlap the upper words' by most of their height.
    boxes = [_rect(0, 0, 50, 20), _rect(60, 0, 110, 20), _rect(0, 26, 400, 46)]
    rotated = [_rotated(b, 8) for b in boxes]
    assert line_groups(rotated, max_gap_ratio=0.55) == [[0, 1], [2]]
    assert line_groups(rotated, max_gap_ratio=0.45) == [[0], [1], [2]]


def test_line_groups_match_the_rule_pair_by_pair():
    # Random upright boxes (no skew to take out): the groups are the
    # connected components of the rule applied to every pair.
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 500, 300)
    y = rng.uniform(0, 300, 300)
    w, h = rng.uniform(5, 80, 300), rng.uniform(8, 16, 300)
    # One box as wide as the page sets the median direction to horizontal.
    boxes = [_rect(0, 400, 2000, 412)] + [
        _rect(x[i], y[i], x[i] + w[i], y[i] + h[i]) for i in range(300)]
    parent = list(range(len(boxes)))

    def root(i):
        while parent[i] != i:
            i = parent[i]
        return i

    ext = np.array([[min(b[0::2]), max(b[0::2]), min(b[1::2]), max(b[1::2])]
                    for b in boxes])
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            hi, hj = ext[i, 3] - ext[i, 2], ext[j, 3] - ext[j, 2]
            thin = min(hi, hj)
            overlap = min(ext[i, 3], ext[j, 3]) - max(ext[i, 2], ext[j, 2])
            gap = max(ext[j, 0] - ext[i, 1], ext[i, 0] - ext[j, 1])
            if (overlap >= 0.7 * thin and max(hi, hj) <= 1.5 * thin
                    and gap <= 0.8 * thin):
                parent[root(j)] = root(i)
    expected = {}
    for i in range(len(boxes)):
        expected.setdefault(root(i), []).append(i)
    groups = line_groups(boxes, max_gap_ratio=0.8)
    assert groups == sorted(expected.values())
    assert any(len(g) > 2 for g in groups)


def test_line_groups_bad_arguments():
    for kwargs in (dict(max_gap_ratio=-1), dict(max_gap_ratio=1,
                                                min_y_overlap_ratio=0),
                   dict(max_gap_ratio=1, max_height_ratio=0.5)):
        with pytest.raises(AssertionError, match='line_groups needs'):
            line_groups([_rect(0, 0, 1, 1)] * 2, **kwargs)
    assert line_groups([], 1) == []
    assert line_groups([_rect(0, 0, 5, 5)], 1) == [[0]]


def test_merge_line_boxes_outlines_and_scores():
    boxes = [_rect(0, 0, 50, 20) + [0.9], _rect(60, 0, 110, 20) + [0.5],
             _rect(0, 30, 40, 50) + [0.7]]
    quads = merge_line_boxes(boxes, max_gap_ratio=1)
    assert len(quads) == 2
    merged, alone = quads
    assert alone == boxes[2]
    assert merged[-1] == pytest.approx(0.7)
    pts = np.asarray(merged[:-1]).reshape(-1, 2)
    assert len(pts) == 4
    np.testing.assert_allclose(pts.min(0), [0, 0], atol=1e-4)
    np.testing.assert_allclose(pts.max(0), [110, 20], atol=1e-4)
    poly = merge_line_boxes(boxes, 1, text_repr_type='poly')[0]
    assert cv2.contourArea(np.float32(poly[:-1]).reshape(-1, 2)) == \
        pytest.approx(110 * 20)
    with pytest.raises(AssertionError, match='text_repr_type'):
        merge_line_boxes(boxes, 1, text_repr_type='rbox')


def test_is_on_same_line():
    a = _rect(0, 0, 10, 10)
    assert is_on_same_line(a, _rect(20, 1, 30, 11))        # overlap 9 >= 8
    assert not is_on_same_line(a, _rect(20, 5, 30, 15))    # overlap 5 < 8
    assert is_on_same_line(a, _rect(20, 5, 30, 15), None)  # any overlap
    assert not is_on_same_line(a, _rect(20, 11, 30, 20), None)
    # A short box fully inside a tall one: 100% of the short box.
    assert is_on_same_line(_rect(0, 0, 10, 100), _rect(20, 40, 30, 50))


def test_y_overlaps_is_elementwise_with_the_scalar_rule():
    # extents [0, 10] against [1, 11] (overlap 9), [5, 15] (5), [40, 44]
    # (none) and [2, 6] (4, all of the thinner one)
    b_min = np.array([1., 5., 40., 2.])
    b_max = np.array([11., 15., 44., 6.])
    got = y_overlaps(0., 10., b_min, b_max, 0.8)
    assert got.tolist() == [True, False, False, True]
    assert y_overlaps(0., 10., b_min, b_max, None).tolist() == \
        [True, True, False, True]
    for lo, hi, want in zip(b_min, b_max, got):
        assert is_on_same_line(_rect(0, 0, 5, 10), _rect(20, lo, 30, hi)) \
            == want


def test_stitch_boxes_into_lines_hand_case():
    boxes = [
        dict(box=_rect(30, 0, 50, 10), text='world', box_score=0.5,
             text_score=0.2),
        dict(box=_rect(0, 1, 25, 11), text='hello', box_score=0.7,
             text_score=0.4),
        dict(box=_rect(100, 0, 120, 10), text='far', box_score=1.0,
             text_score=1.0),
        dict(box=_rect(0, 40, 20, 50), text='next', box_score=0.9,
             text_score=0.9),
    ]
    lines = stitch_boxes_into_lines(boxes, max_x_dist=10,
                                    min_y_overlap_ratio=0.5)
    by_text = {line['text']: line for line in lines}
    assert set(by_text) == {'hello world', 'far', 'next'}
    assert by_text['hello world']['box'] == [0, 0, 50, 0, 50, 11, 0, 11]
    assert by_text['hello world']['box_score'] == pytest.approx(0.6)
    assert by_text['hello world']['text_score'] == pytest.approx(0.3)
    assert by_text['far']['box'] == [100, 0, 120, 0, 120, 10, 100, 10]
    # Gaps up to max_x_dist join: 'far' joins with a larger distance.
    lines = stitch_boxes_into_lines(boxes, max_x_dist=60,
                                    min_y_overlap_ratio=0.5)
    assert {line['text'] for line in lines} == {'hello world far', 'next'}


def test_stitch_keeps_single_and_empty():
    assert stitch_boxes_into_lines([]) == []
    one = [dict(box=_rect(0, 0, 1, 1), text='a')]
    assert stitch_boxes_into_lines(one) == one
    merged = stitch_boxes_into_lines(one * 2, max_x_dist=5)
    assert merged == [dict(box=[0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0],
                           text='a a')]


def test_rectify_crop_axis_aligned_quad_is_a_slice():
    img = np.arange(60 * 80 * 3, dtype=np.uint8).reshape(60, 80, 3)
    crop = rectify_crop(img, _rect(10, 20, 50, 40) + [0.9])  # with a score
    assert crop.shape == (20, 40, 3)
    np.testing.assert_array_equal(crop, img[20:40, 10:50])


def test_rectify_crop_rotated_polygon_is_upright():
    img = np.zeros((200, 200, 3), np.uint8)
    rect = ((100, 100), (120, 30), 30)  # centre, (w, h), angle
    pts = cv2.boxPoints(rect)
    cv2.fillPoly(img, [pts.astype(np.int32)], (255, 255, 255))
    # A 12-point polygon along the rotated rectangle's edges.
    poly = np.concatenate([np.linspace(pts[i], pts[(i + 1) % 4], 3,
                                       endpoint=False) for i in range(4)])
    crop = rectify_crop(img, poly.reshape(-1).tolist())
    h, w = crop.shape[:2]
    assert abs(w - 120) <= 2 and abs(h - 30) <= 2
    assert crop[3:-3, 3:-3].min() > 200  # all text region, no background


def test_rectify_crop_rotates_vertical_text():
    img = np.zeros((100, 100), np.uint8)
    img[10:90, 40:50] = 255
    img[10:20, 40:50] = 128  # marks the top of the vertical text
    crop = rectify_crop(img, _rect(40, 10, 50, 90))
    assert crop.shape == (10, 80)
    # Counter-clockwise: the top of the text is now on the left.
    assert crop[:, :10].max() == 128 and crop[:, -10:].min() == 255


def test_rectify_crop_degenerate_and_bad_input():
    img = np.ones((5, 5, 3), np.uint8)
    crop = rectify_crop(img, _rect(2, 2, 2, 2))
    assert crop.shape[:2] == (1, 1)
    with pytest.raises(ValueError, match='at least 4'):
        rectify_crop(img, [0, 0, 1, 1])
    with pytest.raises(ValueError, match='finite'):
        rectify_crop(img, [0, 0, 1, 0, 1, float('nan'), 0, 1])


def test_reading_order_rows_then_columns():
    # two rows; the second row's boxes are slightly skewed in height, and
    # the input order is scrambled (as a detector's contour order is)
    boxes = [
        _rect(300, 52, 380, 70),   # row 2, right
        _rect(10, 10, 120, 30),    # row 1, left
        _rect(10, 50, 200, 72),    # row 2, left
        _rect(150, 12, 260, 31),   # row 1, right
        _rect(10, 100, 60, 118),   # row 3
    ]
    assert reading_order(boxes) == [1, 3, 2, 0, 4]
    assert reading_order([]) == []
    assert reading_order([_rect(0, 0, 5, 5)]) == [0]


def test_reading_order_follows_a_rotated_row():
    # a row rising to the right (a rotated page): the rightmost box's centre
    # lies below the leftmost box's bottom, but each box overlaps the next
    row = [_rect(10, 40, 60, 56), _rect(80, 34, 130, 50),
           _rect(150, 28, 200, 44), _rect(220, 22, 270, 38)]
    below = _rect(10, 70, 100, 86)
    assert reading_order([below, row[3], row[1], row[0], row[2]]) == \
        [3, 2, 4, 1, 0]


def test_reading_order_keeps_stacked_boxes_apart():
    # a box whose centre is below the first box's bottom starts a new row,
    # even when the boxes touch
    boxes = [_rect(100, 20, 150, 40), _rect(0, 0, 50, 20)]
    assert reading_order(boxes) == [1, 0]


def test_bezier_to_polygon_samples_both_curves():
    # two straight "curves": y=0 from x=0..3 and y=2 from x=3..0
    ctrl = [0, 0, 1, 0, 2, 0, 3, 0, 3, 2, 2, 2, 1, 2, 0, 2]
    pts = np.asarray(bezier_to_polygon(ctrl, num_sample=4))
    assert pts.shape == (8, 2)
    np.testing.assert_allclose(pts[:4], [[0, 0], [1, 0], [2, 0], [3, 0]])
    np.testing.assert_allclose(pts[4:], [[3, 2], [2, 2], [1, 2], [0, 2]])
    # a real curve: the midpoint of a cubic is (P0 + 3 P1 + 3 P2 + P3) / 8
    curved = [0, 0, 0, 4, 4, 4, 4, 0] + ctrl[8:]
    mid = np.asarray(bezier_to_polygon(np.array(curved).reshape(2, 4, 2), 3))[1]
    np.testing.assert_allclose(mid, [2, 3])
    with pytest.raises(AssertionError, match='8 control points'):
        bezier_to_polygon(ctrl[:12])
    with pytest.raises(AssertionError, match='num_sample'):
        bezier_to_polygon(ctrl, 0)


def test_sort_points_0x_order():
    # 0.x's order: by (180 + atan2(dx, dy) in degrees) % 360 around the mean,
    # i.e. on an image top-left, bottom-left, bottom-right, top-right
    assert sort_points is sort_points_at_0x_path
    corners = [[0, 0], [2, 0], [2, 1], [0, 1]]
    assert sort_points(corners) == [[0, 0], [0, 1], [2, 1], [2, 0]]
    # (dx, dy) = (0, -1) from the mean: key 0, first; (-1, 0): 90; (0, 1):
    # 180; (1, 0): 270
    diamond = np.array([[2, 1], [1, 2], [0, 1], [1, 0]])
    out = sort_points(diamond)
    assert isinstance(out, list)
    np.testing.assert_array_equal(out, [[1, 0], [0, 1], [1, 2], [2, 1]])
    with pytest.raises(AssertionError, match='N points'):
        sort_points([1, 2, 3])
