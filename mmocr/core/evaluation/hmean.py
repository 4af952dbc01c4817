"""Detection evaluation entry point: score-threshold sweep over hmean metrics."""
from __future__ import annotations

import inspect
import json
import logging
import math
import os
import warnings
from numbers import Number
from typing import Sequence

import numpy as np

from mmocr.core.evaluation.hmean_ic13 import hmean_ic13_from_geometries
from mmocr.core.evaluation.hmean_iou import hmean_iou_from_geometries
from mmocr.core.evaluation.utils import image_geometries
from mmocr.core.mask import extract_boundary
from mmocr.registry import UnknownKeyError
from mmocr.utils.errors import InvalidValueError
from mmocr.utils.logger import print_log

__all__ = [
    'eval_hmean', 'get_gt_masks', 'extract_boundary', 'score_thresholds',
    'output_ranklist'
]

_METRIC_FNS = {
    'hmean-iou': hmean_iou_from_geometries,
    'hmean-ic13': hmean_ic13_from_geometries
}


def _polygon_of(mask, where: str) -> list[float]:
    """A gt mask is ``[[x1, y1, ...]]`` (mmdet style) or a flat polygon."""
    poly = mask[0] if len(mask) and not isinstance(mask[0], Number) else mask
    poly = list(poly)
    if len(poly) < 6 or len(poly) % 2 != 0:
        raise InvalidValueError(f'{where}: a polygon needs an even number (>= 6) of '
                                f'coordinates, got {len(poly)}')
    return poly


def get_gt_masks(ann_infos: Sequence[dict]) -> tuple[list, list]:
    """Split annotations into per-image lists of cared and ignored polygons.

    Args:
        ann_infos: One dict per image with ``masks`` and ``masks_ignore``,
            each a list of ``[[x1, y1, ..., xn, yn]]``.
    """
    gts, gts_ignored = [], []
    for i, ann in enumerate(ann_infos):
        for key in ('masks', 'masks_ignore'):
            if key not in ann:
                raise KeyError(f'ann_infos[{i}] has no "{key}" key '
                               f'(keys: {sorted(ann)})')
        gts.append([_polygon_of(m, f'ann_infos[{i}]["masks"][{j}]')
                    for j, m in enumerate(ann['masks'])])
        gts_ignored.append(
            [_polygon_of(m, f'ann_infos[{i}]["masks_ignore"][{j}]')
             for j, m in enumerate(ann['masks_ignore'])])
    return gts, gts_ignored


def score_thresholds(min_score_thr: float, max_score_thr: float,
                     step: float) -> list[float]:
    """``[min, min + step, ...]`` up to ``max`` inclusive (rounded to 1e-6 to
    avoid float drift), e.g. 0.3, 0.4, ..., 0.9 by default."""
    if not 0 <= min_score_thr <= max_score_thr <= 1:
        raise InvalidValueError('need 0 <= min_score_thr <= max_score_thr <= 1, got '
                                f'{min_score_thr}, {max_score_thr}')
    if not 0 < step <= 1:
        raise InvalidValueError(f'step must be in (0, 1], got {step}')
    count = math.floor((max_score_thr - min_score_thr) / step + 1e-6) + 1
    return [round(min_score_thr + k * step, 6) for k in range(count)]


def output_ranklist(img_results: list[dict], img_infos: Sequence[dict],
                    out_file: str) -> list[dict]:
    """Write per-image results, worst hmean first, to a json file.

    Each entry is the image's result dict plus its ``file_name``.
    """
    if not str(out_file).endswith('.json'):
        raise InvalidValueError(f'rank_list must be a .json path, got {out_file!r}')
    ranked = []
    for result, info in zip(img_results, img_infos):
        name = info.get('file_name', info.get('filename'))
        ranked.append(dict(result, file_name=name))
    ranked.sort(key=lambda r: r['hmean'])
    out_dir = os.path.dirname(os.path.abspath(out_file))
    os.makedirs(out_dir, exist_ok=True)
    with open(out_file, 'w', encoding='utf-8') as f:
        json.dump(ranked, f, indent=2)
    return ranked


