"""ICDAR 2013 DetEval protocol (``hmean-ic13``).

For every (gt, detection) pair, *area recall* is ``area(g & d) / area(g)``
and *area precision* ``area(g & d) / area(d)``. Matches are searched in three
passes, as MMOCR does:

1. one-to-one: the pair is the only one in its row and in its column with
   recall > ``recall_thr`` and precision > ``precision_thr``, and the distance
   between the box centres, divided by the mean of the two diagonals, is below
   ``center_dist_thr``; scores ``one2one_score`` for recall and precision;
2. one-to-many (a gt split into several detections): the free detections
   with precision >= ``precision_thr`` on a free gt cover recall >=
   ``recall_thr`` in total; recall gets ``one2many_score``, precision
   ``one2many_score`` per detection;
3. many-to-one (several gts merged in one detection): the free gts with
   recall >= ``recall_thr`` on a free detection cover precision >=
   ``precision_thr`` in total; recall gets ``many2one_score`` per gt,
   precision ``many2one_score``.

Detections lying on an ignored gt (overlap / detection area >
``precision_thr``) are discarded first; ignored gts are never matched.
"""
from __future__ import annotations

import numpy as np
import shapely

from mmocr.core.evaluation.utils import (
    ImageGeometry,
    box_center_distance,
    box_diag,
    compute_hmean,
    image_geometries,
    many2one_match_ic13,
    one2many_match_ic13,
    one2one_match_ic13,
    pairwise_intersection_area,
)
from mmocr.utils.errors import InvalidTypeError
from mmocr.utils.polygon_utils import make_valid_array

__all__ = ['compute_recall_precision', 'eval_hmean_ic13',
           'hmean_ic13_from_geometries']


def _ratio(inter: np.ndarray, area: np.ndarray) -> np.ndarray:
    with np.errstate(divide='ignore', invalid='ignore'):
        return np.where(area > 0, inter / area, 0.0)


def compute_recall_precision(gt_polys: list, pred_polys: list
                             ) -> tuple[np.ndarray, np.ndarray]:
    """Area recall and area precision of every (gt, prediction) pair.

    Args:
        gt_polys: ``G`` shapely polygons (invalid ones are repaired).
        pred_polys: ``P`` shapely polygons.

    Returns:
        ``(recall, precision)``, each ``(G, P)``: ``|g & d| / |g|`` and
        ``|g & d| / |d|`` (0 where the area is 0).
    """
    if not isinstance(gt_polys, list) or not isinstance(pred_polys, list):
        raise InvalidTypeError('gt_polys and pred_polys must be lists, got '
                               f'{type(gt_polys).__name__} and '
                               f'{type(pred_polys).__name__}')
    gts = make_valid_array(np.array(gt_polys, dtype=object))
    preds = make_valid_array(np.array(pred_polys, dtype=object))
    inter = pairwise_intersection_area(gts, preds)
    return (_ratio(inter, shapely.area(gts)[:, None]),
            _ratio(inter, shapely.area(preds)[None, :]))


class _DetEvalMatcher:
    """DetEval matching of one image with the three ICDAR 2013 rules
    (:func:`one2one_match_ic13`, :func:`one2many_match_ic13`,
    :func:`many2one_match_ic13`).

    Args:
        recall_mat: ``(G, P)`` area recall (gts in rows).
        precision_mat: ``(G, P)`` area precision.
        gt_ignored: ``(G,)`` mask of gts that may not be matched.
        pred_ignored: ``(P,)`` mask of detections that may not be matched.
    """

    def __init__(self, recall_mat: np.ndarray, precision_mat: np.ndarray,
                 gt_ignored: np.ndarray, pred_ignored: np.ndarray):
        self.recall_mat = recall_mat
        self.precision_mat = precision_mat
        self.gt_ignored = np.flatnonzero(gt_ignored).tolist()
        self.pred_ignored = np.flatnonzero(pred_ignored).tolist()
        self.gt_care = ~gt_ignored
        self.pred_care = ~pred_ignored
        self.gt_hit = np.zeros(len(gt_ignored), dtype=bool)
        self.pred_hit = np.zeros(len(pred_ignored), dtype=bool)
        self.hit_recall = 0.0
        self.hit_precision = 0.0

    def one2one(self, gt_points: list, pred_points: list, recall_thr: float,
                precision_thr: float, center_dist_thr: float,
                score: float) -> None:
        # the rule's strict pairs, as candidates
        strict = ((self.recall_mat > recall_thr)
                  & (self.precision_mat > precision_thr))
        strict &= self.gt_care[:, None] & self.pred_care[None, :]
        for gt_id, pred_id in zip(*np.nonzero(strict)):
            if self.gt_hit[gt_id] or self.pred_hit[pred_id] or not \
                    one2one_match_ic13(int(gt_id), int(pred_id),
                                       self.recall_mat, self.precision_mat,
                                       recall_thr, precision_thr):
                continue
            gt_pts = np.asarray(gt_points[gt_id], dtype=np.float64)
            pred_pts = np.asarray(pred_points[pred_id], dtype=np.float64)
            diag = box_diag(pred_pts) + box_diag(gt_pts)
            dist = box_center_distance(pred_pts, gt_pts)
            if diag > 0 and 2.0 * dist / diag < center_dist_thr:
                self.gt_hit[gt_id] = self.pred_hit[pred_id] = True
                self.hit_recall += score
                self.hit_precision += score

    def one2many(self, recall_thr: float, precision_thr: float,
                 score: float) -> None:
        for gt_id in np.flatnonzero(self.gt_care).tolist():
            matched, pred_ids = one2many_match_ic13(
                gt_id, self.recall_mat, self.precision_mat, recall_thr,
                precision_thr, self.gt_hit, self.pred_hit, self.pred_ignored)
            if matched:
                self.gt_hit[gt_id] = True
                self.pred_hit[pred_ids] = True
                self.hit_recall += score
                self.hit_precision += score * len(pred_ids)

    def many2one(self, recall_thr: float, precision_thr: float,
                 score: float) -> None:
        for pred_id in np.flatnonzero(self.pred_care).tolist():
            matched, gt_ids = many2one_match_ic13(
                pred_id, self.recall_mat, self.precision_mat, recall_thr,
                precision_thr, self.gt_hit, self.pred_hit, self.gt_ignored)
            if matched:
                self.pred_hit[pred_id] = True
                self.gt_hit[gt_ids] = True
                self.hit_recall += score * len(gt_ids)
                self.hit_precision += score


