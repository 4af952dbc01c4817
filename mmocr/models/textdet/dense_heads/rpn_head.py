"""mmdet's ``RPNHead``: objectness and box deltas for every anchor, the
anchor targets and losses, and the proposals fed to the RoI head."""
from __future__ import annotations

from typing import Sequence

import torch
import torch.nn.functional as F
from torch import nn

from mmocr.models.builder import build_component
from mmocr.models.common.bbox import batched_nms, check_nms_cfg
from mmocr.models.common.layers.weight_init import BaseModule
from mmocr.registry import HEADS
from mmocr.utils.errors import InvalidValueError

__all__ = ['RPNHead']


@HEADS.register_module()
class RPNHead(BaseModule):
    """Region proposal network head (https://arxiv.org/abs/1506.01497).

    A shared 3x3 conv (``rpn_conv``, ReLU), then 1x1 convs for the
    objectness logit (``rpn_cls``, A channels) and the box deltas
    (``rpn_reg``, 4A channels) of the A anchors of each location.

    Args:
        in_channels: Channels of each input level.
        feat_channels: Channels of ``rpn_conv``.
        anchor_generator: An ``AnchorGenerator`` config (default as mmdet's
            ``AnchorHead``: scales 8, 16, 32, ratios 0.5, 1, 2).
        bbox_coder: A ``DeltaXYWHBBoxCoder`` config.
        loss_cls: Objectness loss (``CrossEntropyLoss(use_sigmoid=True)``).
        loss_bbox: Delta regression loss (default ``SmoothL1Loss(beta=1/9)``).
        num_convs: Only 1 (one ``rpn_conv``) is implemented.
        train_cfg: ``assigner``, ``sampler``, ``allowed_border``,
            ``pos_weight``, ``debug``.
        test_cfg: Proposal settings: ``nms_pre``, ``max_per_img`` (or
            ``nms_post``), ``nms``, ``min_bbox_size`` (``nms_across_levels``
            is accepted; NMS always runs per level).
        init_cfg: mmcv's init config, applied after the convs' N(0, 0.01)
            initialisation when built and by ``init_weights``.

    ``forward(feats)``: L levels ``(N, in_channels, H_l, W_l)`` ->
    ``(cls_scores, bbox_preds)``: per level ``(N, A, H_l, W_l)`` and
    ``(N, 4A, H_l, W_l)``. ``get_bboxes`` -> per image ``(P, 5)`` proposals
    ``[x1, y1, x2, y2, score]``.
    """

    def __init__(self, in_channels: int, feat_channels: int = 256,
                 anchor_generator: dict | None = None,
                 bbox_coder: dict | None = None,
                 loss_cls: dict | None = None, loss_bbox: dict | None = None,
                 num_convs: int = 1, train_cfg: dict | None = None,
                 test_cfg: dict | None = None, init_cfg: dict | None = None):
        super().__init__()
        if num_convs != 1:
            raise NotImplementedError(f'RPNHead: num_convs={num_convs} is not '
                                      'implemented; only 1')
        self.prior_generator = build_component(anchor_generator or dict(
            type='AnchorGenerator', scales=[8, 16, 32], ratios=[0.5, 1.0, 2.0],
            strides=[4, 8, 16, 32, 64]))
        self.bbox_coder = build_component(bbox_coder or dict(
            type='DeltaXYWHBBoxCoder'))
        self.loss_cls = build_component(loss_cls or dict(
            type='CrossEntropyLoss', use_sigmoid=True, loss_weight=1.0))
        self.loss_bbox = build_component(loss_bbox or dict(
            type='SmoothL1Loss', beta=1.0 / 9.0, loss_weight=1.0))
        if not getattr(self.loss_cls, 'use_sigmoid', False):
            raise NotImplementedError('RPNHead: only a sigmoid objectness loss '
                                      '(use_sigmoid=True) is implemented')
        num_anchors = self.prior_generator.num_base_anchors[0]
        self.rpn_conv = nn.Conv2d(in_channels, feat_channels, 3, padding=1)
        self.rpn_cls = nn.Conv2d(feat_channels, num_anchors, 1)
        self.rpn_reg = nn.Conv2d(feat_channels, num_anchors * 4, 1)
        self.train_cfg = train_cfg
        self.test_cfg = test_cfg
        if test_cfg is not None:
            check_nms_cfg(test_cfg['nms'])
        if train_cfg is not None:
            self.assigner = build_component(train_cfg['assigner'])
            self.sampler = build_component(train_cfg['sampler'])
        self.setup_init(init_cfg)

    def default_init(self) -> None:
        for conv in (self.rpn_conv, self.rpn_cls, self.rpn_reg):
            nn.init.normal_(conv.weight, std=0.01)
            nn.init.zeros_(conv.bias)

    def forward(self, feats: Sequence[torch.Tensor]
                ) -> tuple[list[torch.Tensor], list[torch.Tensor]]:
        cls_scores, bbox_preds = [], []
        for x in feats:
            x = F.relu(self.rpn_conv(x))
            cls_scores.append(self.rpn_cls(x))
            bbox_preds.append(self.rpn_reg(x))
        return cls_scores, bbox_preds

    def _anchors(self, cls_scores: Sequence[torch.Tensor]
                 ) -> tuple[list[tuple[int, int]], list[torch.Tensor]]:
        sizes = [tuple(s.shape[-2:]) for s in cls_scores]
        return sizes, self.prior_generator.grid_priors(
            sizes, device=cls_scores[0].device)

    def get_targets(self, anchors: torch.Tensor, valid: torch.Tensor,
                    gt_bboxes: torch.Tensor,
                    gt_bboxes_ignore: torch.Tensor | None = None
                    ) -> tuple[torch.Tensor, ...]:
        """Targets of one image's ``(M, 4)`` anchors (``valid`` ``(M,)``):
        ``labels (M,)`` (0 text, 1 background), ``label_weights (M,)``,
        ``bbox_targets (M, 4)``, ``bbox_weights (M, 4)``, the number of
        positives and negatives."""
        inside = anchors[valid]
        assign = self.assigner.assign(inside, gt_bboxes, gt_bboxes_ignore)
        sampling = self.sampler.sample(assign, inside, gt_bboxes)
        num = anchors.size(0)
        index = torch.nonzero(valid, as_tuple=True)[0]
        labels = anchors.new_ones(num, dtype=torch.long)
        label_weights = anchors.new_zeros(num)
        bbox_targets = anchors.new_zeros(num, 4)
        bbox_weights = anchors.new_zeros(num, 4)
        pos, neg = index[sampling.pos_inds], index[sampling.neg_inds]
        pos_weight = self.train_cfg.get('pos_weight', -1)
        if pos.numel():
            bbox_targets[pos] = self.bbox_coder.encode(sampling.pos_bboxes,
                                                       sampling.pos_gt_bboxes)
            bbox_weights[pos] = 1.0
            labels[pos] = 0
            label_weights[pos] = 1.0 if pos_weight <= 0 else pos_weight
        label_weights[neg] = 1.0
        return (labels, label_weights, bbox_targets, bbox_weights,
                pos.numel(), neg.numel())

    def loss(self, cls_scores: list[torch.Tensor],
             bbox_preds: list[torch.Tensor], gt_bboxes: list[torch.Tensor],
             img_metas: list[dict],
             gt_bboxes_ignore: list[torch.Tensor] | None = None
             ) -> dict[str, torch.Tensor]:
        """``loss_rpn_cls`` and ``loss_rpn_bbox``, both averaged over the
        sampled anchors of the batch."""
        if self.train_cfg is None:
            raise InvalidValueError('RPNHead.loss needs train_cfg (assigner, '
                                    'sampler)')
        sizes, anchors = self._anchors(cls_scores)
        anchors = torch.cat(anchors)
        allowed_border = self.train_cfg.get('allowed_border', -1)
        targets = []
        for i, meta in enumerate(img_metas):
            valid = torch.cat(self.prior_generator.valid_flags(
                sizes, meta['pad_shape'], anchors.device))
            if allowed_border >= 0:
                h, w = meta['img_shape'][:2]
                valid &= ((anchors[:, 0] >= -allowed_border) &
                          (anchors[:, 1] >= -allowed_border) &
                          (anchors[:, 2] < w + allowed_border) &
                          (anchors[:, 3] < h + allowed_border))
            ignore = None if gt_bboxes_ignore is None else gt_bboxes_ignore[i]
            targets.append(self.get_targets(anchors, valid, gt_bboxes[i], ignore))
        labels, label_weights, bbox_targets, bbox_weights = (
            torch.stack([t[k] for t in targets]) for k in range(4))
        num_samples = sum(max(t[4], 1) + t[5] for t in targets)
        cls = torch.cat([s.permute(0, 2, 3, 1).reshape(s.size(0), -1)
                         for s in cls_scores], 1)
        reg = torch.cat([p.permute(0, 2, 3, 1).reshape(p.size(0), -1, 4)
                         for p in bbox_preds], 1)
        loss_cls = self.loss_cls(cls.reshape(-1, 1), labels.reshape(-1),
                                 label_weights.reshape(-1),
                                 avg_factor=num_samples)
        loss_bbox = self.loss_bbox(reg.reshape(-1, 4), bbox_targets.reshape(-1, 4),
                                   bbox_weights.reshape(-1, 4),
                                   avg_factor=num_samples)
        return dict(loss_rpn_cls=loss_cls, loss_rpn_bbox=loss_bbox)

    def get_bboxes(self, cls_scores: list[torch.Tensor],
                   bbox_preds: list[torch.Tensor], img_metas: list[dict],
                   cfg: dict | None = None) -> list[torch.Tensor]:
        """Proposals of each image, ``(P, 5)``, by decreasing score: the
        ``nms_pre`` best anchors of each level, decoded, boxes not wider and
        taller than ``min_bbox_size`` dropped, NMS per level, then the
        ``max_per_img`` best."""
        cfg = self.test_cfg if cfg is None else cfg
        if cfg is None:
            raise InvalidValueError('RPNHead.get_bboxes needs a proposal cfg '
                                    '(test_cfg.rpn)')
        nms_pre = cfg.get('nms_pre', -1)
        max_per_img = cfg.get('max_per_img', cfg.get('nms_post', 1000))
        min_size = cfg.get('min_bbox_size', 0)
        _, anchors = self._anchors(cls_scores)
        proposals = []
        for i, meta in enumerate(img_metas):
            scores, deltas, priors, levels = [], [], [], []
            for lvl, (cls, reg) in enumerate(zip(cls_scores, bbox_preds)):
                score = cls[i].detach().permute(1, 2, 0).reshape(-1).sigmoid()
                delta = reg[i].detach().permute(1, 2, 0).reshape(-1, 4)
                prior = anchors[lvl]
                if 0 < nms_pre < score.numel():
                    score, top = score.topk(nms_pre)
                    delta, prior = delta[top], prior[top]
                scores.append(score)
                deltas.append(delta)
                priors.append(prior)
                levels.append(torch.full_like(score, lvl, dtype=torch.long))
            score, level = torch.cat(scores), torch.cat(levels)
            boxes = self.bbox_coder.decode(torch.cat(priors), torch.cat(deltas),
                                           max_shape=meta['img_shape'])
            if min_size >= 0:
                w = boxes[:, 2] - boxes[:, 0]
                h = boxes[:, 3] - boxes[:, 1]
                keep = (w > min_size) & (h > min_size)
                boxes, score, level = boxes[keep], score[keep], level[keep]
            dets, _ = batched_nms(boxes, score, level, cfg['nms'])
            proposals.append(dets[:max_per_img])
        return proposals

    def forward_train(self, x: Sequence[torch.Tensor], img_metas: list[dict],
                      gt_bboxes: list[torch.Tensor], gt_labels=None,
                      gt_bboxes_ignore: list[torch.Tensor] | None = None,
                      proposal_cfg: dict | None = None
                      ) -> tuple[dict[str, torch.Tensor], list[torch.Tensor]]:
        """Losses and (with ``proposal_cfg``) the proposals of each image;
        ``gt_labels`` is unused (the RPN is class agnostic)."""
        cls_scores, bbox_preds = self(x)
        losses = self.loss(cls_scores, bbox_preds, gt_bboxes, img_metas,
                           gt_bboxes_ignore)
        proposals = (None if proposal_cfg is None else
                     self.get_bboxes(cls_scores, bbox_preds, img_metas,
                                     proposal_cfg))
        return losses, proposals

    def simple_test_rpn(self, x: Sequence[torch.Tensor],
                        img_metas: list[dict]) -> list[torch.Tensor]:
        cls_scores, bbox_preds = self(x)
        return self.get_bboxes(cls_scores, bbox_preds, img_metas)
