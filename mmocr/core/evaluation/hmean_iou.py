"""ICDAR 2015 IoU protocol (``hmean-iou``)."""
from __future__ import annotations

import numpy as np

from mmocr.core.evaluation.utils import (
    ImageGeometry,
    compute_hmean,
    image_geometries,
)

__all__ = ['eval_hmean_iou', 'hmean_iou_from_geometries']


def _greedy_match(iou: np.ndarray, gt_care: np.ndarray, pred_care: np.ndarray,
                  iou_thr: float) -> int:
    """One-to-one matching in MMOCR's order: each cared gt, in order, takes
    the first free cared prediction whose IoU is above ``iou_thr``.

    Args:
        iou: ``(G, P)`` IoU matrix.
        gt_care, pred_care: ``(G,)`` and ``(P,)`` masks of the boxes that may
            be matched.

    Returns:
        The number of matched pairs.
    """
    hits = (iou > iou_thr) & gt_care[:, None] & pred_care[None, :]
    pred_free = np.ones(iou.shape[1], dtype=bool)
    num_match = 0
    for gt_id in np.flatnonzero(hits.any(axis=1)):
        candidates = np.flatnonzero(hits[gt_id] & pred_free)
        if len(candidates):
            pred_free[candidates[0]] = False
            num_match += 1
    return num_match


def eval_hmean_iou(pred_boxes: list, gt_boxes: list, gt_ignored_boxes: list,
                   iou_thr: float = 0.5,
                   precision_thr: float = 0.5) -> tuple[dict, list[dict]]:
    """Evaluate text detection with the IoU standard (ICDAR 2015).

    Per image, a prediction covering an ignored ground truth by more than
    ``precision_thr`` of its own area is discarded; cared ground truths and
    kept predictions are matched one-to-one when their IoU is above
    ``iou_thr``. Counts are summed over images before computing the dataset
    recall, precision and hmean (see :func:`compute_hmean` for empty cases).

    Args:
        pred_boxes (list[list[list[float]]]): Per image, boxes of 2k (k >= 3)
            values ``[x1, y1, ..., xk, yk]``.
        gt_boxes (list[list[list[float]]]): Per image, ground truth boxes.
        gt_ignored_boxes (list[list[list[float]]]): Per image, ignored
            ("don't care") ground truth boxes.
        iou_thr (float): IoU a (gt, prediction) pair must exceed to match.
        precision_thr (float): Overlap with an ignored gt, as a fraction of
            the prediction area, above which a prediction is discarded.

    Returns:
        tuple(dict, list[dict]): the dataset result ``{'num_gts', 'num_dets',
        'num_match', 'recall', 'precision', 'hmean'}`` and one dict with the
        same keys per image.
    """
    return hmean_iou_from_geometries(
        image_geometries(pred_boxes, gt_boxes, gt_ignored_boxes), iou_thr,
        precision_thr)


def hmean_iou_from_geometries(geometries: list[ImageGeometry],
                              iou_thr: float = 0.5,
                              precision_thr: float = 0.5
                              ) -> tuple[dict, list[dict]]:
    """:func:`eval_hmean_iou` on precomputed per-image geometry (lets a score
    threshold sweep reuse one geometry computation)."""
    img_results = []
    total_gts = total_dets = total_match = 0
    for geo in geometries:
        pred_ignored = geo.pred_ignored(precision_thr)
        union = geo.gt_area[:, None] + geo.pred_area[None, :] - geo.inter
        with np.errstate(divide='ignore', invalid='ignore'):
            iou = np.where(union > 0, geo.inter / union, 0.0)
        num_match = _greedy_match(iou, ~geo.gt_ignored, ~pred_ignored, iou_thr)
        num_gts = geo.num_care
        num_dets = int((~pred_ignored).sum())
        recall, precision, hmean = compute_hmean(num_match, num_match,
                                                 num_gts, num_dets)
        img_results.append(dict(num_gts=num_gts, num_dets=num_dets,
                                num_match=num_match, recall=recall,
                                precision=precision, hmean=hmean))
        total_gts += num_gts
        total_dets += num_dets
        total_match += num_match
    recall, precision, hmean = compute_hmean(total_match, total_match,
                                             total_gts, total_dets)
    dataset_result = dict(num_gts=total_gts, num_dets=total_dets,
                          num_match=total_match, recall=recall,
                          precision=precision, hmean=hmean)
    return dataset_result, img_results
