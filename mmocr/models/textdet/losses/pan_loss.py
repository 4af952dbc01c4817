"""PANet's loss: dice on text (with OHEM) and kernel maps, plus the
aggregation and discrimination terms of the instance embedding."""
from __future__ import annotations

import warnings
from typing import Any, Sequence

import numpy as np
import torch
from torch import nn

from mmocr.registry import LOSSES
from mmocr.utils.errors import InvalidValueError

from .db_loss import check_gt_batch, masks_to_tensor

__all__ = ['PANLoss']


@LOSSES.register_module()
class PANLoss(nn.Module):
    """Loss of PANet (https://arxiv.org/abs/1908.05900), as MMOCR 0.x.

    * ``loss_text``: dice loss of the text logits against the full text
      regions, over the pixels OHEM keeps (all positives plus the
      ``ohem_ratio`` x as many highest-scored negatives) inside ``gt_mask``;
    * ``loss_kernel`` (x ``alpha``): dice loss of the kernel logits over the
      gt text pixels inside ``gt_mask``;
    * ``loss_aggregation`` (x ``beta``, Eq. 2 of the paper): per instance,
      the mean over its text pixels of ``log(1 + max(||F(p) - G(K)|| -
      delta_aggregation, 0)^2)``, ``G(K)`` the mean embedding of its kernel;
      averaged over the instances;
    * ``loss_discrimination`` (x ``beta``, Eq. 3): ``sum_{i<j} log(1 +
      max(delta_discrimination - ||G(K_i) - G(K_j)||, 0)^2) / (n (n - 1))``.

    Both embedding terms are computed for all instances at once (scatter
    sums), not instance by instance.

    Args:
        alpha: Weight of the kernel loss.
        beta: Weight of the two embedding losses.
        delta_aggregation: Aggregation margin.
        delta_discrimination: Discrimination margin.
        ohem_ratio: Negatives per positive kept by OHEM.
        reduction: ``'mean'`` or ``'sum'`` over the batch.
        speedup_bbox_thr: If > 0, images with more instances than this use a
            random subset of that many in the embedding losses.

    ``forward(preds, downsample_ratio, gt_kernels, gt_mask)``: ``preds``
    ``(N, 6, H, W)`` logits (text, kernel, 4-d embedding); ``gt_kernels`` N
    ``BitmapMasks`` of 2 instance-index maps (text regions, kernels: pixel
    value ``i`` = instance ``i``, 0 background, as ``PANetTargets``);
    ``gt_mask`` N ``BitmapMasks`` with the effective mask (0 on ignored
    text). The masks are rescaled by ``downsample_ratio``. Returns
    ``dict(loss_text, loss_kernel, loss_aggregation, loss_discrimination)``.
    """

    def __init__(self, alpha: float = 0.5, beta: float = 0.25,
                 delta_aggregation: float = 0.5,
                 delta_discrimination: float = 3, ohem_ratio: float = 3,
                 reduction: str = 'mean', speedup_bbox_thr: int = -1):
        super().__init__()
        if reduction not in ('mean', 'sum'):
            raise InvalidValueError("PANLoss: reduction must be 'mean' or 'sum', got "
                                    f'{reduction!r}')
        self.alpha = alpha
        self.beta = beta
        self.delta_aggregation = delta_aggregation
        self.delta_discrimination = delta_discrimination
        self.ohem_ratio = ohem_ratio
        self.reduction = reduction
        self.speedup_bbox_thr = speedup_bbox_thr

    @staticmethod
    def _levels(masks: Sequence[Any], num_levels: int, size: tuple[int, int],
                downsample_ratio: float, name: str,
                device: torch.device) -> list[torch.Tensor]:
        """The first ``num_levels`` masks of each image as ``num_levels``
        ``(N, H, W)`` tensors, rescaled and zero-padded to ``size``."""
        levels = []
        for k in range(num_levels):
            per_image = []
            for i, item in enumerate(masks):
                data = np.asarray(getattr(item, 'masks', item))
                if data.ndim != 3 or data.shape[0] <= k:
                    raise InvalidValueError(
                        f'PANLoss: {name}[{i}] must hold at least '
                        f'{num_levels} masks (K, H, W), got shape '
                        f'{data.shape}')
                per_image.append(data[k])
            levels.append(masks_to_tensor(per_image, size, downsample_ratio,
                                          name, device))
        return levels

    def forward(self, preds: torch.Tensor, downsample_ratio: float,
                gt_kernels: Sequence[Any],
                gt_mask: Sequence[Any]) -> dict[str, torch.Tensor]:
        if preds.dim() != 4 or preds.size(1) != 6:
            raise InvalidValueError('PANLoss expects preds of shape (N, 6, H, W) '
                                    '(text, kernel, 4-d embedding), got '
                                    f'{tuple(preds.shape)}')
        check_gt_batch('PANLoss', downsample_ratio, preds.size(0),
                       dict(gt_kernels=gt_kernels, gt_mask=gt_mask))
        size = tuple(preds.shape[2:])
        gt_texts, gt_kerns = self._levels(gt_kernels, 2, size,
                                          downsample_ratio, 'gt_kernels',
                                          preds.device)
        mask = self._levels(gt_mask, 1, size, downsample_ratio, 'gt_mask',
                            preds.device)[0]
        pred_texts, pred_kernels = preds[:, 0], preds[:, 1]
        loss_aggrs, loss_discrs = self.aggregation_discrimination_loss(
            gt_texts, gt_kerns, preds[:, 2:])
        text_pos = (gt_texts > 0.5).to(preds.dtype)
        sampled_mask = self.ohem_batch(pred_texts.detach(), text_pos, mask)
        loss_texts = self.dice_loss_with_logits(pred_texts, text_pos,
                                                sampled_mask)
        kernel_mask = text_pos * (mask > 0.5).to(preds.dtype)
        loss_kernels = self.dice_loss_with_logits(
            pred_kernels, (gt_kerns > 0.5).to(preds.dtype), kernel_mask)
        reduce = torch.mean if self.reduction == 'mean' else torch.sum
        return dict(
            loss_text=reduce(loss_texts),
            loss_kernel=self.alpha * reduce(loss_kernels),
            loss_aggregation=self.beta * reduce(loss_aggrs),
            loss_discrimination=self.beta * reduce(loss_discrs))

    def aggregation_discrimination_loss(
            self, gt_texts: torch.Tensor, gt_kernels: torch.Tensor,
            inst_embeds: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Per-image aggregation and discrimination losses, ``(N,)`` each.

        Args:
            gt_texts: ``(N, H, W)`` instance indices of the text regions.
            gt_kernels: ``(N, H, W)`` instance indices of the kernels.
            inst_embeds: ``(N, 4, H, W)`` embeddings.
        """
        batch_size, dim = inst_embeds.shape[:2]
        if dim != 4:
            raise InvalidValueError('PANLoss: the embedding must have 4 channels, '
                                    f'got {dim}')
        texts = gt_texts.reshape(batch_size, -1).round().long()
        kernels = gt_kernels.reshape(batch_size, -1).round().long()
        embeds = inst_embeds.reshape(batch_size, dim, -1)
        # Zero that keeps the embedding in the graph (DDP sees a gradient).
        zero = inst_embeds.sum() * 0
        loss_aggrs, loss_discrs = [], []
        for text, kernel, embed in zip(texts, kernels, embeds):
            num = int(text.max().item()) if text.numel() else 0
            selected = torch.zeros(num + 1, dtype=torch.bool,
                                   device=text.device)
            if 0 < self.speedup_bbox_thr < num:
                picks = np.random.choice(num, self.speedup_bbox_thr,
                                         replace=False) + 1
                selected[torch.as_tensor(picks, device=text.device)] = True
            else:
                selected[1:] = True
            kernel = kernel.clamp(0, num)
            ones = torch.ones_like(kernel, dtype=embed.dtype)
            kernel_count = embed.new_zeros(num + 1).index_add_(0, kernel, ones)
            text_count = embed.new_zeros(num + 1).index_add_(0, text, ones)
            valid = selected & (kernel_count > 0) & (text_count > 0)
            valid[0] = False
            num_inst = int(valid.sum().item())
            if num_inst == 0:
                warnings.warn('PANLoss: an image has no text instance',
                              stacklevel=2)
                loss_aggrs.append(zero)
                loss_discrs.append(zero)
                continue
            # G(K_i): mean kernel embedding of each instance, (num + 1, 4).
            kernel_sum = embed.new_zeros(num + 1, dim).index_add_(
                0, kernel, embed.t())
            avgs = kernel_sum / kernel_count.clamp(min=1).unsqueeze(1)
            # Aggregation: text pixels of the valid instances.
            pix = valid[text]
            labels = text[pix]
            distance = (embed[:, pix].t() - avgs[labels]).norm(
                2, dim=1) - self.delta_aggregation
            per_pixel = torch.log(distance.clamp(min=0).pow(2) + 1)
            per_inst = embed.new_zeros(num + 1).index_add_(
                0, labels, per_pixel) / text_count.clamp(min=1)
            loss_aggrs.append(per_inst[valid].mean())
            # Discrimination: all pairs of valid instances.
            if num_inst > 1:
                inst_avgs = avgs[valid]
                i, j = torch.triu_indices(num_inst, num_inst, 1,
                                          device=inst_avgs.device)
                dist_ij = self.delta_discrimination - (
                    inst_avgs[i] - inst_avgs[j]).norm(2, dim=1)
                loss_discrs.append(
                    torch.log(dist_ij.clamp(min=0).pow(2) + 1).sum()
                    / (num_inst * (num_inst - 1)))
            else:
                loss_discrs.append(zero)
        return torch.stack(loss_aggrs), torch.stack(loss_discrs)

    @staticmethod
    def dice_loss_with_logits(pred: torch.Tensor, target: torch.Tensor,
                              mask: torch.Tensor) -> torch.Tensor:
        """Per-image ``1 - 2 sum(p t) / (sum(p^2) + sum(t^2))`` of
        ``sigmoid(pred)`` and the binarised ``target`` (> 0.5) inside
        ``mask``, all ``(N, H, W)``; returns ``(N,)``."""
        smooth = 0.001
        n = pred.size(0)
        mask = mask.reshape(n, -1).to(pred.dtype)
        pred = torch.sigmoid(pred).reshape(n, -1) * mask
        target = (target.reshape(n, -1) > 0.5).to(pred.dtype) * mask
        a = (pred * target).sum(1) + smooth
        b = (pred * pred).sum(1) + smooth
        c = (target * target).sum(1) + smooth
        return 1 - 2 * a / (b + c)

    def ohem_img(self, text_score: torch.Tensor, gt_text: torch.Tensor,
                 gt_mask: torch.Tensor) -> torch.Tensor:
        """OHEM mask ``(H, W)`` of one image: the positives inside
        ``gt_mask`` and the ``ohem_ratio`` x as many highest-scored
        negatives; the whole ``gt_mask`` when there are no positives or no
        negatives."""
        pos = gt_text > 0.5
        pos_num = int((pos & (gt_mask > 0.5)).sum().item())
        neg_score = text_score[~pos]
        neg_num = int(min(pos_num * self.ohem_ratio, neg_score.numel()))
        if pos_num == 0 or neg_num == 0:
            return gt_mask > 0.5
        threshold = torch.topk(neg_score, neg_num).values[-1]
        return ((text_score >= threshold) | pos) & (gt_mask > 0.5)

    def ohem_batch(self, text_scores: torch.Tensor, gt_texts: torch.Tensor,
                   gt_mask: torch.Tensor) -> torch.Tensor:
        """:meth:`ohem_img` for each image of ``(N, H, W)`` maps."""
        return torch.stack([
            self.ohem_img(s, t, m)
            for s, t, m in zip(text_scores, gt_texts, gt_mask)])
