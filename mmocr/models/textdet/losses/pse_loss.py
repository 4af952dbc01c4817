"""PSENet's loss: dice on the text map (with OHEM) and on each kernel map."""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import torch

from mmocr.registry import LOSSES
from mmocr.utils.errors import InvalidValueError

from .db_loss import check_gt_batch
from .pan_loss import PANLoss

__all__ = ['PSELoss']


@LOSSES.register_module()
class PSELoss(PANLoss):
    """Loss of PSENet (https://arxiv.org/abs/1903.12473), as MMOCR 0.x.

    * ``loss_text`` (x ``alpha``): dice loss of the text logits against the
      full text regions, over the pixels OHEM keeps inside ``gt_mask``
      (:meth:`PANLoss.ohem_batch`);
    * ``loss_kernel`` (x ``1 - alpha``): the mean over the kernel maps of
      the dice loss of each kernel's logits, over ``gt_mask`` pixels that
      are predicted text (``kernel_sample_type='adaptive'``: text logit >
      0) or gt text (``'hard'``).

    The dice loss and OHEM are :class:`PANLoss`'s.

    Args:
        alpha: Weight of the text loss; the kernel loss has ``1 - alpha``.
        ohem_ratio: Negatives per positive kept by OHEM.
        reduction: ``'mean'`` or ``'sum'`` over the batch.
        kernel_sample_type: ``'adaptive'`` or ``'hard'`` (see above).

    ``forward(preds, downsample_ratio, gt_kernels, gt_mask)``: ``preds``
    ``(N, K, H, W)`` logits (text, then ``K - 1`` kernels, largest first);
    ``gt_kernels`` N ``BitmapMasks`` of the ``K`` maps of ``PSENetTargets``
    (text regions, then the kernels: instance indices, 0 background);
    ``gt_mask`` N ``BitmapMasks`` with the effective mask (0 on ignored
    text). The masks are rescaled by ``downsample_ratio``. Returns
    ``dict(loss_text, loss_kernel)``.
    """

    def __init__(self, alpha: float = 0.7, ohem_ratio: float = 3,
                 reduction: str = 'mean',
                 kernel_sample_type: str = 'adaptive'):
        super().__init__(alpha=alpha, ohem_ratio=ohem_ratio,
                         reduction=reduction)
        if kernel_sample_type not in ('adaptive', 'hard'):
            raise InvalidValueError("PSELoss: kernel_sample_type must be 'adaptive' "
                                    f"or 'hard', got {kernel_sample_type!r}")
        self.kernel_sample_type = kernel_sample_type

    def forward(self, preds: torch.Tensor, downsample_ratio: float,
                gt_kernels: Sequence[Any],
                gt_mask: Sequence[Any]) -> dict[str, torch.Tensor]:
        if preds.dim() != 4 or preds.size(1) < 2:
            raise InvalidValueError('PSELoss expects preds of shape (N, K >= 2, H, '
                                    'W) (text, then kernels), got '
                                    f'{tuple(preds.shape)}')
        check_gt_batch('PSELoss', downsample_ratio, preds.size(0),
                       dict(gt_kernels=gt_kernels, gt_mask=gt_mask))
        num_maps = preds.size(1)
        for i, item in enumerate(gt_kernels):
            count = np.asarray(getattr(item, 'masks', item)).shape[0]
            if count != num_maps:
                raise InvalidValueError(
                    f'PSELoss: the head predicts {num_maps} maps (text + '
                    f'{num_maps - 1} kernels) but gt_kernels[{i}] holds '
                    f'{count} (one per PSENetTargets shrink_ratio): make '
                    'bbox_head.out_channels equal to len(shrink_ratio)')
        size = tuple(preds.shape[2:])
        gts = self._levels(gt_kernels, num_maps, size, downsample_ratio,
                           'gt_kernels', preds.device)
        mask = self._levels(gt_mask, 1, size, downsample_ratio, 'gt_mask',
                            preds.device)[0]
        pred_texts = preds[:, 0]
        text_pos = (gts[0] > 0.5).to(preds.dtype)
        sampled_mask = self.ohem_batch(pred_texts.detach(), text_pos, mask)
        loss_texts = self.dice_loss_with_logits(pred_texts, text_pos,
                                                sampled_mask)
        valid = (mask > 0.5).to(preds.dtype)
        if self.kernel_sample_type == 'hard':
            kernel_mask = text_pos * valid
        else:
            kernel_mask = (pred_texts.detach() > 0).to(preds.dtype) * valid
        loss_kernels = torch.stack([
            self.dice_loss_with_logits(preds[:, k], gts[k], kernel_mask)
            for k in range(1, num_maps)]).mean(0)
        reduce = torch.mean if self.reduction == 'mean' else torch.sum
        return dict(loss_text=self.alpha * reduce(loss_texts),
                    loss_kernel=(1 - self.alpha) * reduce(loss_kernels))
