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
    'boundary_iou'
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


def filter_2dlist_result(results: list, scores: Sequence[float],
                         score_thr: float) -> tuple[list, list]:
    """Keep the results whose score is strictly above ``score_thr``."""
    if len(results) != len(scores):
        raise InvalidValueError(f'{len(results)} results but {len(scores)} scores')
    keep = np.flatnonzero(np.asarray(scores, dtype=np.float64) > score_thr)
    return [results[i] for i in keep], [scores[i] for i in keep]


def select_top_boundary(boundaries_list: list, scores_list: list,
                        score_thr: float) -> list:
    """Per image, keep the boundaries whose score is ``>= score_thr``."""
    if len(boundaries_list) != len(scores_list):
        raise InvalidValueError(f'{len(boundaries_list)} images of boundaries but '
                                f'{len(scores_list)} of scores')
    selected = []
    for boundaries, scores in zip(boundaries_list, scores_list):
        keep = np.flatnonzero(np.asarray(scores, dtype=np.float64) >= score_thr)
        selected.append([boundaries[i] for i in keep])
    return selected


def points2polygon(points: Sequence[float] | np.ndarray):
    """Flat points ``[x1, y1, ..., xk, yk]`` (k >= 4, as MMOCR 0.x) -> a
    shapely Polygon."""
    arr = np.asarray(points, dtype=np.float64).reshape(-1)
    if arr.size % 2 != 0 or arr.size < 8:
        raise InvalidValueError('points2polygon needs an even number (>= 8) of '
                                f'coordinates, got {arr.size}')
    return poly2shapely(arr)


def points_center(points: np.ndarray) -> np.ndarray:
    """Mean point of a flat polygon -> ``(2,)``."""
    return np.asarray(points, dtype=np.float64).reshape(-1, 2).mean(axis=0)


def box_center_distance(b1: np.ndarray, b2: np.ndarray) -> float:
    """Distance between the mean points of two flat polygons."""
    return float(np.linalg.norm(points_center(b1) - points_center(b2)))


def box_diag(box: np.ndarray) -> float:
    """Diagonal length of a polygon: ``|p0 - p2|`` for a quad (MMOCR's
    definition), the bounding-box diagonal for any other polygon."""
    pts = np.asarray(box, dtype=np.float64).reshape(-1, 2)
    if len(pts) == 4:
        return float(np.linalg.norm(pts[0] - pts[2]))
    return float(np.linalg.norm(pts.max(axis=0) - pts.min(axis=0)))


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
        ignored_inter = self.inter[self.num_care:]
        if len(ignored_inter) == 0:
            return np.zeros(len(self.pred_area), dtype=bool)
        with np.errstate(divide='ignore', invalid='ignore'):
            ratio = np.where(self.pred_area > 0,
                             ignored_inter / self.pred_area, 0.0)
        return (ratio > precision_thr).any(axis=0)

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
