"""End-to-end (detection + recognition) line accuracy of document OCR.

Per image, predictions (boxes with texts) are matched one-to-one to the
ground-truth lines by polygon IoU: the candidate pairs with ``IoU >
iou_thr`` are taken greedily from the highest IoU down, each prediction and
each ground truth at most once. A ground-truth line is *read correctly*
when its matched prediction's text equals its transcript after
normalisation (case folded and all whitespace removed by default).

Instances, for predictions and ground truths alike, are either dicts with
``box`` (flat polygon ``[x1, y1, ..., xn, yn]``) and ``text`` keys (as in
``MMOCR.readtext(..., details=True)[i]['result']``) or ``(box, text)``
pairs (as returned by :func:`mmocr.datasets.utils.sroie.read_sroie_boxes`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
from rapidfuzz.distance import Levenshtein

from mmocr.utils.errors import InvalidTypeError, InvalidValueError

from .utils import check_box_lists, compute_hmean, image_geometry

__all__ = ['normalize_text', 'E2EImageMatch', 'match_e2e_lines',
           'summarize_e2e_matches', 'eval_e2e_line_acc', 'misread_kind',
           'char_edits']

#: The kinds of :func:`misread_kind`, in the order reports list them.
MISREAD_KINDS = ('edge_punctuation', 'substitution', 'missing', 'extra',
                 'other')


def normalize_text(text: str, ignore_case: bool = True,
                   ignore_space: bool = True) -> str:
    """``text`` case folded (``ignore_case``) and without any whitespace
    (``ignore_space``)."""
    if ignore_case:
        text = text.casefold()
    if ignore_space:
        text = ''.join(text.split())
    return text


def _strip_edges(text: str) -> str:
    """``text`` without leading and trailing characters that are neither
    letters nor digits."""
    start, end = 0, len(text)
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return text[start:end]


def misread_kind(gt: str, pred: str) -> str:
    """What is wrong with a line read as ``pred`` instead of ``gt`` (compared
    as :func:`normalize_text` compares them; the pair must differ there).

    Returns:
        ``'edge_punctuation'``: the same once leading and trailing
        non-alphanumeric characters are dropped (``'(RM)'`` read ``'RM)'``);
        else ``'substitution'``: same length, the edits only replace
        characters (``'T0TAL'``); ``'missing'`` / ``'extra'``: the edits only
        delete / only insert characters; ``'other'``: a mix.
    """
    gt, pred = normalize_text(gt), normalize_text(pred)
    if gt == pred:
        raise InvalidValueError(f'{gt!r} and {pred!r} are read alike: not a '
                                'misread')
    if _strip_edges(gt) == _strip_edges(pred):
        return 'edge_punctuation'
    kinds = {op.tag for op in Levenshtein.editops(gt, pred)}
    if kinds == {'replace'}:
        return 'substitution'
    if kinds == {'delete'}:
        return 'missing'
    if kinds == {'insert'}:
        return 'extra'
    return 'other'


def char_edits(gt: str, pred: str) -> list[tuple[str, str]]:
    """The character edits from ``gt`` to ``pred`` (whitespace removed, case
    kept): ``(gt_char, pred_char)`` for a substitution, ``(gt_char, '')``
    for a character lost, ``('', pred_char)`` for one added; substitutions
    of a letter by its other case are left out (the metric ignores case)."""
    gt, pred = normalize_text(gt, ignore_case=False), normalize_text(
        pred, ignore_case=False)
    edits = []
    for op in Levenshtein.editops(gt, pred):
        a = gt[op.src_pos] if op.tag != 'insert' else ''
        b = pred[op.dest_pos] if op.tag != 'delete' else ''
        if a.casefold() != b.casefold():
            edits.append((a, b))
    return edits


@dataclass
class E2EImageMatch:
    """The matching of one image.

    Attributes:
        num_gt: Number of ground-truth lines.
        num_pred: Number of predictions.
        pairs: ``(gt_index, pred_index)`` of the matched pairs.
        correct: For each pair, whether the normalised texts are equal.
        similarity: For each pair, ``1 - normalised edit distance`` of the
            normalised texts (``Levenshtein / max(len, len, 1)``).
        gt_texts, pred_texts: The texts of the image, as given.
    """

    num_gt: int
    num_pred: int
    pairs: list[tuple[int, int]] = field(default_factory=list)
    correct: list[bool] = field(default_factory=list)
    similarity: list[float] = field(default_factory=list)
    gt_texts: list[str] = field(default_factory=list)
    pred_texts: list[str] = field(default_factory=list)

    @property
    def num_matched(self) -> int:
        return len(self.pairs)

    @property
    def num_correct(self) -> int:
        return int(sum(self.correct))

    def misread(self) -> list[tuple[str, str]]:
        """``(gt_text, pred_text)`` of the matched pairs read wrongly."""
        return [(self.gt_texts[g], self.pred_texts[p])
                for (g, p), ok in zip(self.pairs, self.correct) if not ok]

    def missed(self) -> list[str]:
        """Texts of the ground-truth lines no prediction matched."""
        matched = {g for g, _ in self.pairs}
        return [t for i, t in enumerate(self.gt_texts) if i not in matched]


def _parse_instances(instances: Any, where: str
                     ) -> tuple[list[Sequence[float]], list[str]]:
    """Boxes and texts of one image's instances (dicts or pairs)."""
    if not isinstance(instances, (list, tuple)):
        raise InvalidTypeError(f'{where} must be a list of instances, got '
                               f'{type(instances).__name__}')
    boxes, texts = [], []
    for i, inst in enumerate(instances):
        if isinstance(inst, dict):
            if 'box' not in inst or 'text' not in inst:
                raise KeyError(f'{where}[{i}] needs the keys "box" and '
                               f'"text", got {sorted(inst)}')
            box, text = inst['box'], inst['text']
        elif isinstance(inst, (list, tuple)) and len(inst) == 2:
            box, text = inst
        else:
            raise InvalidTypeError(f'{where}[{i}] must be a dict with "box" and '
                                   f'"text" or a (box, text) pair, got {inst!r}')
        if not isinstance(text, str):
            raise InvalidTypeError(f'{where}[{i}]: the text must be a str, got '
                                   f'{type(text).__name__}: {text!r}')
        boxes.append(box)
        texts.append(text)
    return boxes, texts


