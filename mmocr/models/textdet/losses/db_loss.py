"""DBNet's loss: probability, threshold and approximate binary maps."""
from __future__ import annotations

from typing import Any, Sequence

import cv2
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from mmocr.models.common.losses import DiceLoss
from mmocr.registry import LOSSES
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

__all__ = ['DBLoss']


def masks_to_tensor(masks: Sequence[Any], target_size: tuple[int, int],
                    downsample_ratio: float = 1.0, name: str = 'gt',
                    device: torch.device | None = None) -> torch.Tensor:
    """Stack the first mask of each image into ``(N, H, W)``, zero-padded.

    Args:
        masks: One entry per image: a ``BitmapMasks`` (its ``.masks`` array is
            ``(K, h, w)``), or a ``(K, h, w)``/``(h, w)`` array or tensor.
        target_size: ``(H, W)`` of the prediction map; masks are padded at the
            bottom/right to it.
        downsample_ratio: Masks are first rescaled (nearest) by this ratio.
        name: Field name used in error messages.
    """
    height, width = target_size
    out = np.zeros((len(masks), height, width), dtype=np.float32)
    for i, item in enumerate(masks):
        data = getattr(item, 'masks', item)
        if isinstance(data, torch.Tensor):
            data = data.detach().cpu().numpy()
        data = np.asarray(data)
        if data.ndim == 3:
            if data.shape[0] == 0:
                raise InvalidValueError(f'{name}[{i}] holds no mask')
            data = data[0]
        if data.ndim != 2:
            raise InvalidValueError(f'{name}[{i}] must be (K, H, W) or (H, W), got '
                                    f'shape {data.shape}')
        data = data.astype(np.float32)
        if downsample_ratio != 1.0:
            new_size = (int(data.shape[1] * downsample_ratio + 0.5),
                        int(data.shape[0] * downsample_ratio + 0.5))
            data = cv2.resize(data, new_size, interpolation=cv2.INTER_NEAREST)
        h, w = data.shape
        if h > height or w > width:
            raise InvalidValueError(f'{name}[{i}] of size {(h, w)} is larger than the '
                                    f'prediction map {(height, width)}; check '
                                    'downsample_ratio and the pipeline')
        out[i, :h, :w] = data
    return torch.from_numpy(out).to(device)


def check_gt_batch(loss: str, downsample_ratio: Any, batch_size: int,
                   fields: dict[str, Sequence[Any]]) -> None:
    """What every text detection loss checks of its targets: a float
    ``downsample_ratio`` and one entry per image in each of ``fields``
    (``{name: per-image targets}``); ``loss`` names the loss in the error."""
    if not isinstance(downsample_ratio, float):
        raise InvalidTypeError(f'{loss}: downsample_ratio must be a float, got '
                               f'{downsample_ratio!r}')
    for name, value in fields.items():
        if len(value) != batch_size:
            raise InvalidValueError(f'{loss}: {name} has {len(value)} entries for '
                                    f'a batch of {batch_size} images')


def gt_maps(loss: str, preds: torch.Tensor, downsample_ratio: Any,
            fields: dict[str, Sequence[Any]]) -> dict[str, torch.Tensor]:
    """``fields`` (``{name: per-image maps}``) checked by
    :func:`check_gt_batch` against ``preds`` ``(N, C, H, W)`` and each
    stacked by :func:`masks_to_tensor` into ``(N, H, W)`` of ``preds``'
    size, device and dtype."""
    check_gt_batch(loss, downsample_ratio, preds.size(0), fields)
    size = tuple(preds.shape[2:])
    return {name: masks_to_tensor(value, size, downsample_ratio, name,
                                  preds.device).to(preds.dtype)
            for name, value in fields.items()}


