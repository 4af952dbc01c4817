import pytest

from mmocr.core.evaluation import eval_ocr_metric
from mmocr.core.evaluation.ocr_metric import cal_true_positive_char


def test_all_metrics_hand_computed():
    preds = ['hello', 'World!', 'ab']
    gts = ['hello', 'world', 'abc']
    res = eval_ocr_metric(preds, gts)
    assert list(res) == ['char_recall', 'char_precision', 'word_acc',
                         'word_acc_ignore_case',
                         'word_acc_ignore_case_symbol', '1-N.E.D']
    # chars (lowercased, symbols removed): gt 5+5+3, pred 5+5+2, matched 12
    assert res['char_recall'] == round(12 / 13, 4) == 0.9231
    assert res['char_precision'] == 1.0
    assert res['word_acc'] == 0.3333
    assert res['word_acc_ignore_case'] == 0.3333  # 'world!' != 'world'
    assert res['word_acc_ignore_case_symbol'] == 0.6667
    # normalised edit distances 0, 0, 1/3 -> mean 1/9
    assert res['1-N.E.D'] == 0.8889
    assert eval_ocr_metric(preds, gts, metric=['acc']) == res


def test_metric_subset_and_ned_normalisation():
    res = eval_ocr_metric(['abcd', ''], ['ab', ''],
                          metric=['word_acc', 'one_minus_ned'])
    assert set(res) == {'word_acc', '1-N.E.D'}
    # 'abcd' vs 'ab': distance 2 / max(4, 2); '' vs '': 0 / max(1, 0, 0)
    assert res['1-N.E.D'] == 0.75
    assert res['word_acc'] == 0.5
    assert eval_ocr_metric(['x'], ['y'], metric='char_recall') == {
        'char_recall': 0.0}


def test_case_symbols_and_cjk():
    res = eval_ocr_metric(['Hello-World', '中文。'], ['HELLO world', '中文'])
    assert res['word_acc_ignore_case'] == 0.0
    assert res['word_acc_ignore_case_symbol'] == 1.0  # CJK kept, '。' dropped
    assert res['char_recall'] == 1.0


def test_true_positive_chars():
    assert cal_true_positive_char('abc', 'abc') == 3
    assert cal_true_positive_char('axbyc', 'abc') == 3
    assert cal_true_positive_char('', 'abc') == 0
    assert cal_true_positive_char('cab', 'abc') == 2


def test_empty_input_and_errors():
    res = eval_ocr_metric([], [])
    assert res['word_acc'] == 0.0 and res['1-N.E.D'] == 1.0
    with pytest.raises(KeyError, match='word_accuracy'):
        eval_ocr_metric(['a'], ['a'], metric='word_accuracy')
    with pytest.raises(ValueError, match='1 predictions but 2'):
        eval_ocr_metric(['a'], ['a', 'b'])
    with pytest.raises(TypeError, match=r'gt_texts\[1\]'):
        eval_ocr_metric(['a', 'b'], ['a', 3])


def test_line_acc_is_whole_line_exact_match():
    preds = ['价格：12元', ' 价格 12元 ', '价格，12元', 'ABC  def', 'abc def']
    gts = ['价格：12元', '价格 12元', '价格：12元', 'ABC def', 'ABC def']
    res = eval_ocr_metric(preds, gts, metric='line_acc')
    # ends and inner runs of whitespace aside, case and punctuation count
    assert res == {'line_acc': 0.6}
    both = eval_ocr_metric(preds, gts, metric=['acc', 'line_acc'])
    assert list(both)[-1] == 'line_acc' and len(both) == 7
    assert 'line_acc' not in eval_ocr_metric(preds, gts)  # 0.x's 'acc' set
    with pytest.raises(KeyError, match="'line_acc'"):
        eval_ocr_metric(preds, gts, metric='line_accuracy')
