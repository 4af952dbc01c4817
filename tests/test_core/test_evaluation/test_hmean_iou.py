import numpy as np
import pytest
from shapely.geometry import Polygon

from mmocr.core.evaluation import eval_hmean_iou
from mmocr.core.evaluation.utils import compute_hmean

UNIT = [0, 0, 1, 0, 1, 1, 0, 1]
HALF_SHIFTED = [0.5, 0, 1.5, 0, 1.5, 1, 0.5, 1]  # IoU with UNIT = 1/3


def square(x, y, s=1.0):
    return [x, y, x + s, y, x + s, y + s, x, y + s]


def reference_hmean_iou(preds, gts, ignored, iou_thr=0.5, precision_thr=0.5):
    """The ICDAR 2015 protocol as a plain per-pair loop (MMOCR's order)."""

    def poly(p):
        g = Polygon(np.asarray(p, float).reshape(-1, 2))
        return g if g.is_valid else g.buffer(0)

    total = np.zeros(3)
    for pred, gt, ign in zip(preds, gts, ignored):
        gt_polys = [poly(p) for p in gt + ign]
        pred_polys = [poly(p) for p in pred]
        pred_ign = set()
        for j, pp in enumerate(pred_polys):
            for ig in gt_polys[len(gt):]:
                if pp.area and pp.intersection(ig).area / pp.area > precision_thr:
                    pred_ign.add(j)
                    break
        gt_hit, pred_hit, hits = set(), set(), 0
        for i, gp in enumerate(gt_polys[:len(gt)]):
            for j, pp in enumerate(pred_polys):
                if i in gt_hit or j in pred_hit or j in pred_ign:
                    continue
                inter = pp.intersection(gp).area
                union = pp.area + gp.area - inter
                if union > 0 and inter / union > iou_thr:
                    gt_hit.add(i)
                    pred_hit.add(j)
                    hits += 1
        total += (len(gt), len(pred) - len(pred_ign), hits)
    return total


def test_half_overlap_is_iou_one_third():
    result, _ = eval_hmean_iou([[UNIT]], [[HALF_SHIFTED]], [[]])
    assert result['num_match'] == 0
    assert result['hmean'] == 0.0
    result, imgs = eval_hmean_iou([[UNIT]], [[HALF_SHIFTED]], [[]], iou_thr=0.33)
    assert result['num_match'] == 1
    assert imgs[0] == dict(num_gts=1, num_dets=1, num_match=1, recall=1.0,
                           precision=1.0, hmean=1.0)
    result, _ = eval_hmean_iou([[UNIT]], [[HALF_SHIFTED]], [[]], iou_thr=0.34)
    assert result['num_match'] == 0


def test_iou_equal_to_threshold_does_not_match():
    # unit square inside a 2x1 box: IoU exactly 0.5; MMOCR needs IoU > thr
    result, _ = eval_hmean_iou([[UNIT]], [[[0, 0, 2, 0, 2, 1, 0, 1]]], [[]])
    assert result['num_match'] == 0


def test_prediction_on_ignored_gt_is_discarded():
    ignored = square(10, 10, 2)
    on_ignored = [10.5, 10, 12.5, 10, 12.5, 12, 10.5, 12]  # 75% inside
    partly = [11.2, 10, 13.2, 10, 13.2, 12, 11.2, 12]  # 40% inside
    result, imgs = eval_hmean_iou([[UNIT, on_ignored, partly]], [[UNIT]],
                                  [[ignored]])
    # the second prediction is discarded, the third is a false positive
    assert imgs[0]['num_dets'] == 2
    assert result['num_gts'] == 1 and result['num_match'] == 1
    assert result['precision'] == pytest.approx(0.5)
    assert result['recall'] == 1.0
    assert result['hmean'] == pytest.approx(2 / 3)
    # a stricter precision_thr keeps it
    _, imgs = eval_hmean_iou([[on_ignored]], [[]], [[ignored]],
                             precision_thr=0.8)
    assert imgs[0]['num_dets'] == 1


def test_ignored_gt_never_matches():
    result, _ = eval_hmean_iou([[UNIT]], [[]], [[UNIT]], precision_thr=1.0)
    assert result['num_gts'] == 0 and result['num_dets'] == 1
    assert result['num_match'] == 0
    assert (result['recall'], result['precision']) == (1.0, 0.0)