@LOSSES.register_module()
class DBLoss(nn.Module):
    """Loss of DBNet (https://arxiv.org/abs/1911.08947).

    ``loss_prob``: balanced BCE with online hard negative mining
    (``bbce_loss=True``) or dice loss on the probability map; ``loss_db``:
    dice loss on the approximate binary map; ``loss_thr``: L1 loss on the
    threshold map inside ``gt_thr_mask``.

    Args:
        alpha: Weight of ``loss_prob``.
        beta: Weight of ``loss_thr``.
        reduction: Only ``'mean'`` is supported.
        negative_ratio: Hard negatives kept per positive pixel in the BCE.
        eps: Numerical stabiliser.
        bbce_loss: Use balanced BCE (else dice) for the probability map.

    ``forward(preds, downsample_ratio, gt_shrink, gt_shrink_mask, gt_thr,
    gt_thr_mask)``: ``preds`` ``(N, 3, H, W)`` holds the probability,
    threshold and binary maps; each gt is a list of N masks (see
    :func:`masks_to_tensor`). Returns ``dict(loss_prob, loss_db, loss_thr)``.
    """

    def __init__(self, alpha: float = 1, beta: float = 1,
                 reduction: str = 'mean', negative_ratio: float = 3.0,
                 eps: float = 1e-6, bbce_loss: bool = False):
        super().__init__()
        if reduction != 'mean':
            raise InvalidValueError(f"DBLoss supports reduction='mean' only, got "
                                    f'{reduction!r}')
        self.alpha = alpha
        self.beta = beta
        self.reduction = reduction
        self.negative_ratio = negative_ratio
        self.eps = eps
        self.bbce_loss = bbce_loss
        self.dice_loss = DiceLoss(eps=float(eps))

    def balance_bce_loss(self, pred: torch.Tensor, gt: torch.Tensor,
                         mask: torch.Tensor) -> torch.Tensor:
        """BCE over positives and the ``negative_ratio`` x as many hardest
        negatives (``pred``, ``gt``, ``mask``: ``(N, H, W)`` in [0, 1])."""
        positive = gt * mask
        negative = (1 - gt) * mask
        positive_count = int(positive.sum())
        negative_count = min(int(negative.sum()),
                             int(positive_count * self.negative_ratio))
        loss = F.binary_cross_entropy(pred.clamp(0, 1), gt, reduction='none')
        positive_loss = (loss * positive).sum()
        negative_loss, _ = torch.topk((loss * negative).flatten(),
                                      negative_count)
        return (positive_loss + negative_loss.sum()) / (
            positive_count + negative_count + self.eps)

    def l1_thr_loss(self, pred: torch.Tensor, gt: torch.Tensor,
                    mask: torch.Tensor) -> torch.Tensor:
        """Mean absolute error inside ``mask``."""
        return torch.abs((pred - gt) * mask).sum() / (mask.sum() + self.eps)

    def forward(self, preds: torch.Tensor, downsample_ratio: float,
                gt_shrink: Sequence[Any], gt_shrink_mask: Sequence[Any],
                gt_thr: Sequence[Any],
                gt_thr_mask: Sequence[Any]) -> dict[str, torch.Tensor]:
        if preds.dim() != 4 or preds.size(1) != 3:
            raise InvalidValueError('DBLoss expects preds of shape (N, 3, H, W), got '
                                    f'{tuple(preds.shape)}')
        gts = gt_maps('DBLoss', preds, downsample_ratio, dict(
            gt_shrink=gt_shrink, gt_shrink_mask=gt_shrink_mask, gt_thr=gt_thr,
            gt_thr_mask=gt_thr_mask))
        shrink = (gts['gt_shrink'] > 0).to(preds.dtype)
        shrink_mask = gts['gt_shrink_mask']
        pred_prob, pred_thr, pred_db = preds[:, 0], preds[:, 1], preds[:, 2]
        if self.bbce_loss:
            loss_prob = self.balance_bce_loss(pred_prob, shrink, shrink_mask)
        else:
            loss_prob = self.dice_loss(pred_prob, shrink, shrink_mask)
        loss_db = self.dice_loss(pred_db, shrink, shrink_mask)
        loss_thr = self.l1_thr_loss(pred_thr, gts['gt_thr'],
                                    gts['gt_thr_mask'])
        return dict(loss_prob=self.alpha * loss_prob, loss_db=loss_db,
                    loss_thr=self.beta * loss_thr)
