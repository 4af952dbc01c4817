"""MMOCR 0.x's polygon helpers at mmocr.core.evaluation.utils."""
import numpy as np
import pytest
import shapely

from mmocr.core.evaluation import utils
from mmocr.core.evaluation.hmean_ic13 import compute_recall_precision
from mmocr.utils import polygon_utils


def test_points2polygon_and_the_0x_helpers():
    square = utils.points2polygon([0, 0, 2, 0, 2, 2, 0, 2])
    assert isinstance(square, shapely.Polygon) and square.area == 4
    shifted = utils.points2polygon([1, 0, 3, 0, 3, 2, 1, 2])
    assert utils.poly_intersection(square, shifted) == 2
    area, inter = utils.poly_intersection(square, shifted, return_poly=True)
    assert area == 2 and inter.area == 2
    assert utils.poly_union(square, shifted) == 6
    assert utils.poly_iou(square, shifted) == pytest.approx(1 / 3)
    assert utils.boundary_iou([0, 0, 2, 0, 2, 2, 0, 2],
                              [1, 0, 3, 0, 3, 2, 1, 2]) == pytest.approx(1 / 3)
    # a bow tie is repaired (buffer(0)), or invalid_ret is returned
    bowtie = utils.points2polygon([0, 0, 2, 2, 2, 0, 0, 2])
    assert not bowtie.is_valid and utils.poly_make_valid(bowtie).is_valid
    assert utils.poly_intersection(bowtie, square, invalid_ret=-1) == -1
    # buffer(0) keeps one lobe of the bow tie (area 1), as in MMOCR 0.x
    assert utils.poly_intersection(bowtie, square) == pytest.approx(1)
    # one home: the same functions as mmocr.utils.polygon_utils
    assert utils.poly_iou is polygon_utils.poly_iou
    with pytest.raises(AssertionError, match='>= 8'):
        utils.points2polygon([0, 0, 1, 0, 1, 1])
    with pytest.raises(ValueError, match='even'):
        utils.points2polygon([0, 0, 1, 0, 1, 1, 0, 1, 5])


def box(x1, y1, x2, y2):
    return [x1, y1, x2, y1, x2, y2, x1, y2]


def test_box_and_point_helpers():
    rect = utils.box2polygon([1, 2, 4, 6])
    assert rect.area == 12 and rect.bounds == (1, 2, 4, 6)
    assert utils.point_distance(np.array([0, 0]), np.array([3, 4])) == 5
    assert utils.box_center_distance(np.array(box(0, 0, 2, 2)),
                                     np.array(box(3, 4, 5, 6))) == 5
    assert utils.box_diag(np.array(box(0, 0, 6, 8))) == 10
    with pytest.raises(AssertionError, match='x1, y1, x2, y2'):
        utils.box2polygon([0, 0, 1])
    with pytest.raises(AssertionError, match='2 coordinates'):
        utils.point_distance(np.zeros(3), np.zeros(2))


def test_score_filters():
    res = np.arange(8).reshape(4, 2)
    kept, scores = utils.filter_result(res, np.array([.1, .5, .9, .5]), 0.5)
    np.testing.assert_array_equal(kept, [[4, 5]])  # strictly above
    np.testing.assert_array_equal(scores, [.9])
    assert utils.filter_2dlist_result([[1], [2]], [.2, .8], 0.5) == (
        [[2]], [.8])
    # >= thr per image; an image without scores keeps its boxes (0.x)
    assert utils.select_top_boundary([[[1], [2]], [[3]]], [[.5, .4], []],
                                     0.5) == [[[1]], [[3]]]
    sel = utils.select_bboxes_via_score([np.ones((3, 8)), np.zeros((1, 8))],
                                        [[.9, .1, .6], []], 0.5)
    assert [s.shape for s in sel] == [(2, 8), (1, 8)]
    with pytest.raises(AssertionError, match='score_thr'):
        utils.filter_result(res, np.ones(4), 1.5)
    with pytest.raises(AssertionError, match='image 0'):
        utils.select_top_boundary([[[1]]], [[.1, .2]], 0.5)


