"""Shared pieces of the text detection metrics (hmean-iou, hmean-ic13).

Geometry is computed per image in vectorised shapely 2 calls: an STRtree over
the ground truths gives the (gt, prediction) pairs whose bounding boxes meet,
and ``shapely.intersection`` runs on those pairs only. Invalid polygons are
repaired with ``buffer(0)`` (see :mod:`mmocr.utils.polygon_utils`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import shapely

from mmocr.utils.errors import InvalidTypeError, InvalidValueError
from mmocr.utils.polygon_utils import (
    boundary_iou,
    poly2shapely,
    poly_intersection,
    poly_iou,
    poly_make_valid,
    poly_union,
    polys2shapely_array,
)

__all__ = [
    'compute_hmean', 'filter_2dlist_result', 'select_top_boundary',
    'points_center', 'box_center_distance', 'box_diag',
    'pairwise_intersection_area', 'ImageGeometry', 'image_geometry',
    'image_geometries', 'check_box_lists', 'points2polygon',
    'poly_make_valid', 'poly_intersection', 'poly_union', 'poly_iou',
    'boundary_iou', 'ignore_pred', 'ignored_by', 'box2polygon',
    'point_distance', 'filter_result', 'select_bboxes_via_score',
    'one2one_match_ic13', 'one2many_match_ic13', 'many2one_match_ic13'
]

# MMOCR 0.x keeps the polygon helpers here; their home is
# mmocr.utils.polygon_utils (poly_make_valid, poly_intersection, poly_union,
# poly_iou, boundary_iou), re-exported above.


def compute_hmean(accum_hit_recall: float, accum_hit_prec: float, gt_num: int,
                  pred_num: int) -> tuple[float, float, float]:
    """Recall, precision and their harmonic mean from accumulated hits.

    As MMOCR: with no ground truth, recall is 1 and precision is 1 if there
    is no prediction either, else 0; with ground truths but no prediction,
    precision is 0.
    """
    if accum_hit_recall < 0 or accum_hit_prec < 0 or gt_num < 0 or pred_num < 0:
        raise InvalidValueError('hit and box counts must be non-negative, got '
                                f'{accum_hit_recall}, {accum_hit_prec}, {gt_num}, '
                                f'{pred_num}')
    if gt_num == 0:
        recall = 1.0
        precision = 0.0 if pred_num > 0 else 1.0
    else:
        recall = float(accum_hit_recall) / gt_num
        precision = 0.0 if pred_num == 0 else float(accum_hit_prec) / pred_num
    denom = recall + precision
    hmean = 0.0 if denom == 0 else 2.0 * precision * recall / denom
    return recall, precision, hmean


def _check_unit(name: str, value: float) -> None:
    if not 0 <= value <= 1:
        raise InvalidValueError(f'{name} must be in [0, 1], got {value}')


def filter_2dlist_result(results: list, scores: Sequence[float],
                         score_thr: float) -> tuple[list, list]:
    """Keep the results whose score is strictly above ``score_thr``."""
    _check_unit('score_thr', score_thr)
    if len(results) != len(scores):
        raise InvalidValueError(f'{len(results)} results but {len(scores)} scores')
    keep = np.flatnonzero(np.asarray(scores, dtype=np.float64) > score_thr)
    return [results[i] for i in keep], [scores[i] for i in keep]


def filter_result(results: np.ndarray, scores: np.ndarray,
                  score_thr: float) -> tuple[np.ndarray, np.ndarray]:
    """Rows of ``results`` ``(n, k)`` whose score in ``scores`` ``(n,)`` is
    strictly above ``score_thr`` -> ``((m, k), (m,))``."""
    _check_unit('score_thr', score_thr)
    results, scores = np.asarray(results), np.asarray(scores)
    if results.ndim != 2 or scores.shape != (results.shape[0], ):
        raise InvalidValueError('results must be (n, k) and scores (n,), got '
                                f'{results.shape} and {scores.shape}')
    keep = scores > score_thr
    return results[keep], scores[keep]


def _select_per_image(items_list: list, scores_list: list, score_thr: float,
                      take) -> list:
    """Per image, ``take(items, kept indices)`` of the scores ``>=
    score_thr``; an image without scores keeps its items (as 0.x)."""
    _check_unit('score_thr', score_thr)
    if len(items_list) != len(scores_list):
        raise InvalidValueError(f'{len(items_list)} images of boxes but '
                                f'{len(scores_list)} of scores')
    selected = []
    for i, (items, scores) in enumerate(zip(items_list, scores_list)):
        if len(scores) == 0:
            selected.append(items)
            continue
        if len(scores) != len(items):
            raise InvalidValueError(f'image {i}: {len(items)} boxes but '
                                    f'{len(scores)} scores')
        keep = np.flatnonzero(np.asarray(scores, dtype=np.float64) >= score_thr)
        selected.append(take(items, keep))
    return selected


def select_top_boundary(boundaries_list: list, scores_list: list,
                        score_thr: float) -> list:
    """Per image, keep the boundaries whose score is ``>= score_thr``."""
    return _select_per_image(boundaries_list, scores_list, score_thr,
                             lambda items, keep: [items[i] for i in keep])


def select_bboxes_via_score(bboxes_list: list, scores_list: list,
                            score_thr: float) -> list:
    """Per image, keep the rows of an ``(n, 8)`` box array whose score is
    ``>= score_thr`` -> ``(m, 8)`` arrays."""
    return _select_per_image(bboxes_list, scores_list, score_thr,
                             lambda items, keep: np.asarray(items)[keep])


def points2polygon(points: Sequence[float] | np.ndarray):
    """Flat points ``[x1, y1, ..., xk, yk]`` (k >= 4, as MMOCR 0.x) -> a
    shapely Polygon."""
    arr = np.asarray(points, dtype=np.float64).reshape(-1)
    if arr.size % 2 != 0 or arr.size < 8:
        raise InvalidValueError('points2polygon needs an even number (>= 8) of '
                                f'coordinates, got {arr.size}')
    return poly2shapely(arr)


def box2polygon(box: Sequence[float] | np.ndarray):
    """An axis-aligned box ``[x1, y1, x2, y2]`` -> its shapely rectangle."""
    arr = np.asarray(box, dtype=np.float64).reshape(-1)
    if arr.size != 4:
        raise InvalidValueError(f'box2polygon needs [x1, y1, x2, y2], got {arr.size} '
                                'values')
    x1, y1, x2, y2 = arr
    return poly2shapely([x1, y1, x2, y1, x2, y2, x1, y2])


def points_center(points: np.ndarray) -> np.ndarray:
    """Mean point of a flat polygon -> ``(2,)``."""
    return np.asarray(points, dtype=np.float64).reshape(-1, 2).mean(axis=0)


def point_distance(p1: np.ndarray, p2: np.ndarray) -> float:
    """Euclidean distance between two points ``(2,)``."""
    p1 = np.asarray(p1, dtype=np.float64).reshape(-1)
    p2 = np.asarray(p2, dtype=np.float64).reshape(-1)
    if p1.size != 2 or p2.size != 2:
        raise InvalidValueError(f'points must have 2 coordinates, got {p1.size} and '
                                f'{p2.size}')
    return float(np.linalg.norm(p2 - p1))


def box_center_distance(b1: np.ndarray, b2: np.ndarray) -> float:
    """Distance between the mean points of two flat polygons."""
    return point_distance(points_center(b1), points_center(b2))


def box_diag(box: np.ndarray) -> float:
    """Diagonal length of a polygon: ``|p0 - p2|`` for a quad (MMOCR's
    definition), the bounding-box diagonal for any other polygon."""
    pts = np.asarray(box, dtype=np.float64).reshape(-1, 2)
    if len(pts) == 4:
        return point_distance(pts[0], pts[2])
    return point_distance(pts.min(axis=0), pts.max(axis=0))


def pairwise_intersection_area(geoms_a: np.ndarray,
                               geoms_b: np.ndarray) -> np.ndarray:
    """``(A, B)`` matrix of ``area(b_j & a_i)``.

    Only pairs whose envelopes meet (STRtree query) are intersected; the
    others are 0. ``b`` is the first operand of the intersection (MMOCR
    intersects the detection with the ground truth).
    """
    inter = np.zeros((len(geoms_a), len(geoms_b)), dtype=np.float64)
    if len(geoms_a) == 0 or len(geoms_b) == 0:
        return inter
    tree = shapely.STRtree(geoms_a)
    idx_b, idx_a = tree.query(geoms_b)
    if len(idx_a):
        inter[idx_a, idx_b] = shapely.area(
            shapely.intersection(geoms_b[idx_b], geoms_a[idx_a]))
    return inter


def ignored_by(ignored_inter: np.ndarray, pred_area: np.ndarray,
               precision_thr: float) -> np.ndarray:
    """``(P,)`` mask of the predictions lying on an ignored gt: the overlap
    with some ignored gt exceeds ``precision_thr`` of the prediction's area
    (a prediction of area 0 is kept).

    Args:
        ignored_inter: ``(I, P)`` intersection areas with the ignored gts.
        pred_area: ``(P,)`` prediction areas.
    """
    if len(ignored_inter) == 0:
        return np.zeros(len(pred_area), dtype=bool)
    with np.errstate(divide='ignore', invalid='ignore'):
        ratio = np.where(pred_area > 0, ignored_inter / pred_area, 0.0)
    return (ratio > precision_thr).any(axis=0)


def ignore_pred(pred_boxes: list, gt_ignored_index: list, gt_polys: list,
                precision_thr: float) -> tuple[list, list, list[int]]:
    """Polygons of one image's predictions, and those lying on an ignored
    gt (see :func:`ignored_by`).

    Args:
        pred_boxes: Flat predicted polygons ``[x1, y1, ..., xk, yk]``.
        gt_ignored_index: Indices of the ignored gts in ``gt_polys``.
        gt_polys: Shapely polygons of the image's gts.
        precision_thr: Overlap / prediction area above which a prediction
            is ignored.

    Returns:
        ``(pred_polys, pred_points, pred_ignored_index)``: the shapely
        polygons, the boxes as given, and the indices of ignored ones.
    """
    for name, value in (('pred_boxes', pred_boxes),
                        ('gt_ignored_index', gt_ignored_index),
                        ('gt_polys', gt_polys)):
        if not isinstance(value, list):
            raise InvalidTypeError(f'{name} must be a list, got {type(value).__name__}')
    _check_unit('precision_thr', precision_thr)
    pred_polys = [points2polygon(box) for box in pred_boxes]
    ignored = np.array([poly_make_valid(gt_polys[i]) for i in gt_ignored_index],
                       dtype=object)
    preds = polys2shapely_array(pred_boxes, make_valid=True,
                                name='pred_boxes')
    mask = ignored_by(pairwise_intersection_area(ignored, preds),
                      shapely.area(preds), precision_thr)
    return pred_polys, list(pred_boxes), np.flatnonzero(mask).tolist()


def _free(num: int, match_flag, ignored_index) -> np.ndarray:
    """``(num,)`` mask of boxes neither matched nor ignored."""
    free = ~np.asarray(match_flag, dtype=bool).reshape(num)
    free[np.asarray(ignored_index, dtype=np.int64)] = False
    return free


def _check_match_args(recall_mat: np.ndarray, precision_mat: np.ndarray,
                      recall_thr: float, precision_thr: float) -> None:
    if not isinstance(recall_mat, np.ndarray) or not isinstance(
            precision_mat, np.ndarray) or recall_mat.shape != precision_mat.shape:
        raise InvalidTypeError('recall_mat and precision_mat must be ndarrays of '
                               'the same (gt_num, det_num) shape')
    _check_unit('recall_thr', recall_thr)
    _check_unit('precision_thr', precision_thr)


def one2one_match_ic13(gt_id: int, det_id: int, recall_mat: np.ndarray,
                       precision_mat: np.ndarray, recall_thr: float,
                       precision_thr: float) -> bool:
    """ICDAR 2013 one-to-one rule: gt ``gt_id`` and detection ``det_id``
    pass both thresholds (strictly), and neither passes them with any other
    box.

    Args:
        recall_mat, precision_mat: ``(G, D)`` area recall ``|g & d| / |g|``
            and area precision ``|g & d| / |d|``.
    """
    _check_match_args(recall_mat, precision_mat, recall_thr, precision_thr)
    strict_row = ((recall_mat[gt_id] > recall_thr)
                  & (precision_mat[gt_id] > precision_thr))
    strict_col = ((recall_mat[:, det_id] > recall_thr)
                  & (precision_mat[:, det_id] > precision_thr))
    return bool(strict_row[det_id] and strict_row.sum() == 1
                and strict_col.sum() == 1)


def one2many_match_ic13(gt_id: int, recall_mat: np.ndarray,
                        precision_mat: np.ndarray, recall_thr: float,
                        precision_thr: float, gt_match_flag: Sequence,
                        det_match_flag: Sequence,
                        det_ignored_index: Sequence[int]
                        ) -> tuple[bool, list[int]]:
    """ICDAR 2013 one-to-many rule (a gt split into several detections):
    the free detections with area precision ``>= precision_thr`` on the
    free gt ``gt_id`` cover area recall ``>= recall_thr`` together.

    Args:
        gt_match_flag, det_match_flag: ``(G,)`` / ``(D,)`` flags (truthy
            when already matched).
        det_ignored_index: Detections that may not be matched.

    Returns:
        ``(matched, det_ids)`` (``det_ids`` empty when not matched).
    """
    _check_match_args(recall_mat, precision_mat, recall_thr, precision_thr)
    if gt_match_flag[gt_id]:
        return False, []
    free = _free(recall_mat.shape[1], det_match_flag, det_ignored_index)
    det_ids = np.flatnonzero(free & (precision_mat[gt_id] >= precision_thr))
    # summed in order in Python floats, so ties at the threshold fall as 0.x's
    if sum(recall_mat[gt_id, det_ids].tolist()) >= recall_thr:
        return True, det_ids.tolist()
    return False, []


def many2one_match_ic13(det_id: int, recall_mat: np.ndarray,
                        precision_mat: np.ndarray, recall_thr: float,
                        precision_thr: float, gt_match_flag: Sequence,
                        det_match_flag: Sequence,
                        gt_ignored_index: Sequence[int]
                        ) -> tuple[bool, list[int]]:
    """ICDAR 2013 many-to-one rule (several gts merged in one detection):
    the free gts with area recall ``>= recall_thr`` on the free detection
    ``det_id`` cover area precision ``>= precision_thr`` together.

    Returns:
        ``(matched, gt_ids)`` (``gt_ids`` empty when not matched).
    """
    _check_match_args(recall_mat, precision_mat, recall_thr, precision_thr)
    if det_match_flag[det_id]:
        return False, []
    free = _free(recall_mat.shape[0], gt_match_flag, gt_ignored_index)
    gt_ids = np.flatnonzero(free & (recall_mat[:, det_id] >= recall_thr))
    if sum(precision_mat[gt_ids, det_id].tolist()) >= precision_thr:
        return True, gt_ids.tolist()
    return False, []


@dataclass
class ImageGeometry:
    """Boxes and areas of one image, computed once and reused for every
    score threshold and metric.

    Ground truths are the cared ones followed by the ignored ones.

    Attributes:
        inter: ``(G, P)`` intersection areas (gts in rows).
        gt_area: ``(G,)`` gt areas.
        pred_area: ``(P,)`` prediction areas.
        num_care: number of cared gts (the first rows).
        gt_points: the G gt polygons as given (flat coordinates).
        pred_points: the P prediction polygons as given.
    """

    inter: np.ndarray
    gt_area: np.ndarray
    pred_area: np.ndarray
    num_care: int
    gt_points: list
    pred_points: list

    @property
    def gt_ignored(self) -> np.ndarray:
        """``(G,)`` mask of the ignored gts."""
        mask = np.ones(len(self.gt_area), dtype=bool)
        mask[:self.num_care] = False
        return mask

    def pred_ignored(self, precision_thr: float) -> np.ndarray:
        """``(P,)`` mask of predictions to discard: those whose overlap with
        some ignored gt exceeds ``precision_thr`` of their own area (ICDAR
        2015 protocol)."""
        return ignored_by(self.inter[self.num_care:], self.pred_area,
                          precision_thr)

    def select_preds(self, keep: np.ndarray) -> ImageGeometry:
        """The same image with only the predictions where ``keep`` is True."""
        idx = np.flatnonzero(keep)
        return ImageGeometry(self.inter[:, idx], self.gt_area,
                             self.pred_area[idx], self.num_care,
                             self.gt_points,
                             [self.pred_points[i] for i in idx])


def image_geometry(preds: Sequence, gts: Sequence, gts_ignored: Sequence,
                   img_idx: int) -> ImageGeometry:
    """Build the :class:`ImageGeometry` of one image.

    Args:
        preds, gts, gts_ignored: Flat polygons of the image.
        img_idx: Image index, used in error messages.
    """
    gt_points = list(gts) + list(gts_ignored)
    pred_geoms = polys2shapely_array(preds, make_valid=True,
                                     name=f'image {img_idx}: prediction')
    gt_geoms = polys2shapely_array(gt_points, make_valid=True,
                                   name=f'image {img_idx}: ground truth')
    return ImageGeometry(
        inter=pairwise_intersection_area(gt_geoms, pred_geoms),
        gt_area=shapely.area(gt_geoms).astype(np.float64),
        pred_area=shapely.area(pred_geoms).astype(np.float64),
        num_care=len(gts),
        gt_points=gt_points,
        pred_points=list(preds))


def image_geometries(pred_boxes: list, gt_boxes: list, gt_ignored_boxes: list,
                     pred_name: str = 'pred_boxes') -> list[ImageGeometry]:
    """:func:`image_geometry` of every image, after checking the lists
    (``pred_name`` names the first one in errors)."""
    num_imgs = check_box_lists(**{pred_name: pred_boxes}, gt_boxes=gt_boxes,
                               gt_ignored_boxes=gt_ignored_boxes)
    return [image_geometry(pred_boxes[i], gt_boxes[i], gt_ignored_boxes[i], i)
            for i in range(num_imgs)]


def check_box_lists(**box_lists: list) -> int:
    """Check that per-image box lists are lists of equal length; return it."""
    lengths = {}
    for name, value in box_lists.items():
        if not isinstance(value, (list, tuple)):
            raise InvalidTypeError(f'{name} must be a list with one entry per image, '
                                   f'got {type(value).__name__}')
        lengths[name] = len(value)
    if len(set(lengths.values())) > 1:
        raise InvalidValueError(f'per-image lists differ in length: {lengths}')
    return next(iter(lengths.values())) if lengths else 0
