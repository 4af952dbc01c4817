import numpy as np
import pytest
from shapely.geometry import Polygon

from mmocr.core.evaluation import eval_hmean_ic13

GT = [0, 0, 10, 0, 10, 10, 0, 10]


def box(x1, y1, x2, y2):
    return [x1, y1, x2, y1, x2, y2, x1, y2]


def reference_ic13(dets, gts, ignored, precision_thr=0.4, recall_thr=0.8,
                   center_dist_thr=1.0, s11=1.0, s1m=0.8, sm1=1.0):
    """DetEval as MMOCR writes it: plain loops over shapely pairs."""

    def poly(p):
        g = Polygon(np.asarray(p, float).reshape(-1, 2))
        return g if g.is_valid else g.buffer(0)

    def center(p):
        return np.asarray(p, float).reshape(-1, 2).mean(0)

    def diag(p):
        pts = np.asarray(p, float).reshape(-1, 2)
        return np.linalg.norm(pts[0] - pts[2])

    totals = np.zeros(4)
    for det, gt, ign in zip(dets, gts, ignored):
        points = gt + ign
        gps, dps = [poly(p) for p in points], [poly(p) for p in det]
        g_ign = set(range(len(gt), len(points)))
        d_ign = {j for j, d in enumerate(dps) for i in g_ign
                 if d.area and d.intersection(gps[i]).area / d.area >
                 precision_thr}
        rec = np.zeros((len(gps), len(dps)))
        prec = np.zeros_like(rec)
        for i, g in enumerate(gps):
            for j, d in enumerate(dps):
                inter = d.intersection(g).area
                rec[i, j] = inter / g.area if g.area else 0
                prec[i, j] = inter / d.area if d.area else 0
        strict = (rec > recall_thr) & (prec > precision_thr)
        g_hit, d_hit = [0] * len(gps), [0] * len(dps)
        acc_r = acc_p = 0.0
        for i in range(len(gps)):
            for j in range(len(dps)):
                if g_hit[i] or d_hit[j] or i in g_ign or j in d_ign:
                    continue
                if (strict[i].sum() == 1 and strict[:, j].sum() == 1
                        and strict[i, j]):
                    dist = np.linalg.norm(center(det[j]) - center(points[i]))
                    if 2 * dist / (diag(det[j]) + diag(points[i])) < \
                            center_dist_thr:
                        g_hit[i] = d_hit[j] = 1
                        acc_r += s11
                        acc_p += s11
        for i in range(len(gps)):
            if i in g_ign or g_hit[i]:
                continue
            js = [j for j in range(len(dps)) if not d_hit[j] and j not in d_ign
                  and prec[i, j] >= precision_thr]
            if sum(rec[i, j] for j in js) >= recall_thr:
                g_hit[i] = 1
                for j in js:
                    d_hit[j] = 1
                acc_r += s1m
                acc_p += s1m * len(js)
        for j in range(len(dps)):
            if j in d_ign or d_hit[j]:
                continue
            is_ = [i for i in range(len(gps)) if not g_hit[i] and i not in g_ign
                   and rec[i, j] >= recall_thr]
            if sum(prec[i, j] for i in is_) >= precision_thr:
                d_hit[j] = 1
                for i in is_:
                    g_hit[i] = 1
                acc_r += sm1 * len(is_)
                acc_p += sm1
        totals += (len(gt), len(det) - len(d_ign), acc_r, acc_p)
    return totals


def test_one_to_one():
    result, imgs = eval_hmean_ic13([[GT]], [[GT]], [[]])
    assert (result['recall'], result['precision'], result['hmean']) == (1.0,
                                                                        1.0,
                                                                        1.0)
    assert imgs[0]['num_recall'] == 1.0


def test_gt_split_in_two_is_one_to_many_with_score_08():
    left, right = box(0, 0, 5, 10), box(5, 0, 10, 10)
    result, _ = eval_hmean_ic13([[left, right]], [[GT]], [[]])
    assert result['num_recall'] == pytest.approx(0.8)
    assert result['num_precision'] == pytest.approx(1.6)
    assert result['recall'] == pytest.approx(0.8)
    assert result['precision'] == pytest.approx(0.8)
    assert result['hmean'] == pytest.approx(0.8)
    _, imgs = eval_hmean_ic13([[left, right]], [[GT]], [[]],
                              one2many_score=0.5)
    assert imgs[0]['recall'] == pytest.approx(0.5)