def test_greedy_matching_follows_gt_then_prediction_order():
    gt0 = [0, 0, 10, 0, 10, 10, 0, 10]
    gt1 = [2, 0, 12, 0, 12, 10, 2, 10]
    pred0 = [1, 0, 11, 0, 11, 10, 1, 10]  # IoU 0.82 with both gts
    pred1 = [0, 0, 9, 0, 9, 10, 0, 10]  # IoU 0.9 with gt0, 0.58 with gt1
    result, _ = eval_hmean_iou([[pred0, pred1]], [[gt0, gt1]], [[]])
    assert result['num_match'] == 2  # gt0-pred0, gt1-pred1
    result, _ = eval_hmean_iou([[pred0, pred1]], [[gt0, gt1]], [[]],
                               iou_thr=0.6)
    # gt0 takes pred0 first (not its best pred1); gt1 then has nothing left
    assert result['num_match'] == 1


def test_dataset_counts_are_summed_not_averaged():
    result, imgs = eval_hmean_iou(
        [[UNIT], []], [[UNIT], [square(0, 0), square(3, 3), square(6, 6)]],
        [[], []])
    assert [r['recall'] for r in imgs] == [1.0, 0.0]
    assert result['recall'] == pytest.approx(0.25)  # 1 of 4, not mean 0.5
    assert result['precision'] == 1.0
    assert result['hmean'] == pytest.approx(0.4)


def test_empty_images_follow_mmocr_convention():
    result, imgs = eval_hmean_iou([[]], [[]], [[]])
    assert (result['recall'], result['precision'], result['hmean']) == (1.0,
                                                                        1.0,
                                                                        1.0)
    assert compute_hmean(0, 0, 3, 0) == (0.0, 0.0, 0.0)
    assert compute_hmean(0, 0, 0, 2) == (1.0, 0.0, 0.0)
    result, _ = eval_hmean_iou([], [], [])
    assert result['num_gts'] == 0


def test_self_intersecting_polygon_is_repaired():
    bowtie = [0, 0, 2, 2, 2, 0, 0, 2]  # buffer(0) keeps the right triangle
    triangle = [1, 1, 2, 0, 2, 2]
    result, _ = eval_hmean_iou([[bowtie]], [[triangle]], [[]])
    assert result['num_match'] == 1


def test_bad_input_errors_name_the_image():
    with pytest.raises(ValueError, match='differ in length'):
        eval_hmean_iou([[]], [[], []], [[], []])
    with pytest.raises(ValueError, match='image 1: prediction'):
        eval_hmean_iou([[], [[0, 0, 1, 1]]], [[], []], [[], []])
    with pytest.raises(TypeError, match='pred_boxes'):
        eval_hmean_iou(np.zeros((1, 1, 8)), [[]], [[]])


def random_image(rng, num_gts=8):
    """Rotated rectangles, predictions jittered from them, a few quads."""
    gts, preds = [], []
    for _ in range(num_gts):
        cx, cy = rng.uniform(0, 100, 2)
        w, h = rng.uniform(5, 30), rng.uniform(3, 10)
        for target, noise in ((gts, 0.0), (preds, 4.0)):
            ang = rng.uniform(-0.4, 0.4) + (0 if noise == 0 else 0.1)
            c, s = np.cos(ang), np.sin(ang)
            corners = np.array([[-w, -h], [w, -h], [w, h], [-w, h]]) / 2
            pts = corners @ np.array([[c, s], [-s, c]]) + [cx, cy]
            pts += rng.normal(0, noise, pts.shape)
            target.append(pts.reshape(-1).tolist())
    ignored = [gts.pop()] if rng.random() < 0.5 else []
    return preds, gts, ignored


def test_matches_reference_loop_on_random_images():
    rng = np.random.default_rng(0)
    data = [random_image(rng) for _ in range(15)]
    preds, gts, ignored = (list(x) for x in zip(*data))
    for iou_thr in (0.3, 0.5, 0.7):
        result, _ = eval_hmean_iou(preds, gts, ignored, iou_thr=iou_thr)
        expected = reference_hmean_iou(preds, gts, ignored, iou_thr=iou_thr)
        assert (result['num_gts'], result['num_dets'],
                result['num_match']) == tuple(expected)
    assert 0 < result['num_match'] < result['num_gts']