def _greedy_pairs(iou: np.ndarray, iou_thr: float) -> list[tuple[int, int]]:
    """One-to-one ``(row, col)`` pairs of a ``(G, P)`` IoU matrix with IoU
    above ``iou_thr``, taken from the highest IoU down (ties: lowest gt,
    then lowest prediction index)."""
    rows, cols = np.nonzero(iou > iou_thr)
    order = np.lexsort((cols, rows, -iou[rows, cols]))
    used_rows, used_cols = set(), set()
    pairs = []
    for r, c in zip(rows[order].tolist(), cols[order].tolist()):
        if r not in used_rows and c not in used_cols:
            used_rows.add(r)
            used_cols.add(c)
            pairs.append((r, c))
    return pairs


def match_e2e_lines(preds: Sequence, gts: Sequence, iou_thr: float = 0.5,
                    ignore_case: bool = True, ignore_space: bool = True,
                    img_idx: int = 0) -> E2EImageMatch:
    """Match one image's predictions to its ground-truth lines.

    Args:
        preds: Predicted instances (see the module doc).
        gts: Ground-truth instances.
        iou_thr: A pair needs ``IoU > iou_thr``.
        ignore_case, ignore_space: Text normalisation
            (:func:`normalize_text`).
        img_idx: Image index, used in error messages.

    Returns:
        The image's :class:`E2EImageMatch`.
    """
    if not 0 <= iou_thr < 1:
        raise InvalidValueError(f'iou_thr must be in [0, 1), got {iou_thr}')
    pred_boxes, pred_texts = _parse_instances(
        preds, f'pred_results[{img_idx}]')
    gt_boxes, gt_texts = _parse_instances(gts, f'gt_infos[{img_idx}]')
    geo = image_geometry(pred_boxes, gt_boxes, [], img_idx)
    union = geo.gt_area[:, None] + geo.pred_area[None, :] - geo.inter
    with np.errstate(divide='ignore', invalid='ignore'):
        iou = np.where(union > 0, geo.inter / union, 0.0)
    match = E2EImageMatch(len(gt_boxes), len(pred_boxes),
                          gt_texts=gt_texts, pred_texts=pred_texts)
    for g, p in _greedy_pairs(iou, iou_thr):
        gt_norm = normalize_text(gt_texts[g], ignore_case, ignore_space)
        pred_norm = normalize_text(pred_texts[p], ignore_case, ignore_space)
        match.pairs.append((g, p))
        match.correct.append(gt_norm == pred_norm)
        match.similarity.append(1.0 - Levenshtein.distance(
            pred_norm, gt_norm) / max(1, len(pred_norm), len(gt_norm)))
    return match