def eval_hmean(results: list[dict], img_infos: list[dict],
               ann_infos: list[dict], metrics: set | str = {'hmean-iou'},
               score_thr: float | None = None, min_score_thr: float = 0.3,
               max_score_thr: float = 0.9, step: float = 0.1,
               rank_list: str | None = None,
               logger: logging.Logger | str | None = None,
               **kwargs) -> dict[str, float]:
    """Evaluate detection results with hmean metrics, sweeping the score
    threshold and keeping the best hmean.

    Args:
        results (list[dict]): One ``{'boundary_result': [[x1, y1, ..., xn,
            yn, score], ...]}`` per image.
        img_infos (list[dict]): One dict per image (``file_name`` or
            ``filename`` is used for ``rank_list``).
        ann_infos (list[dict]): One dict per image with ``masks`` and
            ``masks_ignore`` (lists of ``[[x1, y1, ...]]``).
        metrics (set[str]): Any of ``{'hmean-iou', 'hmean-ic13'}``.
        score_thr (float, optional): Deprecated; used as ``min_score_thr``.
        min_score_thr, max_score_thr, step (float): Thresholds tried are
            ``min_score_thr, min_score_thr + step, ..., max_score_thr``; a
            prediction is kept at threshold t when its score is >= t.
        rank_list (str, optional): A ``.json`` path; the per-image results at
            the best threshold of the last metric are written there, sorted by
            hmean ascending.
        logger: A logger, a logger name, ``'silent'`` or None (print).
        **kwargs: Passed to the metric functions that accept them (e.g.
            ``iou_thr``, ``precision_thr``).

    Raises:
        UnknownKeyError: a key of ``kwargs`` is accepted by none of the
            ``metrics``; the message names it and the accepted names.

    Returns:
        dict[str, float]: ``{metric + ':recall', metric + ':precision',
        metric + ':hmean'}`` for each metric, at its best threshold.
    """
    if isinstance(metrics, str):
        metrics = {metrics}
    unknown = set(metrics) - set(_METRIC_FNS)
    if unknown:
        raise KeyError(f'unsupported hmean metrics {sorted(unknown)}; '
                       f'choose from {sorted(_METRIC_FNS)}')
    metric_params = {m: list(inspect.signature(_METRIC_FNS[m]).parameters)[1:]
                     for m in metrics}
    unused = [k for k in kwargs
              if not any(k in params for params in metric_params.values())]
    if unused:
        accepted = set(inspect.signature(eval_hmean).parameters) - {
            'results', 'img_infos', 'ann_infos', 'kwargs'}
        for params in metric_params.values():
            accepted.update(params)
        raise UnknownKeyError(
            unused, f'eval_hmean (metrics {sorted(metrics)})', accepted)
    if not len(results) == len(img_infos) == len(ann_infos):
        raise InvalidValueError(f'{len(results)} results, {len(img_infos)} img_infos '
                                f'and {len(ann_infos)} ann_infos: they must match')
    if score_thr is not None:
        warnings.warn('score_thr is deprecated; use min_score_thr instead',
                      DeprecationWarning, stacklevel=2)
        min_score_thr = score_thr
    thresholds = score_thresholds(float(min_score_thr), float(max_score_thr),
                                  float(step))

    gts, gts_ignored = get_gt_masks(ann_infos)
    preds, scores = [], []
    for i, result in enumerate(results):
        _, boundaries, boundary_scores = extract_boundary(
            result, f'results[{i}]')
        keep = np.flatnonzero(np.asarray(boundary_scores) >= thresholds[0])
        preds.append([boundaries[j] for j in keep])
        scores.append(np.asarray(boundary_scores, dtype=np.float64)[keep])
    # Geometry once, at the lowest threshold; higher ones select columns.
    geometries = image_geometries(preds, gts, gts_ignored, pred_name='results')

    eval_results = {}
    for metric in sorted(metrics):
        metric_fn = _METRIC_FNS[metric]
        metric_kwargs = {k: v for k, v in kwargs.items()
                         if k in metric_params[metric]}
        print_log(f'Evaluating {metric}...', logger)
        best, best_thr, best_imgs = None, None, None
        for thr in thresholds:
            selected = [geo.select_preds(score >= thr)
                        for geo, score in zip(geometries, scores)]
            result, img_results = metric_fn(selected, **metric_kwargs)
            print_log(f'thr {thr:.2f}, recall: {result["recall"]:.3f}, '
                      f'precision: {result["precision"]:.3f}, '
                      f'hmean: {result["hmean"]:.3f}', logger)
            if best is None or result['hmean'] > best['hmean']:
                best, best_thr, best_imgs = result, thr, img_results
        print_log(f'{metric}: best thr {best_thr:.2f}, '
                  f'hmean {best["hmean"]:.3f}', logger)
        if rank_list is not None:
            output_ranklist(best_imgs, img_infos, rank_list)
        for key in ('recall', 'precision', 'hmean'):
            eval_results[f'{metric}:{key}'] = best[key]
    return eval_results
