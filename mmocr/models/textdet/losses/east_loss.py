"""EAST's loss: score map (dice or class-balanced BCE) plus geometry."""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from mmocr.registry import LOSSES
from mmocr.utils.errors import InvalidValueError

from .db_loss import check_gt_batch

__all__ = ['EASTLoss']


def _stack_maps(maps: Sequence[Any], channels: int,
                size: tuple[int, int], name: str,
                device: torch.device) -> torch.Tensor:
    """``(N, channels, H, W)`` float tensor of one ``(channels, h, w)`` map
    per image (``BitmapMasks``, array or tensor), zero-padded at the
    bottom/right to ``size``."""
    height, width = size
    out = np.zeros((len(maps), channels, height, width), dtype=np.float32)
    for i, item in enumerate(maps):
        data = getattr(item, 'masks', item)
        if isinstance(data, torch.Tensor):
            data = data.detach().cpu().numpy()
        data = np.asarray(data, dtype=np.float32)
        if data.ndim != 3 or data.shape[0] != channels:
            raise InvalidValueError(f'EASTLoss: {name}[{i}] must be ({channels}, H, '
                                    f'W), got shape {data.shape}')
        h, w = data.shape[1:]
        if h > height or w > width:
            raise InvalidValueError(
                f'EASTLoss: {name}[{i}] of size {(h, w)} is larger than the '
                f'prediction map {(height, width)}: EASTTargets must use the '
                "head's downsample_ratio and come after Pad")
        out[i, :, :h, :w] = data
    return torch.from_numpy(out).to(device)


