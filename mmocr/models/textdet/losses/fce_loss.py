"""FCENet's loss: OHEM cross-entropy on the text regions, cross-entropy on
the text centers, smooth L1 on the contours rebuilt from the Fourier maps."""
from __future__ import annotations

import math
from typing import Any, Sequence

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from mmocr.registry import LOSSES
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

__all__ = ['FCELoss']


@LOSSES.register_module()
class FCELoss(nn.Module):
    """Loss of FCENet (https://arxiv.org/abs/2104.10442), as MMOCR 0.x.

    Per level, over the pixels of the effective mask:

    * ``loss_text``: cross-entropy of the text-region logits with OHEM (all
      positives plus at most ``ohem_ratio`` x as many of the hardest
      negatives; 100 negatives when a level has no positive);
    * ``loss_center``: cross-entropy of the text-center logits on the text
      pixels, plus half of it on the other pixels;
    * ``loss_reg_x``, ``loss_reg_y``: on the text pixels, the smooth L1
      distance between the ``num_sample``-point contours rebuilt (by
      :meth:`fourier2poly`) from the predicted and the target coefficients,
      weighted by ``(text + center) / 2``.

    The four terms are summed over the levels.

    Args:
        fourier_degree: The maximum Fourier degree ``K``.
        num_sample: Contour points compared by the regression loss.
        ohem_ratio: Negatives per positive kept by OHEM.

    ``forward(preds, downsample_ratio, p3_maps, p4_maps, p5_maps)``:
    ``preds`` one ``[cls (N, 4, H, W), reg (N, 4K + 2, H, W)]`` per level;
    ``p*_maps`` N ``(4K + 5, H, W)`` arrays each (``FCENetTargets``: text
    region, text center, effective mask, the ``2K + 1`` real then imaginary
    coefficient maps); ``downsample_ratio`` is unused (each level has its
    own targets). Returns ``dict(loss_text, loss_center, loss_reg_x,
    loss_reg_y)``.
    """

    def __init__(self, fourier_degree: int, num_sample: int,
                 ohem_ratio: float = 3.):
        super().__init__()
        if not isinstance(fourier_degree, int) or fourier_degree < 1:
            raise InvalidValueError('FCELoss: fourier_degree must be an int >= 1, '
                                    f'got {fourier_degree!r}')
        if not isinstance(num_sample, int) or num_sample < 1:
            raise InvalidValueError('FCELoss: num_sample must be a positive int, '
                                    f'got {num_sample!r}')
        self.fourier_degree = fourier_degree
        self.num_sample = num_sample
        self.ohem_ratio = ohem_ratio

    def forward(self, preds: Sequence[Sequence[torch.Tensor]],
                downsample_ratio: Any, p3_maps: Sequence[np.ndarray],
                p4_maps: Sequence[np.ndarray],
                p5_maps: Sequence[np.ndarray]) -> dict[str, torch.Tensor]:
        if not isinstance(preds, (list, tuple)):
            raise InvalidTypeError('FCELoss: preds must be a list of [cls, reg] '
                                   f'per level, got {type(preds).__name__}')
        gts = (p3_maps, p4_maps, p5_maps)
        if len(preds) != len(gts):
            raise InvalidValueError(f'FCELoss: {len(preds)} prediction levels for '
                                    f'{len(gts)} target levels (p3, p4, p5)')
        device = preds[0][0].device
        totals = [torch.zeros((), device=device) for _ in range(4)]
        for level, (pred, maps) in enumerate(zip(preds, gts)):
            gt = torch.stack([torch.as_tensor(np.asarray(m)) for m in maps])
            gt = gt.float().to(device)
            if gt.shape[1] != 4 * self.fourier_degree + 5:
                raise InvalidValueError(
                    f'FCELoss: p{level + 3}_maps have {gt.shape[1]} channels, '
                    f'fourier_degree={self.fourier_degree} needs '
                    f'{4 * self.fourier_degree + 5}: set the same '
                    'fourier_degree in FCEHead and FCENetTargets')
            if gt.shape[2:] != pred[0].shape[2:]:
                raise InvalidValueError(
                    f'FCELoss: p{level + 3}_maps are {tuple(gt.shape[2:])} but '
                    f'the level predicts {tuple(pred[0].shape[2:])}: pad the '
                    'image (Pad(size_divisor=32)) before FCENetTargets')
            for i, term in enumerate(self.forward_single(pred, gt)):
                totals[i] = totals[i] + term
        return dict(loss_text=totals[0], loss_center=totals[1],
                    loss_reg_x=totals[2], loss_reg_y=totals[3])

    def forward_single(self, pred: Sequence[torch.Tensor], gt: torch.Tensor
                       ) -> tuple[torch.Tensor, ...]:
        """The four terms of one level: ``pred`` ``[cls (N, 4, H, W), reg
        (N, 4K + 2, H, W)]``, ``gt`` ``(N, 4K + 5, H, W)``."""
        cls_pred, reg_pred = pred[0], pred[1]
        k1 = 2 * self.fourier_degree + 1

        def pixels(t: torch.Tensor) -> torch.Tensor:
            return t.permute(0, 2, 3, 1).reshape(-1, t.shape[1])

        tr_pred, tcl_pred = pixels(cls_pred[:, :2]), pixels(cls_pred[:, 2:4])
        x_pred, y_pred = pixels(reg_pred[:, :k1]), pixels(reg_pred[:, k1:])
        gt = pixels(gt)
        tr_mask, tcl_mask = gt[:, 0].long(), gt[:, 1].long()
        train_mask = gt[:, 2].long()
        x_map, y_map = gt[:, 3:3 + k1], gt[:, 3 + k1:]

        zero = cls_pred.sum() * 0
        loss_tr = self.ohem(tr_pred, tr_mask, train_mask)
        text = (tr_mask * train_mask).bool()
        loss_tcl = loss_reg_x = loss_reg_y = zero
        if text.any():
            loss_tcl = F.cross_entropy(tcl_pred[text], tcl_mask[text])
            if (~text).any():
                loss_tcl = loss_tcl + 0.5 * F.cross_entropy(
                    tcl_pred[~text], tcl_mask[~text])
            weight = ((tr_mask[text] + tcl_mask[text]).float() / 2)[:, None]
            gt_x, gt_y = self.fourier2poly(x_map[text], y_map[text])
            pred_x, pred_y = self.fourier2poly(x_pred[text], y_pred[text])
            loss_reg_x = torch.mean(
                weight * F.smooth_l1_loss(pred_x, gt_x, reduction='none'))
            loss_reg_y = torch.mean(
                weight * F.smooth_l1_loss(pred_y, gt_y, reduction='none'))
        return loss_tr, loss_tcl, loss_reg_x, loss_reg_y

    def ohem(self, predict: torch.Tensor, target: torch.Tensor,
             train_mask: torch.Tensor) -> torch.Tensor:
        """OHEM cross-entropy: ``predict`` ``(P, 2)`` logits, ``target`` and
        ``train_mask`` ``(P,)`` in {0, 1}."""
        pos = (target * train_mask).bool()
        neg = ((1 - target) * train_mask).bool()
        n_pos = int(pos.sum())
        loss_neg = F.cross_entropy(predict[neg], target[neg], reduction='none')
        if n_pos > 0:
            loss_pos = F.cross_entropy(predict[pos], target[pos],
                                       reduction='sum')
            n_neg = min(int(neg.sum()), int(self.ohem_ratio * n_pos))
        else:
            loss_pos = predict.sum() * 0
            n_neg = 100
        if len(loss_neg) > n_neg:
            loss_neg = torch.topk(loss_neg, n_neg).values
        return (loss_pos + loss_neg.sum()) / float(n_pos + n_neg)

    def fourier2poly(self, real_maps: torch.Tensor, imag_maps: torch.Tensor
                     ) -> tuple[torch.Tensor, torch.Tensor]:
        """Contours of ``num_sample`` points from Fourier coefficients.

        Args:
            real_maps: ``(P, 2K + 1)`` real parts, ``c_{-K}`` first.
            imag_maps: ``(P, 2K + 1)`` imaginary parts.

        Returns:
            ``x`` and ``y`` ``(P, num_sample)``: point ``j`` is ``sum_k c_k *
            exp(2 pi 1j * k * j / num_sample)``.
        """
        k = torch.arange(-self.fourier_degree, self.fourier_degree + 1,
                         dtype=real_maps.dtype, device=real_maps.device)
        j = torch.arange(self.num_sample, dtype=real_maps.dtype,
                         device=real_maps.device)
        angle = (2 * math.pi / self.num_sample) * k[:, None] * j[None, :]
        cos, sin = torch.cos(angle), torch.sin(angle)
        x = real_maps @ cos - imag_maps @ sin
        y = real_maps @ sin + imag_maps @ cos
        return x, y

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(fourier_degree={self.fourier_degree}, '
                f'num_sample={self.num_sample}, ohem_ratio={self.ohem_ratio})')
