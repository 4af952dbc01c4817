"""mmdet's box-list transforms."""
from __future__ import annotations

from typing import Sequence

import torch

__all__ = ['bbox2roi']


def bbox2roi(bbox_list: Sequence[torch.Tensor]) -> torch.Tensor:
    """Per-image boxes ``[(n_i, >=4)]`` -> rois ``(sum n_i, 5)`` rows
    ``[image_index, x1, y1, x2, y2]``."""
    rois = []
    for img_id, bboxes in enumerate(bbox_list):
        bboxes = bboxes[:, :4]
        ids = bboxes.new_full((bboxes.size(0), 1), img_id)
        rois.append(torch.cat([ids, bboxes], dim=-1))
    return torch.cat(rois, 0)