def test_three_gts_merged_in_one_det_is_many_to_one():
    thirds = [box(0, 0, 10, 10), box(10, 0, 20, 10), box(20, 0, 30, 10)]
    det = box(0, 0, 30, 10)  # each gt: recall 1, precision 1/3 < 0.4
    result, _ = eval_hmean_ic13([[det]], [thirds], [[]])
    assert result['num_recall'] == pytest.approx(3.0)
    assert result['num_precision'] == pytest.approx(1.0)
    assert result['hmean'] == pytest.approx(1.0)


def test_two_gts_in_one_det_match_one_to_many_first_as_mmocr():
    # each half has precision 0.5 >= 0.4, so the first gt takes the det in
    # the one-to-many pass before the many-to-one pass runs
    halves = [box(0, 0, 5, 10), box(5, 0, 10, 10)]
    result, _ = eval_hmean_ic13([[GT]], [halves], [[]])
    assert result['num_recall'] == pytest.approx(0.8)
    assert result['recall'] == pytest.approx(0.4)
    assert result['precision'] == pytest.approx(0.8)


def test_center_distance_criterion():
    det = box(0, 0, 24, 10)  # recall 1, precision 0.417
    # centres 7 apart, diagonals 14.1 and 26: normalised distance 0.35
    result, _ = eval_hmean_ic13([[det]], [[GT]], [[]])
    assert result['num_recall'] == 1.0
    result, _ = eval_hmean_ic13([[det]], [[GT]], [[]], center_dist_thr=0.3)
    # falls back to the one-to-many pass with a single detection
    assert result['num_recall'] == pytest.approx(0.8)


def test_non_quad_polygons_use_bbox_diagonal():
    hexagon = [0, 0, 5, 0, 10, 0, 10, 10, 5, 10, 0, 10]
    result, _ = eval_hmean_ic13([[hexagon]], [[hexagon]], [[]])
    assert result['hmean'] == 1.0


def test_detection_on_ignored_gt_is_discarded():
    ignored = box(20, 0, 30, 10)
    det_on_ignored = box(21, 0, 31, 10)  # 90% inside the ignored gt
    result, imgs = eval_hmean_ic13([[GT, det_on_ignored]], [[GT]], [[ignored]])
    assert imgs[0]['num_dets'] == 1
    assert (result['recall'], result['precision']) == (1.0, 1.0)


def test_no_gt_no_det():
    result, _ = eval_hmean_ic13([[]], [[]], [[]])
    assert result['hmean'] == 1.0
    result, _ = eval_hmean_ic13([[GT]], [[]], [[]])
    assert (result['recall'], result['precision']) == (1.0, 0.0)


def test_bad_input():
    with pytest.raises(ValueError, match='differ in length'):
        eval_hmean_ic13([[]], [], [[]])
    with pytest.raises(ValueError, match='image 0: ground truth'):
        eval_hmean_ic13([[]], [[[1, 2, 3]]], [[]])


def test_matches_reference_loop_on_random_images():
    rng = np.random.default_rng(1)
    dets, gts, ignored = [], [], []
    for _ in range(15):
        gt = [box(x, y, x + w, y + 8) for x, y, w in zip(
            rng.uniform(0, 80, 6), rng.uniform(0, 80, 6), rng.uniform(8, 30, 6))]
        det = []
        for g in gt:
            x1, y1, x2, y2 = g[0], g[1], g[4], g[5]
            kind = rng.integers(3)
            if kind == 0:  # jittered box
                det.append(box(*(np.array([x1, y1, x2, y2]) +
                                 rng.normal(0, 2, 4))))
            elif kind == 1:  # split in two
                mid = (x1 + x2) / 2 + rng.normal(0, 1)
                det += [box(x1, y1, mid, y2), box(mid, y1, x2, y2)]
            else:  # rotated quad
                pts = np.array(g, float).reshape(4, 2)
                pts += rng.normal(0, 1.5, pts.shape)
                det.append(pts.reshape(-1).tolist())
        dets.append(det)
        ignored.append([gt.pop()] if rng.random() < 0.4 else [])
        gts.append(gt)
    result, _ = eval_hmean_ic13(dets, gts, ignored)
    expected = reference_ic13(dets, gts, ignored)
    got = (result['num_gts'], result['num_dets'], result['num_recall'],
           result['num_precision'])
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-9)
    assert 0 < result['hmean'] < 1
