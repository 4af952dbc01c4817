"""poly_nms and fill_hole (mmocr.models.textdet.postprocess.utils, MMOCR
0.x's path) on hand-made polygons and masks."""
from __future__ import annotations

import numpy as np
import pytest

from mmocr.models.textdet.postprocess.utils import fill_hole, poly_nms


def _square(x, y, side, score):
    return [x, y, x + side, y, x + side, y + side, x, y + side, score]


def test_poly_nms_keeps_the_best_of_overlapping_polygons():
    a = _square(0, 0, 10, 0.9)
    # IoU(a, b) = 50 / 150 = 1/3; IoU(a, c) = 0; IoU(b, d) = 80 / 100
    b = _square(5, 0, 10, 0.8)
    c = _square(100, 100, 4, 0.7)
    d = [7, 0, 15, 0, 15, 10, 7, 10, 0.95]
    assert poly_nms([a, b, c], 0.5) == [a, b, c]
    assert poly_nms([a, b, c], 0.3) == [a, c]
    # d (best) removes b (IoU 0.8); a (IoU 30 / 150 with d) stays.
    assert poly_nms([a, b, c, d], 0.5) == [d, a, c]
    assert poly_nms([], 0.5) == []


def test_poly_nms_ties_polygon_lengths_and_bad_input():
    a = _square(0, 0, 10, 0.5)
    same = _square(0, 0, 10, 0.5)
    same[0] = 0.0  # equal geometry and score: the later one is kept
    kept = poly_nms([a, same], 0.5)
    assert len(kept) == 1 and kept[0] is not a and kept[0] == same
    # a pentagon and a quad in one call
    pent = [0, 0, 10, 0, 10, 10, 5, 12, 0, 10, 0.9]
    assert poly_nms([pent, _square(1, 1, 8, 0.3)], 0.5) == [pent]
    # degenerate polygons of zero area count as IoU 1 with each other
    line = [0, 0, 5, 0, 10, 0, 0.4]
    assert poly_nms([line, [0, 0, 5, 0, 10, 0, 0.3]], 0.5) == [line]
    with pytest.raises(ValueError, match=r'polygons\[1\]'):
        poly_nms([a, [0, 0, 1, 1]], 0.5)
    with pytest.raises(TypeError, match='list'):
        poly_nms(np.zeros((2, 9)), 0.5)


def test_fill_hole():
    mask = np.zeros((8, 9), np.uint8)
    mask[1:6, 1:6] = 1
    mask[2:5, 2:5] = 0  # a 3x3 hole
    mask[0:3, 7] = 1  # a bar touching the border: nothing to fill
    filled = fill_hole(mask)
    assert filled.dtype == bool
    expected = mask.astype(bool)
    expected[2:5, 2:5] = True
    np.testing.assert_array_equal(filled, expected)
    # background reaching the border stays background
    ring = np.ones((5, 5), bool)
    ring[2, 2:] = False
    np.testing.assert_array_equal(fill_hole(ring), ring)
    with pytest.raises(ValueError, match=r'\(H, W\)'):
        fill_hole(np.zeros((2, 2, 2)))
