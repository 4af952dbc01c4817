"""TextSnake's loss: OHEM cross-entropy on the text region, cross-entropy on
the center region, smooth L1 on radius, sin and cos."""
from __future__ import annotations

from typing import Any, Sequence

import torch
import torch.nn.functional as F
from torch import nn

from mmocr.registry import LOSSES
from mmocr.utils.errors import InvalidValueError

from .db_loss import gt_maps

__all__ = ['TextSnakeLoss']

_GT_FIELDS = ('gt_text_mask', 'gt_center_region_mask', 'gt_mask',
              'gt_radius_map', 'gt_sin_map', 'gt_cos_map')


@LOSSES.register_module()
class TextSnakeLoss(nn.Module):
    """Loss of TextSnake (https://arxiv.org/abs/1807.01544), as MMOCR 0.x.

    Over the pixels of the effective mask ``gt_mask``:

    * ``loss_text``: binary cross-entropy of the text-region logits with
      OHEM (all positives plus at most ``ohem_ratio`` x as many of the
      hardest negatives; 100 negatives when the batch has no positive);
    * ``loss_center``: binary cross-entropy of the center-region logits,
      averaged over the text pixels;
    * ``loss_radius``: smooth L1 of ``pred_radius / (gt_radius + 0.01)``
      against 1, ``loss_sin``, ``loss_cos``: smooth L1 of the predicted
      sin, cos (normalised to a unit vector) against the targets; all three
      averaged over the center-region pixels (0 when there are none);
    * ``loss_orient_norm`` (only when ``orientation_norm_weight > 0``; not
      in MMOCR 0.x): ``orientation_norm_weight`` x the mean of ``(|(sin,
      cos)| - 1)**2`` of the raw predictions over the same pixels.

    The sin/cos loss only sees the direction of the raw vector, so its
    gradient is tangent to it and scaled by ``1 / |(sin, cos)|``: each step
    lengthens the vector, and under Adam (steps of a fixed size) the raw
    length grows to 10-20 in a few hundred iterations, dividing the
    orientation gradient that reaches the shared features by as much. DRRG
    on the curved synthetic scenes stalled there (every text pixel
    predicting one orientation, sin -1 / cos 0, for 1000+ iterations); the
    norm term keeps the length near 1 (docs/en/status.md, session 18: with
    it the orientation started to be learnt, without it not).

    ``forward(pred_maps, downsample_ratio, gt_text_mask,
    gt_center_region_mask, gt_mask, gt_radius_map, gt_sin_map,
    gt_cos_map)``: ``pred_maps`` ``(N, 5, H, W)`` (text, center, sin, cos,
    radius); each gt a list of N ``BitmapMasks`` (or ``(h, w)`` arrays,
    ``TextSnakeTargets``' fields) zero-padded at the bottom/right to ``(H,
    W)`` after a nearest rescale by ``downsample_ratio`` (the radius is
    scaled by it too). Returns ``dict(loss_text, loss_center, loss_radius,
    loss_sin, loss_cos)``.

    Args:
        ohem_ratio: Negatives per positive kept by OHEM.
        orientation_norm_weight: Weight of ``loss_orient_norm``; 0 (MMOCR
            0.x's loss) leaves it out.
    """

    def __init__(self, ohem_ratio: float = 3.0,
                 orientation_norm_weight: float = 0.0):
        super().__init__()
        name = type(self).__name__
        if isinstance(ohem_ratio, bool) or not isinstance(ohem_ratio, (int, float)) \
                or ohem_ratio <= 0:
            raise InvalidValueError(f'{name}: ohem_ratio must be a number > 0, got '
                                    f'{ohem_ratio!r}')
        if isinstance(orientation_norm_weight, bool) \
                or not isinstance(orientation_norm_weight, (int, float)) \
                or orientation_norm_weight < 0:
            raise InvalidValueError(f'{name}: orientation_norm_weight must be a '
                                    f'number >= 0, got {orientation_norm_weight!r}')
        self.ohem_ratio = ohem_ratio
        self.orientation_norm_weight = float(orientation_norm_weight)

    def orientation_losses(self, pred_sin: torch.Tensor, pred_cos: torch.Tensor,
                           gt_sin: torch.Tensor, gt_cos: torch.Tensor,
                           mask: torch.Tensor) -> dict[str, torch.Tensor]:
        """``loss_sin``, ``loss_cos`` (and ``loss_orient_norm`` when its
        weight is > 0) of the raw ``pred_sin``, ``pred_cos`` against the
        targets, averaged over ``mask`` (all ``(N, H, W)``; 0 each when the
        mask is empty)."""
        norm = torch.sqrt(pred_sin**2 + pred_cos**2 + 1e-8)
        losses = dict(
            loss_sin=self.masked_mean(F.smooth_l1_loss(
                pred_sin / norm, gt_sin, reduction='none'), mask),
            loss_cos=self.masked_mean(F.smooth_l1_loss(
                pred_cos / norm, gt_cos, reduction='none'), mask))
        if self.orientation_norm_weight > 0:
            losses['loss_orient_norm'] = (self.orientation_norm_weight
                                          * self.masked_mean((norm - 1)**2, mask))
        return losses

    @staticmethod
    def masked_mean(loss: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Mean of ``loss`` over the pixels of ``mask`` (same shape, in
        {0, 1}); 0, still differentiable, when the mask is empty."""
        return (loss * mask).sum() / mask.sum().clamp(min=1)

    @staticmethod
    def ratio_loss(pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        """Per-pixel smooth L1 of ``pred / (target + 0.01)`` against 1 (the
        radius and height terms)."""
        ratio = pred / (target + 1e-2)
        return F.smooth_l1_loss(ratio, torch.ones_like(ratio), reduction='none')

    def balanced_bce_loss(self, pred: torch.Tensor, gt: torch.Tensor,
                          mask: torch.Tensor) -> torch.Tensor:
        """OHEM binary cross-entropy: ``pred`` logits, ``gt`` and ``mask``
        in {0, 1}, all ``(N, H, W)``."""
        if not pred.shape == gt.shape == mask.shape:
            raise InvalidValueError('TextSnakeLoss: pred, gt and mask shapes differ: '
                                    f'{tuple(pred.shape)}, {tuple(gt.shape)}, '
                                    f'{tuple(mask.shape)}')
        positive = gt * mask
        negative = (1 - gt) * mask
        n_pos = int(positive.sum())
        n_neg_all = int(negative.sum())
        loss = F.binary_cross_entropy_with_logits(pred, gt, reduction='none')
        positive_loss = (loss * positive).sum()
        n_neg = (min(n_neg_all, int(n_pos * self.ohem_ratio)) if n_pos > 0
                 else min(n_neg_all, 100))
        negative_loss = torch.topk((loss * negative).flatten(), n_neg).values
        return (positive_loss + negative_loss.sum()) / (n_pos + n_neg + 1e-5)

    def forward(self, pred_maps: torch.Tensor, downsample_ratio: float,
                gt_text_mask: Sequence[Any], gt_center_region_mask: Sequence[Any],
                gt_mask: Sequence[Any], gt_radius_map: Sequence[Any],
                gt_sin_map: Sequence[Any],
                gt_cos_map: Sequence[Any]) -> dict[str, torch.Tensor]:
        if not isinstance(pred_maps, torch.Tensor) or pred_maps.dim() != 4 \
                or pred_maps.size(1) != 5:
            raise InvalidValueError('TextSnakeLoss expects pred_maps of shape (N, 5, '
                                    'H, W), got '
                                    f'{tuple(getattr(pred_maps, "shape", ()))}')
        gt = gt_maps('TextSnakeLoss', pred_maps, downsample_ratio,
                     dict(zip(_GT_FIELDS, (
                         gt_text_mask, gt_center_region_mask, gt_mask,
                         gt_radius_map, gt_sin_map, gt_cos_map))))
        gt['gt_radius_map'] = gt['gt_radius_map'] * downsample_ratio
        pred_text, pred_center = pred_maps[:, 0], pred_maps[:, 1]
        pred_sin, pred_cos = pred_maps[:, 2], pred_maps[:, 3]
        pred_radius = pred_maps[:, 4]
        effective = gt['gt_mask']

        loss_text = self.balanced_bce_loss(pred_text, gt['gt_text_mask'],
                                           effective)
        center_bce = F.binary_cross_entropy_with_logits(
            pred_center, gt['gt_center_region_mask'], reduction='none')
        loss_center = self.masked_mean(center_bce, gt['gt_text_mask'] * effective)
        center_mask = gt['gt_center_region_mask'] * effective
        loss_radius = self.masked_mean(
            self.ratio_loss(pred_radius, gt['gt_radius_map']), center_mask)
        return dict(loss_text=loss_text, loss_center=loss_center,
                    loss_radius=loss_radius,
                    **self.orientation_losses(pred_sin, pred_cos,
                                              gt['gt_sin_map'],
                                              gt['gt_cos_map'], center_mask))

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(ohem_ratio={self.ohem_ratio}, '
                f'orientation_norm_weight={self.orientation_norm_weight})')
