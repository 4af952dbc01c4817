"""Named entity recognition metric: entity-level precision, recall and F1.

An entity is ``[category, start, end]`` (character offsets, end inclusive as
in CLUENER); a prediction is right only when category and span both match a
ground truth entity of the same text.
"""
from __future__ import annotations

from collections import Counter
from typing import Sequence

from mmocr.utils.errors import InvalidValueError

__all__ = ['eval_ner_f1', 'gt_label2entity', 'compute_f1_all']

Entity = tuple  # (category, start, end)


def gt_label2entity(gt_infos: Sequence[dict]) -> list[list[Entity]]:
    """CLUENER labels -> entities per text.

    Args:
        gt_infos: One dict per text with ``label``:
            ``{category: {entity_text: [[start, end], ...]}}``.
    """
    gt_entities = []
    for i, info in enumerate(gt_infos):
        if 'label' not in info:
            raise KeyError(f'gt_infos[{i}] has no "label" key '
                           f'(keys: {sorted(info)})')
        entities = []
        for category, spans_by_text in info['label'].items():
            for spans in spans_by_text.values():
                for span in spans:
                    if len(span) != 2:
                        raise InvalidValueError(
                            f'gt_infos[{i}]["label"]["{category}"]: a span '
                            f'must be [start, end], got {span!r}')
                    entities.append((category, int(span[0]), int(span[1])))
        gt_entities.append(entities)
    return gt_entities


def _prf(num_gt: int, num_pred: int, num_right: int) -> dict[str, float]:
    recall = 0.0 if num_gt == 0 else num_right / num_gt
    precision = 0.0 if num_pred == 0 else num_right / num_pred
    denom = precision + recall
    f1 = 0.0 if denom == 0 else 2 * precision * recall / denom
    return {'precision': precision, 'recall': recall, 'f1-score': f1}


def compute_f1_all(pred_entities: Sequence[Sequence[Entity]],
                   gt_entities: Sequence[Sequence[Entity]]) -> dict:
    """Precision/recall/F1 per ground-truth category and over ``'all'``.

    Categories that only appear in predictions count in ``'all'`` (as false
    positives) but get no entry of their own, as MMOCR does.
    """
    gts, preds, rights = [], [], []
    for pred, gt in zip(pred_entities, gt_entities):
        gt_set = set(gt)
        gts.extend(gt)
        preds.extend(pred)
        rights.extend(e for e in pred if e in gt_set)
    gt_count = Counter(e[0] for e in gts)
    pred_count = Counter(e[0] for e in preds)
    right_count = Counter(e[0] for e in rights)
    class_info = {
        category: _prf(n, pred_count[category], right_count[category])
        for category, n in gt_count.items()
    }
    class_info['all'] = _prf(len(gts), len(preds), len(rights))
    return class_info


def eval_ner_f1(results: Sequence[Sequence], gt_infos: Sequence[dict]) -> dict:
    """Evaluate NER predictions.

    Args:
        results (list[list]): Per text, predicted entities
            ``[category, start, end]``.
        gt_infos (list[dict]): Per text, ``{'text': ..., 'label': ...}``
            in CLUENER format.

    Returns:
        dict: ``{category: {'precision', 'recall', 'f1-score'}, ...,
        'all': {...}}``.
    """
    if len(results) != len(gt_infos):
        raise InvalidValueError(f'{len(results)} results but {len(gt_infos)} '
                                'ground truth texts')
    pred_entities = []
    for i, entities in enumerate(results):
        line = []
        for j, entity in enumerate(entities):
            if len(entity) != 3:
                raise InvalidValueError(f'results[{i}][{j}] must be [category, start,'
                                        f' end], got {entity!r}')
            line.append((entity[0], int(entity[1]), int(entity[2])))
        pred_entities.append(line)
    return compute_f1_all(pred_entities, gt_label2entity(gt_infos))
