"""mmdet's ``MaxIoUAssigner`` and ``AssignResult``."""
from __future__ import annotations

from dataclasses import dataclass

import torch

from mmocr.registry import MODELS
from mmocr.utils.errors import InvalidValueError

from .iou import bbox_overlaps

__all__ = ['AssignResult', 'MaxIoUAssigner']


@dataclass
class AssignResult:
    """Which gt each box is assigned to.

    Attributes:
        num_gts: Number of gt boxes.
        gt_inds: ``(N,)`` long: ``0`` negative, ``-1`` ignored, ``i + 1``
            assigned to gt ``i``.
        max_overlaps: ``(N,)`` best IoU of each box with any gt.
        labels: ``(N,)`` label of the assigned gt (``-1`` otherwise), or
            ``None`` when no gt labels were given.
    """

    num_gts: int
    gt_inds: torch.Tensor
    max_overlaps: torch.Tensor
    labels: torch.Tensor | None = None

    def add_gt_(self, gt_labels: torch.Tensor | None) -> None:
        """Prepend the gt boxes themselves as boxes assigned to themselves."""
        self_inds = torch.arange(1, self.num_gts + 1, dtype=torch.long,
                                 device=self.gt_inds.device)
        self.gt_inds = torch.cat([self_inds, self.gt_inds])
        self.max_overlaps = torch.cat(
            [self.max_overlaps.new_ones(self.num_gts), self.max_overlaps])
        if self.labels is not None:
            self.labels = torch.cat([gt_labels.to(self.labels), self.labels])


@MODELS.register_module()
class MaxIoUAssigner:
    """Assign each box to the gt it overlaps most.

    A box whose best IoU is below ``neg_iou_thr`` (a float, or a ``(lo, hi)``
    range) is negative, at least ``pos_iou_thr`` positive; the rest are
    ignored. With ``match_low_quality`` each gt whose best IoU reaches
    ``min_pos_iou`` also takes the boxes that overlap it best (all of them
    when ``gt_max_assign_all``; a later gt wins a tie), even below
    ``pos_iou_thr``. Boxes overlapping ``gt_bboxes_ignore`` by IoF above
    ``ignore_iof_thr`` (when > 0) are ignored.

    ``gpu_assign_thr`` and ``iou_calculator`` are accepted for mmdet config
    compatibility (the overlaps are always :func:`bbox_overlaps`, on the
    boxes' device).

    ``assign(bboxes (N, 4), gt_bboxes (K, 4), gt_bboxes_ignore, gt_labels
    (K,))`` -> :class:`AssignResult`.
    """

    def __init__(self, pos_iou_thr: float, neg_iou_thr: float | tuple,
                 min_pos_iou: float = .0, gt_max_assign_all: bool = True,
                 ignore_iof_thr: float = -1, ignore_wrt_candidates: bool = True,
                 match_low_quality: bool = True, gpu_assign_thr: int = -1,
                 iou_calculator: dict | None = None):
        if iou_calculator is not None and iou_calculator.get(
                'type', 'BboxOverlaps2D') != 'BboxOverlaps2D':
            raise InvalidValueError('MaxIoUAssigner: only iou_calculator type '
                                    f"'BboxOverlaps2D' exists, got {iou_calculator}")
        self.pos_iou_thr = pos_iou_thr
        self.neg_iou_thr = neg_iou_thr
        self.min_pos_iou = min_pos_iou
        self.gt_max_assign_all = gt_max_assign_all
        self.ignore_iof_thr = ignore_iof_thr
        self.ignore_wrt_candidates = ignore_wrt_candidates
        self.match_low_quality = match_low_quality
        self.gpu_assign_thr = gpu_assign_thr

    def assign(self, bboxes: torch.Tensor, gt_bboxes: torch.Tensor,
               gt_bboxes_ignore: torch.Tensor | None = None,
               gt_labels: torch.Tensor | None = None) -> AssignResult:
        bboxes = bboxes[:, :4]
        overlaps = bbox_overlaps(gt_bboxes, bboxes)
        if (self.ignore_iof_thr > 0 and gt_bboxes_ignore is not None
                and gt_bboxes_ignore.numel() > 0 and bboxes.numel() > 0):
            if self.ignore_wrt_candidates:
                iof = bbox_overlaps(bboxes, gt_bboxes_ignore, mode='iof')
                ignore_max = iof.max(dim=1).values
            else:
                iof = bbox_overlaps(gt_bboxes_ignore, bboxes, mode='iof')
                ignore_max = iof.max(dim=0).values
            overlaps[:, ignore_max > self.ignore_iof_thr] = -1
        return self.assign_wrt_overlaps(overlaps, gt_labels)

    def assign_wrt_overlaps(self, overlaps: torch.Tensor,
                            gt_labels: torch.Tensor | None = None
                            ) -> AssignResult:
        """Assign from an ``(K, N)`` gt-by-box overlap matrix."""
        num_gts, num_bboxes = overlaps.shape
        gt_inds = overlaps.new_full((num_bboxes,), -1, dtype=torch.long)
        if num_gts == 0 or num_bboxes == 0:
            max_overlaps = overlaps.new_zeros((num_bboxes,))
            if num_gts == 0:
                gt_inds[:] = 0
            labels = (None if gt_labels is None else
                      overlaps.new_full((num_bboxes,), -1, dtype=torch.long))
            return AssignResult(num_gts, gt_inds, max_overlaps, labels)
        max_overlaps, argmax = overlaps.max(dim=0)
        gt_max, gt_argmax = overlaps.max(dim=1)
        if isinstance(self.neg_iou_thr, (int, float)):
            neg = (max_overlaps >= 0) & (max_overlaps < self.neg_iou_thr)
        else:
            low, high = self.neg_iou_thr
            neg = (max_overlaps >= low) & (max_overlaps < high)
        gt_inds[neg] = 0
        pos = max_overlaps >= self.pos_iou_thr
        gt_inds[pos] = argmax[pos] + 1
        if self.match_low_quality:
            good = gt_max >= self.min_pos_iou
            if self.gt_max_assign_all:
                hits = (overlaps == gt_max[:, None]) & good[:, None]
                # The last gt that has a box as one of its best takes it.
                last = num_gts - 1 - hits.flip(0).to(torch.uint8).argmax(dim=0)
                taken = hits.any(dim=0)
                gt_inds[taken] = last[taken] + 1
            else:
                gts = torch.nonzero(good, as_tuple=True)[0]
                gt_inds[gt_argmax[gts]] = gts + 1
        labels = None
        if gt_labels is not None:
            labels = gt_inds.new_full((num_bboxes,), -1)
            assigned = gt_inds > 0
            labels[assigned] = gt_labels[gt_inds[assigned] - 1].long()
        return AssignResult(num_gts, gt_inds, max_overlaps, labels)
