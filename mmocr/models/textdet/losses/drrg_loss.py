"""DRRG's loss: OHEM cross-entropy on the text region, cross-entropy on the
center region, smooth L1 on the heights, sin and cos, cross-entropy on the
GCN's linkages."""
from __future__ import annotations

from typing import Any, Sequence

import torch
import torch.nn.functional as F

from mmocr.registry import LOSSES
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

from .db_loss import gt_maps
from .textsnake_loss import TextSnakeLoss

__all__ = ['DRRGLoss']

_GT_FIELDS = ('gt_text_mask', 'gt_center_region_mask', 'gt_mask',
              'gt_top_height_map', 'gt_bot_height_map', 'gt_sin_map',
              'gt_cos_map')


@LOSSES.register_module()
class DRRGLoss(TextSnakeLoss):
    """Loss of DRRG (https://arxiv.org/abs/2003.07493), as MMOCR 0.x.

    Over the pixels of the effective mask ``gt_mask``:

    * ``loss_text``: OHEM binary cross-entropy of the text-region logits
      (:meth:`~TextSnakeLoss.balanced_bce_loss`);
    * ``loss_center``: binary cross-entropy of the center-region logits,
      its mean over the text pixels plus 0.5 x its mean over the non-text
      pixels;
    * ``loss_height``: smooth L1 of ``pred_top / (gt_top + 0.01)`` and of
      ``pred_bot / (gt_bot + 0.01)`` against 1, summed, weighted by
      ``log(gt_top + gt_bot + 1)``; ``loss_sin``, ``loss_cos``: smooth L1
      of the predicted sin, cos (normalised to a unit vector); all three
      averaged over the center-region pixels (0 when there are none);
    * ``loss_gcn``: cross-entropy of the GCN's linkage logits;
    * ``loss_orient_norm`` with ``orientation_norm_weight > 0``, as
      :class:`TextSnakeLoss` (not in MMOCR 0.x).

    ``forward(preds, downsample_ratio, gt_text_mask, gt_center_region_mask,
    gt_mask, gt_top_height_map, gt_bot_height_map, gt_sin_map,
    gt_cos_map)``: ``preds`` is ``DRRGHead``'s ``(pred_maps (N, 6, H, W),
    (gcn_pred (E, 2), gt_labels (G, K)))`` (maps: text, center, sin, cos,
    top height, bottom height); each gt a list of N ``BitmapMasks`` (or
    arrays) rescaled by ``downsample_ratio`` (the heights too) and padded
    to ``(H, W)``. Returns ``dict(loss_text, loss_center, loss_height,
    loss_sin, loss_cos, loss_gcn)``.

    Args: those of :class:`TextSnakeLoss`.
    """

    def forward(self, preds: tuple, downsample_ratio: float,
                gt_text_mask: Sequence[Any], gt_center_region_mask: Sequence[Any],
                gt_mask: Sequence[Any], gt_top_height_map: Sequence[Any],
                gt_bot_height_map: Sequence[Any], gt_sin_map: Sequence[Any],
                gt_cos_map: Sequence[Any]) -> dict[str, torch.Tensor]:
        if not isinstance(preds, (tuple, list)) or len(preds) != 2:
            raise InvalidTypeError('DRRGLoss expects preds (pred_maps, (gcn_pred, '
                                   f'gt_labels)), got {type(preds).__name__}')
        pred_maps, (gcn_pred, gt_labels) = preds
        if pred_maps.dim() != 4 or pred_maps.size(1) != 6:
            raise InvalidValueError('DRRGLoss expects pred_maps of shape (N, 6, H, '
                                    f'W), got {tuple(pred_maps.shape)}')
        gt = gt_maps('DRRGLoss', pred_maps, downsample_ratio,
                     dict(zip(_GT_FIELDS, (
                         gt_text_mask, gt_center_region_mask, gt_mask,
                         gt_top_height_map, gt_bot_height_map, gt_sin_map,
                         gt_cos_map))))
        gt_top = gt['gt_top_height_map'] * downsample_ratio
        gt_bot = gt['gt_bot_height_map'] * downsample_ratio
        effective = gt['gt_mask']

        loss_text = self.balanced_bce_loss(pred_maps[:, 0], gt['gt_text_mask'],
                                           effective)
        center_bce = F.binary_cross_entropy_with_logits(
            pred_maps[:, 1], gt['gt_center_region_mask'], reduction='none')
        loss_center = (
            self.masked_mean(center_bce, gt['gt_text_mask'] * effective)
            + 0.5 * self.masked_mean(center_bce,
                                     (1 - gt['gt_text_mask']) * effective))
        center_mask = gt['gt_center_region_mask'] * effective
        loss_height = self.masked_mean(
            torch.log(gt_top + gt_bot + 1)
            * (self.ratio_loss(pred_maps[:, 4], gt_top)
               + self.ratio_loss(pred_maps[:, 5], gt_bot)), center_mask)
        loss_gcn = F.cross_entropy(gcn_pred,
                                   gt_labels.reshape(-1).to(gcn_pred.device).long())
        return dict(loss_text=loss_text, loss_center=loss_center,
                    loss_height=loss_height,
                    **self.orientation_losses(pred_maps[:, 2], pred_maps[:, 3],
                                              gt['gt_sin_map'],
                                              gt['gt_cos_map'], center_mask),
                    loss_gcn=loss_gcn)
