"""Text recognition metrics: word accuracy, character recall/precision,
1 - normalised edit distance (ICDAR 2019 ArT) and line accuracy."""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Sequence

from rapidfuzz.distance import Levenshtein

from mmocr.utils.errors import InvalidTypeError, InvalidValueError

__all__ = ['eval_ocr_metric', 'count_matches', 'cal_true_positive_char',
           'line_accuracy']

# In MMOCR's output order.
SUPPORTED_METRICS = ('char_recall', 'char_precision', 'word_acc',
                     'word_acc_ignore_case', 'word_acc_ignore_case_symbol',
                     'one_minus_ned')
#: Metrics asked for by name only (``'acc'`` gives MMOCR 0.x's six).
EXTRA_METRICS = ('line_acc', )
# Everything but ASCII letters, digits and CJK ideographs is a "symbol".
_SYMBOLS = re.compile('[^A-Za-z0-9\u4e00-\u9fa5]')
_EPS = 1e-8


def cal_true_positive_char(pred: str, gt: str) -> int:
    """Number of gt characters matched by ``pred``: the total length of the
    'equal' blocks of ``difflib.SequenceMatcher(None, pred, gt)``, as MMOCR
    counts them (usually the longest common subsequence length)."""
    matcher = SequenceMatcher(None, pred, gt)
    return sum(block.size for block in matcher.get_matching_blocks())


def count_matches(pred_texts: Sequence[str],
                  gt_texts: Sequence[str]) -> dict[str, float]:
    """Word/char match counts and mean normalised edit distance.

    Character counts and the edit distance use the lowercased strings with
    symbols removed.
    """
    counts = dict(gt_char_num=0, pred_char_num=0, true_positive_char_num=0,
                  gt_word_num=0, match_word_num=0, match_word_ignore_case=0,
                  match_word_ignore_case_symbol=0)
    norm_ed_sum = 0.0
    for pred, gt in zip(pred_texts, gt_texts):
        counts['gt_word_num'] += 1
        counts['match_word_num'] += int(pred == gt)
        pred_lower, gt_lower = pred.lower(), gt.lower()
        counts['match_word_ignore_case'] += int(pred_lower == gt_lower)
        pred_clean = _SYMBOLS.sub('', pred_lower)
        gt_clean = _SYMBOLS.sub('', gt_lower)
        counts['match_word_ignore_case_symbol'] += int(pred_clean == gt_clean)
        norm_ed_sum += Levenshtein.distance(pred_clean, gt_clean) / max(
            1, len(gt_clean), len(pred_clean))
        counts['gt_char_num'] += len(gt_clean)
        counts['pred_char_num'] += len(pred_clean)
        counts['true_positive_char_num'] += cal_true_positive_char(
            pred_clean, gt_clean)
    counts['ned'] = norm_ed_sum / max(1, len(gt_texts))
    return counts


def _parse_metrics(metric: str | Sequence[str]) -> set[str]:
    names = {metric} if isinstance(metric, str) else set(metric)
    if 'acc' in names:
        names = (names - {'acc'}) | set(SUPPORTED_METRICS)
    unknown = names - set(SUPPORTED_METRICS) - set(EXTRA_METRICS)
    if unknown:
        raise KeyError(f'unsupported recognition metrics {sorted(unknown)}; '
                       "choose 'acc' or any of "
                       f'{list(SUPPORTED_METRICS + EXTRA_METRICS)}')
    return names


def _line(text: str) -> str:
    """``text`` stripped, each run of whitespace made one space."""
    return ' '.join(text.split())


def line_accuracy(pred_texts: Sequence[str], gt_texts: Sequence[str]) -> float:
    """Share of whole text lines read exactly (the ModelScope card's "Line
    Accuracy"): case, symbols and CJK punctuation count; only the
    whitespace at the ends and the length of inner runs of it do not."""
    hits = sum(_line(p) == _line(g) for p, g in zip(pred_texts, gt_texts))
    return hits / (_EPS + len(gt_texts))


def eval_ocr_metric(pred_texts: list[str], gt_texts: list[str],
                    metric: str | Sequence[str] = 'acc') -> dict[str, float]:
    """Evaluate text recognition.

    Args:
        pred_texts (list[str]): Predicted strings.
        gt_texts (list[str]): Ground truth strings.
        metric (str | list[str]): ``'acc'`` for all, or any of
            ``word_acc``, ``word_acc_ignore_case``,
            ``word_acc_ignore_case_symbol``, ``char_recall``,
            ``char_precision``, ``one_minus_ned``, and ``line_acc``
            (:func:`line_accuracy`; only when named: ``['acc',
            'line_acc']`` gives all seven).

    Returns:
        dict[str, float]: The requested entries of ``word_acc``,
        ``word_acc_ignore_case``, ``word_acc_ignore_case_symbol`` (the
        academic default), ``char_recall``, ``char_precision`` (both on
        lowercased, symbol-free text), ``1-N.E.D`` and ``line_acc``,
        rounded to 4 decimals.
    """
    if not isinstance(pred_texts, (list, tuple)) or not isinstance(
            gt_texts, (list, tuple)):
        raise InvalidTypeError('pred_texts and gt_texts must be lists of str')
    if len(pred_texts) != len(gt_texts):
        raise InvalidValueError(f'{len(pred_texts)} predictions but {len(gt_texts)} '
                                'ground truths')
    for name, texts in (('pred_texts', pred_texts), ('gt_texts', gt_texts)):
        for i, text in enumerate(texts):
            if not isinstance(text, str):
                raise InvalidTypeError(f'{name}[{i}] must be a str, got '
                                       f'{type(text).__name__}: {text!r}')
    names = _parse_metrics(metric)
    counts = count_matches(pred_texts, gt_texts)
    words = _EPS + counts['gt_word_num']
    values = {
        'char_recall': counts['true_positive_char_num'] /
        (_EPS + counts['gt_char_num']),
        'char_precision': counts['true_positive_char_num'] /
        (_EPS + counts['pred_char_num']),
        'word_acc': counts['match_word_num'] / words,
        'word_acc_ignore_case': counts['match_word_ignore_case'] / words,
        'word_acc_ignore_case_symbol':
        counts['match_word_ignore_case_symbol'] / words,
        'one_minus_ned': 1.0 - counts['ned'],
    }
    eval_res = {}
    if 'line_acc' in names:
        values['line_acc'] = line_accuracy(pred_texts, gt_texts)
    for name in SUPPORTED_METRICS + EXTRA_METRICS:
        if name in names:
            key = '1-N.E.D' if name == 'one_minus_ned' else name
            eval_res[key] = round(float(values[name]), 4)
    return eval_res
