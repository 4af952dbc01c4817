import numpy as np
import pytest
import torch
from shapely.geometry import Polygon

from mmocr.models.builder import build_postprocessor
from mmocr.models.textdet.postprocess import box_score_fast, points2boundary, unclip


def _iou(a, b):
    pa = Polygon(np.asarray(a, dtype=float).reshape(-1, 2))
    pb = Polygon(np.asarray(b, dtype=float).reshape(-1, 2))
    return pa.intersection(pb).area / pa.union(pb).area


def _kernel_map(kernels, shape=(200, 300), value=0.9):
    """Probability map with filled kernels (x0, y0, x1, y1), inclusive."""
    prob = np.zeros(shape, np.float32)
    for x0, y0, x1, y1 in kernels:
        prob[y0:y1 + 1, x0:x1 + 1] = value
    return torch.from_numpy(np.stack([prob, prob, prob]))


def _expected_box(x0, y0, x1, y1, ratio=1.5):
    # The contour runs through pixel centres: a (x1-x0) x (y1-y0) rectangle,
    # expanded by area * ratio / perimeter on every side.
    w, h = x1 - x0, y1 - y0
    d = w * h * ratio / (2 * (w + h))
    return [x0 - d, y0 - d, x1 + d, y0 - d, x1 + d, y1 + d, x0 - d, y1 + d]


def test_quads_recover_known_rectangles():
    kernels = [(20, 30, 120, 50), (150, 100, 280, 130), (40, 150, 90, 185)]
    post = build_postprocessor(dict(type='DBPostprocessor',
                                    text_repr_type='quad'))
    boundaries = post(_kernel_map(kernels))
    assert len(boundaries) == 3
    for kernel in kernels:
        expected = _expected_box(*kernel)
        best = max(boundaries, key=lambda b: _iou(b[:8], expected))
        assert len(best) == 9
        assert _iou(best[:8], expected) > 0.9
        assert best[8] == pytest.approx(0.9, abs=1e-4)


def test_poly_mode_returns_polygons_around_kernels():
    post = build_postprocessor(dict(type='DBPostprocessor',
                                    text_repr_type='poly'))
    boundaries = post(_kernel_map([(20, 30, 120, 50)]).numpy())
    assert len(boundaries) == 1
    poly = boundaries[0]
    assert len(poly) % 2 == 1 and len(poly) >= 9
    assert _iou(poly[:-1], _expected_box(20, 30, 120, 50)) > 0.9


@pytest.mark.parametrize('text_repr_type', ['quad', 'poly'])
def test_long_thin_lines_survive_contour_simplification(text_repr_type):
    # A 600 x 5 px kernel (a receipt line at test scale): 1% of its perimeter
    # (12 px) exceeds its height, which used to collapse the contour to a
    # segment and drop the line.
    kernel = (20, 40, 620, 45)
    post = build_postprocessor(dict(type='DBPostprocessor',
                                    text_repr_type=text_repr_type))
    boundaries = post(_kernel_map([kernel], shape=(100, 700)))
    assert len(boundaries) == 1
    assert _iou(boundaries[0][:-1], _expected_box(*kernel)) > 0.85


def test_square_kernels_get_their_own_unclip_ratio():
    # a 20x20 character kernel (aspect 1) and a 100x20 line (aspect 5)
    kernels = [(20, 30, 40, 50), (100, 100, 200, 120)]
    post = build_postprocessor(dict(
        type='DBPostprocessor', text_repr_type='quad', unclip_ratio=1.8,
        square_unclip_ratio=1.2))
    boundaries = post(_kernel_map(kernels))
    assert len(boundaries) == 2
    for kernel, ratio in zip(kernels, (1.2, 1.8)):
        expected = _expected_box(*kernel, ratio=ratio)
        assert max(_iou(b[:8], expected) for b in boundaries) > 0.97
    # with the aspect limit at 6, the line is near-square too
    wide = build_postprocessor(dict(
        type='DBPostprocessor', text_repr_type='quad', unclip_ratio=1.8,
        square_unclip_ratio=1.2, square_max_aspect=6))
    expected = _expected_box(*kernels[1], ratio=1.2)
    assert max(_iou(b[:8], expected) for b in wide(_kernel_map(kernels))) > 0.97