def eval_hmean_ic13(det_boxes: list, gt_boxes: list, gt_ignored_boxes: list,
                    precision_thr: float = 0.4, recall_thr: float = 0.8,
                    center_dist_thr: float = 1.0, one2one_score: float = 1.0,
                    one2many_score: float = 0.8,
                    many2one_score: float = 1.0) -> tuple[dict, list[dict]]:
    """Evaluate text detection with the ICDAR 2013 (DetEval) standard.

    Args:
        det_boxes (list[list[list[float]]]): Per image, detections of 2k
            values ``[x1, y1, ..., xk, yk]``. k >= 3; the centre-distance
            criterion uses the ``p0-p2`` diagonal of quads and the bounding-box
            diagonal of other polygons.
        gt_boxes (list[list[list[float]]]): Per image, ground truth boxes.
        gt_ignored_boxes (list[list[list[float]]]): Per image, ignored gts.
        precision_thr (float): Area precision threshold of a pair.
        recall_thr (float): Area recall threshold of a pair.
        center_dist_thr (float): Normalised centre distance threshold.
        one2one_score (float): Reward of a one-to-one match.
        one2many_score (float): Reward of a gt split into several detections.
        many2one_score (float): Reward of each gt merged into one detection.

    Returns:
        tuple(dict, list[dict]): the dataset result ``{'num_gts', 'num_dets',
        'num_recall', 'num_precision', 'recall', 'precision', 'hmean'}``
        (``num_recall``/``num_precision`` are the accumulated rewards) and one
        dict with the same keys per image.
    """
    return hmean_ic13_from_geometries(
        image_geometries(det_boxes, gt_boxes, gt_ignored_boxes,
                         pred_name='det_boxes'),
        precision_thr, recall_thr, center_dist_thr, one2one_score,
        one2many_score, many2one_score)


def hmean_ic13_from_geometries(geometries: list[ImageGeometry],
                               precision_thr: float = 0.4,
                               recall_thr: float = 0.8,
                               center_dist_thr: float = 1.0,
                               one2one_score: float = 1.0,
                               one2many_score: float = 0.8,
                               many2one_score: float = 1.0
                               ) -> tuple[dict, list[dict]]:
    """:func:`eval_hmean_ic13` on precomputed per-image geometry."""
    img_results = []
    total_gts = total_dets = 0
    total_recall = total_precision = 0.0
    for geo in geometries:
        pred_ignored = geo.pred_ignored(precision_thr)
        matcher = _DetEvalMatcher(_ratio(geo.inter, geo.gt_area[:, None]),
                                  _ratio(geo.inter, geo.pred_area[None, :]),
                                  geo.gt_ignored, pred_ignored)
        if geo.inter.size:
            matcher.one2one(geo.gt_points, geo.pred_points, recall_thr,
                            precision_thr, center_dist_thr, one2one_score)
            matcher.one2many(recall_thr, precision_thr, one2many_score)
            matcher.many2one(recall_thr, precision_thr, many2one_score)
        num_gts = geo.num_care
        num_dets = int((~pred_ignored).sum())
        recall, precision, hmean = compute_hmean(
            matcher.hit_recall, matcher.hit_precision, num_gts, num_dets)
        img_results.append(dict(num_gts=num_gts, num_dets=num_dets,
                                num_recall=matcher.hit_recall,
                                num_precision=matcher.hit_precision,
                                recall=recall, precision=precision,
                                hmean=hmean))
        total_gts += num_gts
        total_dets += num_dets
        total_recall += matcher.hit_recall
        total_precision += matcher.hit_precision
    recall, precision, hmean = compute_hmean(total_recall, total_precision,
                                             total_gts, total_dets)
    dataset_result = dict(num_gts=total_gts, num_dets=total_dets,
                          num_recall=total_recall,
                          num_precision=total_precision, recall=recall,
                          precision=precision, hmean=hmean)
    return dataset_result, img_results
