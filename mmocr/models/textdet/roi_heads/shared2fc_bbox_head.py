"""mmdet's ``Shared2FCBBoxHead``: two shared FC layers, then a classifier
and a per-class box regressor for each RoI."""
from __future__ import annotations

from typing import Sequence

import torch
import torch.nn.functional as F
from torch import nn

from mmocr.models.builder import build_component
from mmocr.models.common.bbox import SamplingResult, batched_nms
from mmocr.models.common.layers.weight_init import BaseModule
from mmocr.registry import HEADS

__all__ = ['Shared2FCBBoxHead']


@HEADS.register_module()
class Shared2FCBBoxHead(BaseModule):
    """RoI features -> ``shared_fcs`` (2 ReLU FCs) -> ``fc_cls``
    (``num_classes + 1`` logits, the last one background) and ``fc_reg``
    (4 deltas per class, or 4 when ``reg_class_agnostic``).

    Args:
        in_channels: Channels of the RoI features.
        fc_out_channels: Width of the shared FCs.
        roi_feat_size: Side of the pooled RoI features.
        num_classes: Foreground classes.
        bbox_coder: A ``DeltaXYWHBBoxCoder`` config.
        reg_class_agnostic: One box per RoI instead of one per class.
        loss_cls: Classification loss (softmax ``CrossEntropyLoss``).
        loss_bbox: Box delta loss.
        init_cfg: mmcv's init config, applied when built and by
            ``init_weights`` after the own initialisation (mmdet's:
            Xavier-uniform FCs, N(0, 0.01) ``fc_cls``, N(0, 0.001)
            ``fc_reg``, zero biases).

    ``forward(x (R, in_channels, S, S))`` -> ``cls_score (R, num_classes +
    1)``, ``bbox_pred (R, 4 * num_classes)``.
    """

    def __init__(self, in_channels: int = 256, fc_out_channels: int = 1024,
                 roi_feat_size: int | Sequence[int] = 7, num_classes: int = 80,
                 bbox_coder: dict | None = None,
                 reg_class_agnostic: bool = False,
                 loss_cls: dict | None = None, loss_bbox: dict | None = None,
                 init_cfg: dict | None = None):
        super().__init__()
        size = (roi_feat_size if isinstance(roi_feat_size, (tuple, list)) else
                (roi_feat_size, roi_feat_size))
        self.num_classes = num_classes
        self.reg_class_agnostic = reg_class_agnostic
        self.bbox_coder = build_component(bbox_coder or dict(
            type='DeltaXYWHBBoxCoder', target_stds=[0.1, 0.1, 0.2, 0.2]))
        self.loss_cls = build_component(loss_cls or dict(
            type='CrossEntropyLoss', use_sigmoid=False, loss_weight=1.0))
        self.loss_bbox = build_component(loss_bbox or dict(
            type='SmoothL1Loss', beta=1.0, loss_weight=1.0))
        flat = in_channels * size[0] * size[1]
        self.shared_fcs = nn.ModuleList([nn.Linear(flat, fc_out_channels),
                                         nn.Linear(fc_out_channels,
                                                   fc_out_channels)])
        self.fc_cls = nn.Linear(fc_out_channels, num_classes + 1)
        self.fc_reg = nn.Linear(fc_out_channels,
                                4 if reg_class_agnostic else 4 * num_classes)
        self.setup_init(init_cfg)

    def default_init(self) -> None:
        for fc in self.shared_fcs:
            nn.init.xavier_uniform_(fc.weight)
            nn.init.zeros_(fc.bias)
        nn.init.normal_(self.fc_cls.weight, std=0.01)
        nn.init.normal_(self.fc_reg.weight, std=0.001)
        nn.init.zeros_(self.fc_cls.bias)
        nn.init.zeros_(self.fc_reg.bias)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        x = x.flatten(1)
        for fc in self.shared_fcs:
            x = F.relu(fc(x))
        return self.fc_cls(x), self.fc_reg(x)

    def get_targets(self, sampling_results: Sequence[SamplingResult],
                    rcnn_train_cfg: dict | None = None
                    ) -> tuple[torch.Tensor, ...]:
        """``labels (R,)``, ``label_weights (R,)``, ``bbox_targets (R, 4)``,
        ``bbox_weights (R, 4)`` of the RoIs of all images (each image's
        positives, then its negatives)."""
        pos_weight = (rcnn_train_cfg or {}).get('pos_weight', -1)
        out = []
        for res in sampling_results:
            num_pos, num = res.pos_bboxes.size(0), res.bboxes.size(0)
            labels = res.bboxes.new_full((num,), self.num_classes,
                                         dtype=torch.long)
            label_weights = res.bboxes.new_ones(num)
            targets = res.bboxes.new_zeros(num, 4)
            weights = res.bboxes.new_zeros(num, 4)
            if num_pos:
                labels[:num_pos] = res.pos_gt_labels
                label_weights[:num_pos] = 1.0 if pos_weight <= 0 else pos_weight
                targets[:num_pos] = self.bbox_coder.encode(res.pos_bboxes,
                                                           res.pos_gt_bboxes)
                weights[:num_pos] = 1.0
            out.append((labels, label_weights, targets, weights))
        return tuple(torch.cat([o[k] for o in out]) for k in range(4))

    def loss(self, cls_score: torch.Tensor, bbox_pred: torch.Tensor | None,
             rois: torch.Tensor, labels: torch.Tensor,
             label_weights: torch.Tensor, bbox_targets: torch.Tensor | None,
             bbox_weights: torch.Tensor | None,
             reduction_override: str | None = None) -> dict[str, torch.Tensor]:
        """``loss_cls``, ``acc`` (top-1 accuracy, percent) and, with
        ``bbox_pred``, ``loss_bbox`` on the positive RoIs' own class."""
        losses = {}
        if cls_score.numel():
            avg_factor = max(float((label_weights > 0).sum()), 1.)
            losses['loss_cls'] = self.loss_cls(
                cls_score, labels, label_weights, avg_factor=avg_factor,
                reduction_override=reduction_override)
            if reduction_override != 'none':
                losses['acc'] = (cls_score.argmax(1) == labels).float().mean() * 100
        if bbox_pred is not None:
            pos = (labels >= 0) & (labels < self.num_classes)
            if pos.any():
                pred = bbox_pred.reshape(bbox_pred.size(0), -1, 4)
                pred = pred[pos, 0] if self.reg_class_agnostic else pred[
                    pos, labels[pos]]
                losses['loss_bbox'] = self.loss_bbox(
                    pred, bbox_targets[pos], bbox_weights[pos],
                    avg_factor=bbox_targets.size(0),
                    reduction_override=reduction_override)
            else:
                losses['loss_bbox'] = bbox_pred[pos].sum()
        return losses

    def get_bboxes(self, rois: torch.Tensor, cls_score: torch.Tensor,
                   bbox_pred: torch.Tensor, img_shape: Sequence[int],
                   scale_factor, rescale: bool = False,
                   cfg: dict | None = None
                   ) -> tuple[torch.Tensor, torch.Tensor]:
        """Detections of one image from its ``(R, 5)`` RoIs: per class, boxes
        scoring above ``cfg['score_thr']``, NMS per class, the
        ``cfg['max_per_img']`` best. Returns ``(dets (K, 5), labels (K,))``;
        boxes in original-image pixels when ``rescale``."""
        scores = F.softmax(cls_score, dim=-1)
        boxes = self.bbox_coder.decode(rois[:, 1:], bbox_pred,
                                       max_shape=img_shape)
        boxes = boxes.reshape(boxes.size(0), -1, 4)
        if rescale:
            factor = boxes.new_tensor(scale_factor).reshape(-1)
            boxes = boxes / (factor.expand(4) if factor.numel() == 1 else
                             factor[:4])
        num_classes = self.num_classes
        if boxes.size(1) == 1:
            boxes = boxes.expand(-1, num_classes, 4)
        scores = scores[:, :num_classes]
        labels = torch.arange(num_classes, device=scores.device).expand_as(scores)
        boxes, scores, labels = (boxes.reshape(-1, 4), scores.reshape(-1),
                                 labels.reshape(-1))
        valid = scores > cfg['score_thr']
        boxes, scores, labels = boxes[valid], scores[valid], labels[valid]
        if boxes.numel() == 0:
            return boxes.new_zeros((0, 5)), labels
        dets, keep = batched_nms(boxes, scores, labels, cfg['nms'])
        max_num = cfg.get('max_per_img', -1)
        if max_num > 0:
            dets, keep = dets[:max_num], keep[:max_num]
        return dets, labels[keep]
