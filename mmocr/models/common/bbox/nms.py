"""Greedy non-maximum suppression in plain torch (no torchvision).

Greedy NMS keeps box ``j`` (boxes sorted by score) iff no kept box ``i < j``
overlaps it more than the threshold. That rule has one solution, reached by
iterating ``keep = ~any_i(keep[i] & over[i, j], i < j)`` from all-True
(Cluster-NMS, https://arxiv.org/abs/2005.03572): after ``t`` steps the first
``t`` entries are final, and the iteration stops at the fixed point, usually
after a few matrix-vector products. No Python loop over boxes. ``batched_nms``
runs each group (level, class) on its own, so the IoU matrices stay per
group (mmcv shifts the groups apart instead: the same result).
"""
from __future__ import annotations

import torch

from mmocr.registry import check_kwargs
from mmocr.utils.errors import InvalidValueError

from .iou import bbox_overlaps

__all__ = ['nms', 'batched_nms', 'check_nms_cfg']


def _nms_options(iou_threshold: float, max_num: int = -1,
                 class_agnostic: bool = False, split_thr: int = 10000
                 ) -> dict:
    """The keys of mmcv's ``nms_cfg`` besides ``type`` (``split_thr`` is
    accepted; groups are always suppressed one by one)."""
    return dict(iou_threshold=iou_threshold, max_num=max_num,
                class_agnostic=class_agnostic)


def check_nms_cfg(nms_cfg: dict) -> dict:
    """Validate ``dict(type='nms', iou_threshold=..., ...)``; return its
    options. An unknown key is an ``UnknownKeyError`` (so a model that checks
    its NMS configs when built names the key's path)."""
    cfg = dict(nms_cfg)
    nms_type = cfg.pop('type', 'nms')
    if nms_type != 'nms':
        raise NotImplementedError(f"nms type {nms_type!r} is not implemented; "
                                  "only 'nms'")
    check_kwargs(_nms_options, cfg, 'nms config', owner_type=nms_type)
    if 'iou_threshold' not in cfg:
        raise InvalidValueError(f'nms config needs iou_threshold, got {nms_cfg}')
    return _nms_options(**cfg)


def nms(boxes: torch.Tensor, scores: torch.Tensor, iou_threshold: float,
        score_threshold: float = 0, max_num: int = -1
        ) -> tuple[torch.Tensor, torch.Tensor]:
    """mmcv's ``nms``: keep the best-scoring boxes, dropping any box whose
    IoU with a kept, higher-scoring box exceeds ``iou_threshold``.

    Args:
        boxes: ``(N, 4)`` ``[x1, y1, x2, y2]``.
        scores: ``(N,)``.
        iou_threshold: Suppression IoU (strictly greater is suppressed).
        score_threshold: Boxes scoring at most this are dropped first
            (only when > 0).
        max_num: Keep at most this many (all when < 0).

    Returns:
        ``(dets (K, 5), keep (K,))``: kept boxes with their scores, by
        decreasing score, and their indices into ``boxes``.
    """
    if boxes.dim() != 2 or boxes.size(1) != 4 or scores.shape != boxes.shape[:1]:
        raise InvalidValueError('nms expects boxes (N, 4) and scores (N,), got '
                                f'{tuple(boxes.shape)} and {tuple(scores.shape)}')
    candidates = torch.arange(boxes.size(0), device=boxes.device)
    if score_threshold > 0:
        candidates = candidates[scores > score_threshold]
    order = candidates[scores[candidates].argsort(descending=True, stable=True)]
    sorted_boxes = boxes[order].float()
    over = (bbox_overlaps(sorted_boxes, sorted_boxes) > iou_threshold).triu(1)
    over = over.float()
    keep_mask = torch.ones(order.numel(), dtype=torch.bool, device=boxes.device)
    while True:
        suppressed = (keep_mask.float() @ over) > 0
        if torch.equal(~suppressed, keep_mask):
            break
        keep_mask = ~suppressed
    keep = order[keep_mask]
    if max_num >= 0:
        keep = keep[:max_num]
    return torch.cat([boxes[keep], scores[keep, None]], dim=1), keep


def batched_nms(boxes: torch.Tensor, scores: torch.Tensor,
                idxs: torch.Tensor, nms_cfg: dict | None,
                class_agnostic: bool = False
                ) -> tuple[torch.Tensor, torch.Tensor]:
    """mmcv's ``batched_nms``: NMS within each group of ``idxs`` (a class or
    a feature level).

    Args:
        boxes: ``(N, 4)``.
        scores: ``(N,)``.
        idxs: ``(N,)`` group of each box.
        nms_cfg: ``dict(type='nms', iou_threshold=..., [max_num=...,
            class_agnostic=...])``; ``None`` skips NMS and only sorts by
            score.
        class_agnostic: One group for all boxes.

    Returns:
        ``(dets (K, 5), keep (K,))`` as :func:`nms`.
    """
    if nms_cfg is None:
        scores, keep = scores.sort(descending=True)
        return torch.cat([boxes[keep], scores[:, None]], -1), keep
    opts = check_nms_cfg(nms_cfg)
    class_agnostic = opts['class_agnostic'] or class_agnostic
    iou_threshold, max_num = opts['iou_threshold'], opts['max_num']
    if class_agnostic or boxes.numel() == 0:
        _, keep = nms(boxes, scores, iou_threshold, max_num=max_num)
    else:
        keep = torch.cat([
            group[nms(boxes[group], scores[group], iou_threshold)[1]]
            for group in (torch.nonzero(idxs == g, as_tuple=True)[0]
                          for g in torch.unique(idxs))])
        keep = keep[scores[keep].argsort(descending=True, stable=True)]
        if max_num >= 0:
            keep = keep[:max_num]
    return torch.cat([boxes[keep], scores[keep, None]], -1), keep
