"""Loss of segmentation-based recognizers (SegOCR)."""
from __future__ import annotations

from typing import Sequence

import torch
import torch.nn.functional as F
from torch import nn

from mmocr.core.mask import BitmapMasks
from mmocr.registry import LOSSES
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

__all__ = ['SegLoss']


@LOSSES.register_module()
class SegLoss(nn.Module):
    """Pixel-wise cross entropy between a character class map and the class
    target of :class:`~mmocr.datasets.pipelines.OCRSegTargets`.

    Inputs: ``out_neck`` (unused), ``out_head`` class logits ``(N, C, h,
    w)`` and ``gt_kernels``, N :class:`BitmapMasks` ``(3, H, W)`` whose
    second map (character indexes, ``ignore_index`` over padding) is
    rescaled by ``seg_downsample_ratio`` (nearest) to ``(h, w)``. Returns
    ``dict(loss_seg=scalar)``.

    With ``seg_with_loss_weight`` the character classes weigh
    ``N_bg / N_char`` (background and character pixel counts of the batch,
    padding excluded) and the background 1, balancing the two; the count of
    character pixels is taken as at least 1 (0.x divided by zero on a batch
    without characters).

    Args:
        seg_downsample_ratio: Size of ``out_head`` relative to the targets,
            in (0, 1].
        seg_with_loss_weight: Balance background and character pixels.
        ignore_index: Target value not counted (``OCRSegTargets.pad_val``).
    """

    def __init__(self, seg_downsample_ratio: float = 0.5,
                 seg_with_loss_weight: bool = True, ignore_index: int = 255):
        super().__init__()
        if not isinstance(seg_downsample_ratio, (int, float)) or \
                not 0 < seg_downsample_ratio <= 1:
            raise InvalidValueError('seg_downsample_ratio must be a number in '
                                    f'(0, 1], got {seg_downsample_ratio!r}')
        if not isinstance(ignore_index, int):
            raise InvalidTypeError(f'ignore_index must be an int, got '
                                   f'{ignore_index!r}')
        self.seg_downsample_ratio = seg_downsample_ratio
        self.seg_with_loss_weight = seg_with_loss_weight
        self.ignore_index = ignore_index

    def seg_loss(self, out_head: torch.Tensor,
                 gt_kernels: Sequence[BitmapMasks]) -> torch.Tensor:
        """Weighted cross entropy of ``out_head`` ``(N, C, h, w)``."""
        if len(gt_kernels) != out_head.size(0):
            raise InvalidValueError(f'{len(gt_kernels)} gt_kernels for a batch '
                                    f'of {out_head.size(0)}')
        target = torch.stack([
            kernels[1].rescale(self.seg_downsample_ratio).to_tensor(
                torch.long, out_head.device)[0] for kernels in gt_kernels])
        if target.shape[1:] != out_head.shape[2:]:
            raise InvalidValueError(
                f'SegLoss: head output {tuple(out_head.shape[2:])} and targets '
                f'{tuple(target.shape[1:])} (rescaled by seg_downsample_ratio='
                f'{self.seg_downsample_ratio}) differ in size')
        weight = None
        if self.seg_with_loss_weight:
            num_valid = (target != self.ignore_index).sum()
            num_bg = (target == 0).sum()
            weight = torch.ones(out_head.size(1), device=out_head.device)
            weight[1:] = num_bg.float() / (num_valid - num_bg).clamp(min=1)
        return F.cross_entropy(out_head, target, weight=weight,
                               ignore_index=self.ignore_index)

    def forward(self, out_neck: Sequence[torch.Tensor] | None,
                out_head: torch.Tensor,
                gt_kernels: Sequence[BitmapMasks]) -> dict[str, torch.Tensor]:
        return dict(loss_seg=self.seg_loss(out_head, gt_kernels))