def test_ignore_pred():
    gts = [utils.points2polygon(box(0, 0, 10, 10)),
           utils.points2polygon(box(20, 0, 30, 10))]
    preds = [box(0, 0, 10, 10), box(21, 0, 31, 10), box(25, 0, 45, 10)]
    # pred 1 lies 90% on the ignored gt 1, pred 2 only 25% (< 0.5)
    polys, points, ignored = utils.ignore_pred(preds, [1], gts, 0.5)
    assert ignored == [1]
    assert points == preds and [p.area for p in polys] == [100, 100, 200]
    assert utils.ignore_pred(preds, [], gts, 0.5)[2] == []
    assert utils.ignore_pred(preds, [1], gts, 0.2)[2] == [1, 2]
    with pytest.raises(AssertionError, match='pred_boxes'):
        utils.ignore_pred((), [], gts, 0.5)


# ICDAR 2013 DetEval (Wolf & Jolion): area recall r = |g & d| / |g|,
# area precision p = |g & d| / |d|; tr = 0.8, tp = 0.4 below.
RECALL = np.array([[0.9, 0.0, 0.5],
                   [0.0, 0.95, 0.45],
                   [0.85, 0.0, 0.0]])
PRECISION = np.array([[0.9, 0.0, 0.6],
                      [0.0, 0.3, 0.5],
                      [0.5, 0.0, 0.0]])


def test_one2one_match_ic13():
    # gt 0 / det 0 pass both strictly; gt 2 also passes with det 0, so the
    # column is not unique: no one-to-one match for either
    assert not utils.one2one_match_ic13(0, 0, RECALL, PRECISION, 0.8, 0.4)
    unique = PRECISION.copy()
    unique[2, 0] = 0.3
    assert utils.one2one_match_ic13(0, 0, RECALL, unique, 0.8, 0.4)
    assert not utils.one2one_match_ic13(1, 1, RECALL, unique, 0.8, 0.4)
    with pytest.raises(AssertionError, match='recall_thr'):
        utils.one2one_match_ic13(0, 0, RECALL, unique, 1.8, 0.4)


def test_one2many_match_ic13():
    # gt 1: dets with p >= 0.4 are det 2 only (r 0.45 < 0.8) -> no match
    assert utils.one2many_match_ic13(1, RECALL, PRECISION, 0.8, 0.4,
                                     [0, 0, 0], [0, 0, 0], []) == (False, [])
    # gt 0: dets 0 (p .9) and 2 (p .6) cover r = 0.9 + 0.5 >= 0.8
    assert utils.one2many_match_ic13(0, RECALL, PRECISION, 0.8, 0.4,
                                     [0, 0, 0], [0, 0, 0], []) == (True, [0, 2])
    # det 0 taken or ignored: 0.5 alone is not enough
    assert utils.one2many_match_ic13(0, RECALL, PRECISION, 0.8, 0.4,
                                     [0, 0, 0], [1, 0, 0], [])[0] is False
    assert utils.one2many_match_ic13(0, RECALL, PRECISION, 0.8, 0.4,
                                     [0, 0, 0], [0, 0, 0], [0])[0] is False
    # a matched gt is not matched again
    assert utils.one2many_match_ic13(0, RECALL, PRECISION, 0.8, 0.4,
                                     [1, 0, 0], [0, 0, 0], [])[0] is False


def test_many2one_match_ic13():
    # det 0: gts with r >= 0.8 are 0 and 2, precisions 0.9 + 0.5 >= 0.4
    assert utils.many2one_match_ic13(0, RECALL, PRECISION, 0.8, 0.4,
                                     [0, 0, 0], [0, 0, 0], []) == (True, [0, 2])
    # det 1: gt 1 (r .95) has p 0.3 < 0.4
    assert utils.many2one_match_ic13(1, RECALL, PRECISION, 0.8, 0.4,
                                     [0, 0, 0], [0, 0, 0], []) == (False, [])
    assert utils.many2one_match_ic13(0, RECALL, PRECISION, 0.8, 0.4,
                                     [0, 0, 0], [0, 0, 0], [0, 2]) == (
                                         False, [])


def test_compute_recall_precision():
    gts = [utils.points2polygon(box(0, 0, 10, 10))]
    preds = [utils.points2polygon(box(5, 0, 15, 10)),
             utils.points2polygon(box(0, 0, 20, 10)),
             utils.points2polygon(box(50, 50, 60, 60))]
    recall, precision = compute_recall_precision(gts, preds)
    np.testing.assert_allclose(recall, [[0.5, 1.0, 0.0]])
    np.testing.assert_allclose(precision, [[0.5, 0.5, 0.0]])
    assert compute_recall_precision([], preds)[0].shape == (0, 3)
