"""Axis-aligned box overlaps (mmdet's ``bbox_overlaps``)."""
from __future__ import annotations

import torch

from mmocr.utils.errors import InvalidValueError

__all__ = ['bbox_overlaps']


def bbox_overlaps(bboxes1: torch.Tensor, bboxes2: torch.Tensor,
                  mode: str = 'iou', is_aligned: bool = False,
                  eps: float = 1e-6) -> torch.Tensor:
    """IoU (or IoF, intersection over the first box's area) of boxes.

    Args:
        bboxes1: ``(M, 4)`` boxes ``[x1, y1, x2, y2]``.
        bboxes2: ``(N, 4)`` boxes (``(M, 4)`` when ``is_aligned``).
        mode: ``'iou'`` or ``'iof'``.
        is_aligned: Overlap of each pair ``(bboxes1[i], bboxes2[i])``.
        eps: Added to the denominator (a zero-area pair gives 0, not NaN).

    Returns:
        ``(M, N)``, or ``(M,)`` when ``is_aligned``.
    """
    if mode not in ('iou', 'iof'):
        raise InvalidValueError(f"mode must be 'iou' or 'iof', got {mode!r}")
    if bboxes1.size(-1) != 4 or bboxes2.size(-1) != 4:
        raise InvalidValueError('boxes must be (N, 4), got '
                                f'{tuple(bboxes1.shape)} and {tuple(bboxes2.shape)}')
    if is_aligned and bboxes1.size(0) != bboxes2.size(0):
        raise InvalidValueError('is_aligned needs as many boxes in both sets, got '
                                f'{bboxes1.size(0)} and {bboxes2.size(0)}')
    area1 = (bboxes1[:, 2] - bboxes1[:, 0]) * (bboxes1[:, 3] - bboxes1[:, 1])
    area2 = (bboxes2[:, 2] - bboxes2[:, 0]) * (bboxes2[:, 3] - bboxes2[:, 1])
    if is_aligned:
        a, b = bboxes1, bboxes2
    else:  # broadcast (M, 1) against (1, N); one coordinate at a time
        a, b = bboxes1[:, None, :], bboxes2[None, :, :]
        area1, area2 = area1[:, None], area2[None, :]
    w = (torch.min(a[..., 2], b[..., 2]) - torch.max(a[..., 0], b[..., 0])
         ).clamp_(min=0)
    h = (torch.min(a[..., 3], b[..., 3]) - torch.max(a[..., 1], b[..., 1])
         ).clamp_(min=0)
    overlap = w.mul_(h)
    if mode == 'iou':
        denom = (area1 + area2).sub_(overlap)
    else:
        denom = area1.expand_as(overlap)
    return overlap / denom.clamp(min=eps)