@LOSSES.register_module()
class EASTLoss(nn.Module):
    """Loss of EAST (Zhou et al. 2017, section 3.4).

    With ``m`` the training mask (``gt_mask``), ``y`` the gt score and ``p``
    the predicted score:

    * ``loss_score`` (x ``score_weight``): ``'dice'``: ``1 - 2 sum(p y m) /
      (sum(p m) + sum(y m) + eps)`` over the batch; ``'bce'``: the
      class-balanced cross-entropy ``-[beta y log p + (1 - beta) (1 - y)
      log(1 - p)]`` averaged over the pixels with ``m = 1``, ``beta = 1 -
      sum(y m) / sum(m)``;
    * the geometry terms, averaged over the positive pixels (``y = 1``,
      ``m = 1``; 0 when there are none): RBOX: ``loss_geo`` (x
      ``geo_weight``) the IoU loss ``-log((I + 1) / (U + 1))`` of the
      axis-aligned boxes given by the 4 distances (in the rectangle's
      frame) and ``loss_angle`` (x ``geo_weight * angle_weight``) ``1 -
      cos(theta - theta*)``; QUAD: ``loss_geo`` (x ``geo_weight``) the
      smoothed-L1 of the 8 corner offsets summed and divided by ``8 *``
      the length of the gt quad's shortest side (at least 1 pixel).

    Args:
        score_loss: ``'dice'`` or ``'bce'``.
        score_weight: Weight of the score loss.
        geo_weight: Weight of the geometry loss (``lambda_g``).
        angle_weight: Weight of the angle term in the RBOX geometry loss
            (``lambda_theta``, 10 in the paper).
        eps: Numerical stabiliser.

    ``forward(preds, downsample_ratio, gt_score, gt_geo, gt_mask)``:
    ``preds`` ``(N, 6, H, W)`` (RBOX) or ``(N, 9, H, W)`` (QUAD) as
    ``EASTHead`` outputs; the gts are N maps each (``BitmapMasks`` of
    ``EASTTargets``, already at the prediction's resolution, so
    ``downsample_ratio``, the head's, is only passed on by the head):
    ``gt_score`` ``(1, h, w)``, ``gt_geo`` ``(5 or 8, h, w)``, ``gt_mask``
    ``(1, h, w)``. Returns ``dict(loss_score, loss_geo)``, plus
    ``loss_angle`` for RBOX.
    """

    def __init__(self, score_loss: str = 'dice', score_weight: float = 1.0,
                 geo_weight: float = 1.0, angle_weight: float = 10.0,
                 eps: float = 1e-6):
        super().__init__()
        if score_loss not in ('dice', 'bce'):
            raise InvalidValueError("EASTLoss: score_loss must be 'dice' or 'bce', "
                                    f'got {score_loss!r}')
        self.score_loss = score_loss
        self.score_weight = score_weight
        self.geo_weight = geo_weight
        self.angle_weight = angle_weight
        self.eps = eps

    def forward(self, preds: torch.Tensor, downsample_ratio: float,
                gt_score: Sequence[Any], gt_geo: Sequence[Any],
                gt_mask: Sequence[Any]) -> dict[str, torch.Tensor]:
        if preds.dim() != 4 or preds.size(1) not in (6, 9):
            raise InvalidValueError('EASTLoss expects preds of shape (N, 6, H, W) '
                                    '(RBOX) or (N, 9, H, W) (QUAD), got '
                                    f'{tuple(preds.shape)}')
        n = preds.size(0)
        check_gt_batch('EASTLoss', downsample_ratio, n,
                       dict(gt_score=gt_score, gt_geo=gt_geo, gt_mask=gt_mask))
        size = tuple(preds.shape[2:])
        geo_channels = preds.size(1) - 1
        score = _stack_maps(gt_score, 1, size, 'gt_score', preds.device)[:, 0]
        mask = _stack_maps(gt_mask, 1, size, 'gt_mask', preds.device)[:, 0]
        geo = _stack_maps(gt_geo, geo_channels, size,
                          f'gt_geo ({"RBOX" if geo_channels == 5 else "QUAD"}'
                          ' predictions)', preds.device)
        target = (score > 0.5).to(preds.dtype)
        mask = (mask > 0.5).to(preds.dtype)
        losses = dict(loss_score=self.score_weight * self.score_term(
            preds[:, 0], target, mask))
        pos = (target * mask) > 0
        if not pos.any():
            zero = preds.sum() * 0
            losses['loss_geo'] = zero
            if geo_channels == 5:
                losses['loss_angle'] = zero
            return losses
        pred_geo = preds[:, 1:].permute(0, 2, 3, 1)[pos]
        gt = geo.permute(0, 2, 3, 1)[pos]
        if geo_channels == 5:
            iou_loss, angle_loss = self.rbox_terms(pred_geo, gt)
            losses['loss_geo'] = self.geo_weight * iou_loss.mean()
            losses['loss_angle'] = (self.geo_weight * self.angle_weight
                                    * angle_loss.mean())
        else:
            losses['loss_geo'] = self.geo_weight * self.quad_term(
                pred_geo, gt).mean()
        return losses

    def score_term(self, pred: torch.Tensor, target: torch.Tensor,
                   mask: torch.Tensor) -> torch.Tensor:
        """Score loss of ``(N, H, W)`` probabilities, binary target and
        mask (a scalar)."""
        if self.score_loss == 'dice':
            inter = (pred * target * mask).sum()
            union = (pred * mask).sum() + (target * mask).sum() + self.eps
            return 1 - 2 * inter / union
        num = mask.sum().clamp(min=1)
        beta = 1 - (target * mask).sum() / num
        pred = pred.clamp(self.eps, 1 - self.eps)
        bce = -(beta * target * torch.log(pred)
                + (1 - beta) * (1 - target) * torch.log(1 - pred))
        return (bce * mask).sum() / num

    @staticmethod
    def rbox_terms(pred: torch.Tensor, gt: torch.Tensor
                   ) -> tuple[torch.Tensor, torch.Tensor]:
        """Per-pixel ``(-log IoU, 1 - cos(dtheta))`` of ``(P, 5)`` RBOX
        geometries (top, right, bottom, left, angle)."""
        top, right, bottom, left = pred[:, :4].unbind(1)
        gt_top, gt_right, gt_bottom, gt_left = gt[:, :4].unbind(1)
        area = (top + bottom) * (left + right)
        gt_area = (gt_top + gt_bottom) * (gt_left + gt_right)
        inter = ((torch.min(left, gt_left) + torch.min(right, gt_right))
                 * (torch.min(top, gt_top) + torch.min(bottom, gt_bottom)))
        union = area + gt_area - inter
        iou_loss = -torch.log((inter + 1) / (union + 1))
        angle_loss = 1 - torch.cos(pred[:, 4] - gt[:, 4])
        return iou_loss, angle_loss

    def quad_term(self, pred: torch.Tensor, gt: torch.Tensor) -> torch.Tensor:
        """Per-pixel normalised smoothed-L1 of ``(P, 8)`` corner offsets."""
        corners = gt.reshape(-1, 4, 2)
        sides = (corners - corners.roll(-1, dims=1)).norm(dim=2)
        shortest = sides.min(dim=1).values.clamp(min=1.0)
        l1 = F.smooth_l1_loss(pred, gt, reduction='none').sum(1)
        return l1 / (8 * shortest)
