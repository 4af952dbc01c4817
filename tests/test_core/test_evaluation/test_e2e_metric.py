"""End-to-end line accuracy against hand-computed cases."""
import pytest

from mmocr.core.evaluation import eval_e2e_line_acc
from mmocr.core.evaluation.e2e_metric import (
    char_edits,
    match_e2e_lines,
    misread_kind,
    normalize_text,
)


def rect(x1, y1, x2, y2):
    return [x1, y1, x2, y1, x2, y2, x1, y2]


def test_perfect_match_any_order_and_formats():
    gts = [(rect(0, 0, 100, 20), 'TOTAL'), (rect(0, 30, 100, 50), '12.50')]
    preds = [dict(box=rect(0, 30, 100, 50), text='12.50'),
             dict(box=rect(0, 0, 100, 20), text='TOTAL')]
    res = eval_e2e_line_acc([preds], [gts])
    assert res == {'line_acc': 1.0, 'line_precision': 1.0, 'line_hmean': 1.0,
                   'det_recall': 1.0, 'det_precision': 1.0, 'det_hmean': 1.0,
                   '1-N.E.D': 1.0, 'num_gt': 2, 'num_pred': 2,
                   'num_matched': 2, 'num_correct': 2}


def test_wrong_text_counts_for_detection_only():
    res = eval_e2e_line_acc([[(rect(0, 0, 50, 10), 'T0TAL')]],
                            [[(rect(0, 0, 50, 10), 'TOTAL')]])
    assert res['line_acc'] == 0.0 and res['line_precision'] == 0.0
    assert res['line_hmean'] == 0.0
    assert res['det_recall'] == 1.0 and res['num_matched'] == 1
    # one substitution out of 5 characters
    assert res['1-N.E.D'] == 0.8


def test_case_and_space_normalisation():
    gts = [[(rect(0, 0, 50, 10), 'Total  12.50')]]
    preds = [[(rect(0, 0, 50, 10), 'TOTAL\t12.5 0')]]
    assert eval_e2e_line_acc(preds, gts)['line_acc'] == 1.0
    assert eval_e2e_line_acc(preds, gts, ignore_case=False)['line_acc'] == 0
    assert eval_e2e_line_acc(preds, gts, ignore_space=False)['line_acc'] == 0
    assert normalize_text(' Ab C\n') == 'abc'
    assert normalize_text('Straße', ignore_space=False) == 'strasse'


@pytest.mark.parametrize('x2, matched', [(4.9, 0), (5.0, 0), (5.1, 1)])
def test_iou_threshold_is_strict(x2, matched):
    # gt 10x10 (area 100); pred [0, x2] x [0, 10] inside it: IoU = x2 / 10
    res = eval_e2e_line_acc([[(rect(0, 0, x2, 10), 'a')]],
                            [[(rect(0, 0, 10, 10), 'a')]])
    assert res['num_matched'] == matched
    assert res['line_acc'] == matched


def test_duplicate_predictions_match_once_by_highest_iou():
    gt = [[(rect(0, 0, 100, 10), 'ABC')]]
    exact, inner = rect(0, 0, 100, 10), rect(0, 0, 90, 10)  # IoU 1 and 0.9
    res = eval_e2e_line_acc([[(inner, 'ABC'), (exact, 'ABC')]], gt)
    assert res['num_matched'] == 1 and res['num_correct'] == 1
    assert res['line_acc'] == 1.0 and res['line_precision'] == 0.5
    assert res['line_hmean'] == 0.6667  # 2 * 0.5 * 1 / 1.5
    assert res['det_precision'] == 0.5
    # the best-overlapping duplicate wins even when its text is wrong
    res = eval_e2e_line_acc([[(inner, 'ABC'), (exact, 'ABD')]], gt)
    assert res['num_correct'] == 0 and res['1-N.E.D'] == 0.6667


def test_greedy_one_to_one_assignment():
    # IoU (gt, pred): (0, 0) 8/12, (0, 1) 8.5/11.5, (1, 0) 6/14, (1, 1)
    # 9.5/10.5. Greedy takes (1, 1) first, then (0, 0); giving gt 0 its best
    # prediction (1) first would leave gt 1 unmatched.
    gts = [(rect(0, 0, 10, 10), 'a'), (rect(2, 0, 12, 10), 'b')]
    preds = [(rect(-2, 0, 8, 10), 'a'), (rect(1.5, 0, 11.5, 10), 'b')]
    match = match_e2e_lines(preds, gts)
    assert match.pairs == [(1, 1), (0, 0)]
    assert match.correct == [True, True]
    assert match.similarity == [1.0, 1.0]
    assert match.misread() == [] and match.missed() == []