def test_filters_low_scores_narrow_boxes_and_candidates():
    post = build_postprocessor(dict(type='DBPostprocessor',
                                    text_repr_type='quad', mask_thr=0.3,
                                    min_text_score=0.5))
    assert post(_kernel_map([(20, 30, 120, 50)], value=0.4)) == []
    narrow = build_postprocessor(dict(type='DBPostprocessor',
                                      text_repr_type='quad',
                                      min_text_width=20))
    # 3 px high kernel -> about 7 px high quad after unclip
    assert narrow(_kernel_map([(20, 30, 120, 33)])) == []
    capped = build_postprocessor(dict(type='DBPostprocessor',
                                      max_candidates=2))
    kernels = [(10 + 60 * i, 20, 50 + 60 * i, 40) for i in range(4)]
    assert len(capped(_kernel_map(kernels))) == 2


def test_postprocessor_rejects_bad_input():
    post = build_postprocessor(dict(type='DBPostprocessor'))
    with pytest.raises(ValueError, match=r'\(C, H, W\)'):
        post(torch.rand(1, 3, 8, 8))
    with pytest.raises(ValueError, match='text_repr_type'):
        build_postprocessor(dict(type='DBPostprocessor', text_repr_type='x'))


def test_box_score_fast_is_mean_inside_polygon():
    bitmap = np.zeros((10, 10), np.float32)
    bitmap[2:5, 2:6] = 1.0  # 3 x 4 ones
    box = np.array([[2, 2], [7, 2], [7, 4], [2, 4]])
    # polygon covers columns 2..7 rows 2..4: 18 pixels, 12 of them ones
    assert box_score_fast(bitmap, box) == pytest.approx(12 / 18)
    assert box_score_fast(bitmap, np.array([[-5, -5], [3, -5], [3, 3],
                                            [-5, 3]])) == pytest.approx(
                                                4 / 16)


def test_unclip_square_hand_computed():
    square = np.array([[0, 0], [10, 0], [10, 10], [0, 10]])
    expanded = unclip(square, unclip_ratio=1.5)
    # distance = 100 * 1.5 / 40 = 3.75 on each side
    assert expanded.shape[1] == 2
    assert expanded[:, 0].min() == pytest.approx(-3.75, abs=1)
    assert expanded[:, 1].max() == pytest.approx(13.75, abs=1)
    assert unclip(np.array([[0, 0], [5, 5], [10, 10]])).shape == (0, 2)


def test_points2boundary_quad_and_poly():
    ys, xs = np.mgrid[10:20, 5:45]
    points = np.stack([xs.ravel(), ys.ravel()], axis=1)
    quad = points2boundary(points, 'quad', 0.8)
    assert len(quad) == 9 and quad[-1] == 0.8
    assert _iou(quad[:8], [5, 10, 44, 10, 44, 19, 5, 19]) > 0.99
    assert points2boundary(points, 'quad', min_width=20) is None
    poly = points2boundary(points, 'poly')
    assert len(poly) == 8
    assert sorted(set(poly[0::2])) == [5, 44]
    with pytest.raises(ValueError, match='text_score'):
        points2boundary(points, 'quad', 1.5)


def test_merge_line_gap_joins_the_words_of_a_line():
    # Two kernels 50 px apart on one line: each expands by 9.5 px (80 x 15
    # px, ratio 1.5), which leaves boxes 34 px high 31 px apart (0.9
    # heights); a third kernel on another line.
    kernels = [(20, 30, 100, 45), (150, 30, 230, 45), (20, 100, 100, 115)]
    plain = build_postprocessor(dict(type='DBPostprocessor',
                                     text_repr_type='quad'))
    assert len(plain(_kernel_map(kernels))) == 3
    merging = build_postprocessor(dict(type='DBPostprocessor',
                                       text_repr_type='quad',
                                       merge_line_gap=1.0))
    boundaries = merging(_kernel_map(kernels))
    assert len(boundaries) == 2
    line = max(boundaries, key=lambda b: np.ptp(b[0:8:2]))
    left, right = _expected_box(*kernels[0]), _expected_box(*kernels[1])
    assert min(line[0:8:2]) == pytest.approx(min(left[0::2]), abs=1)
    assert max(line[0:8:2]) == pytest.approx(max(right[0::2]), abs=1)
    tight = build_postprocessor(dict(type='DBPostprocessor',
                                     text_repr_type='quad',
                                     merge_line_gap=0.8))
    assert len(tight(_kernel_map(kernels))) == 3
    with pytest.raises(AssertionError, match='merge_line_gap'):
        build_postprocessor(dict(type='DBPostprocessor', merge_line_gap=-1))