def eval_e2e_line_acc(pred_results: list, gt_infos: list,
                      iou_thr: float = 0.5, ignore_case: bool = True,
                      ignore_space: bool = True) -> dict[str, float]:
    """End-to-end line accuracy over a set of images.

    Args:
        pred_results: Per image, a list of predicted instances (dicts with
            ``box`` and ``text``, or ``(box, text)`` pairs).
        gt_infos: Per image, a list of ground-truth lines in the same form.
        iou_thr: A prediction matches a line when ``IoU > iou_thr``.
        ignore_case: Compare texts case folded.
        ignore_space: Compare texts with all whitespace removed.

    Returns:
        ``line_acc`` (lines read correctly / gt lines, the end-to-end
        recall), ``line_precision`` (lines read correctly / predictions),
        ``line_hmean``, ``det_recall``, ``det_precision``, ``det_hmean``
        (matching by IoU only), ``1-N.E.D`` (mean ``1 - normalised edit
        distance`` of the matched pairs; 0 without any pair), all rounded
        to 4 decimals, and the counts ``num_gt``, ``num_pred``,
        ``num_matched`` and ``num_correct``. With no ground-truth line,
        recalls are 1 (MMOCR's convention, see ``compute_hmean``).
    """
    num_imgs = check_box_lists(pred_results=pred_results, gt_infos=gt_infos)
    matches = [match_e2e_lines(pred_results[i], gt_infos[i], iou_thr,
                               ignore_case, ignore_space, i)
               for i in range(num_imgs)]
    return summarize_e2e_matches(matches)


def summarize_e2e_matches(matches: Sequence[E2EImageMatch]
                          ) -> dict[str, float]:
    """The metrics of :func:`eval_e2e_line_acc` from per-image matches."""
    num_gt = sum(m.num_gt for m in matches)
    num_pred = sum(m.num_pred for m in matches)
    num_matched = sum(m.num_matched for m in matches)
    num_correct = sum(m.num_correct for m in matches)
    similarities = [s for m in matches for s in m.similarity]
    line_acc, line_precision, line_hmean = compute_hmean(
        num_correct, num_correct, num_gt, num_pred)
    det_recall, det_precision, det_hmean = compute_hmean(
        num_matched, num_matched, num_gt, num_pred)
    ned = float(np.mean(similarities)) if similarities else 0.0
    rates = dict(line_acc=line_acc, line_precision=line_precision,
                 line_hmean=line_hmean, det_recall=det_recall,
                 det_precision=det_precision, det_hmean=det_hmean,
                 **{'1-N.E.D': ned})
    return {**{k: round(float(v), 4) for k, v in rates.items()},
            'num_gt': num_gt, 'num_pred': num_pred,
            'num_matched': num_matched, 'num_correct': num_correct}