def test_aggregation_over_images_and_misses():
    gts = [[(rect(0, 0, 10, 10), 'a'), (rect(20, 0, 30, 10), 'b')],
           [(rect(0, 0, 10, 10), 'c')]]
    preds = [[(rect(0, 0, 10, 10), 'A'), (rect(20, 0, 30, 10), 'x'),
              (rect(50, 50, 60, 60), 'extra')], []]
    res = eval_e2e_line_acc(preds, gts)
    assert (res['num_gt'], res['num_pred']) == (3, 3)
    assert res['line_acc'] == res['line_precision'] == 0.3333
    assert res['det_recall'] == res['det_precision'] == 0.6667
    assert res['1-N.E.D'] == 0.5  # pairs: 'a'/'a' (1) and 'b'/'x' (0)
    match = match_e2e_lines(preds[0], gts[0])
    assert match.misread() == [('b', 'x')]
    assert match_e2e_lines(preds[1], gts[1]).missed() == ['c']


def test_general_polygons():
    # a 6-point polygon: the rectangle [0, 10] x [0, 10] with a roof up to
    # y = -5 (area 125) vs the 4-point gt [0, 10] x [0, 10]: IoU 100 / 125
    roofed = [0, 0, 5, -5, 10, 0, 10, 10, 5, 10, 0, 10]
    match = match_e2e_lines([(roofed, 'ab')], [(rect(0, 0, 10, 10), 'ab')])
    assert match.pairs == [(0, 0)]
    assert eval_e2e_line_acc([[(roofed, 'ab')]],
                             [[(rect(0, 0, 10, 10), 'ab')]],
                             iou_thr=0.8)['num_matched'] == 0


def test_empty_inputs():
    res = eval_e2e_line_acc([[]], [[]])
    assert res['line_acc'] == 1.0 and res['line_precision'] == 1.0
    assert res['1-N.E.D'] == 0.0 and res['num_gt'] == 0
    res = eval_e2e_line_acc([[]], [[(rect(0, 0, 1, 1), 'a')]])
    assert res['line_acc'] == 0.0 and res['line_precision'] == 0.0


def test_bad_inputs_name_the_instance():
    gts = [[(rect(0, 0, 1, 1), 'a')]]
    with pytest.raises(KeyError, match=r'pred_results\[0\]\[0\]'):
        eval_e2e_line_acc([[dict(box=rect(0, 0, 1, 1))]], gts)
    with pytest.raises(TypeError, match=r'gt_infos\[0\]\[0\]'):
        eval_e2e_line_acc([[]], [[(rect(0, 0, 1, 1), 3)]])
    with pytest.raises(ValueError, match='differ in length'):
        eval_e2e_line_acc([[], []], gts)
    with pytest.raises(ValueError, match='image 0'):
        eval_e2e_line_acc([[([0, 0, 1, 1], 'a')]], gts)
    with pytest.raises(ValueError, match='iou_thr'):
        eval_e2e_line_acc([[]], gts, iou_thr=1.0)


@pytest.mark.parametrize('gt,pred,kind', [
    ('(RM)', 'RM)', 'edge_punctuation'),
    ('TOTAL:', 'Total', 'edge_punctuation'),
    ('TOTAL', 'T0TAL', 'substitution'),
    ('INV-0012', 'INV-012', 'missing'),
    ('12.00', '12.000', 'extra'),
    ('CASH 5.00', 'CASM5.0', 'other'),
])
def test_misread_kind(gt, pred, kind):
    assert misread_kind(gt, pred) == kind


def test_misread_kind_refuses_equal_lines():
    with pytest.raises(ValueError, match='read alike'):
        misread_kind('Total 5', 'TOTAL5')


def test_char_edits_ignore_case_and_spaces():
    assert char_edits('TOTAL 5.00', 't0tal 6.00') == [('O', '0'), ('5', '6')]
    assert char_edits('(RM)', 'RM') == [('(', ''), (')', '')]
    assert char_edits('AB', 'ABC') == [('', 'C')]
    assert char_edits('Ab', 'aB') == []
