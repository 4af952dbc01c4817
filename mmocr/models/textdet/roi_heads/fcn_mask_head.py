"""mmdet's ``FCNMaskHead``: a small FCN predicting a mask per positive RoI;
mask targets cropped from the gt masks; masks pasted back into the image."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from mmocr.core.mask import BitmapMasks, PolygonMasks
from mmocr.models.builder import build_component
from mmocr.models.common.bbox import SamplingResult
from mmocr.models.common.layers import BaseModule, ConvModule
from mmocr.models.common.layers.roi_align import roi_align
from mmocr.registry import HEADS
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

__all__ = ['FCNMaskHead', 'mask_targets_of']


def mask_targets_of(gt_masks: BitmapMasks | PolygonMasks, boxes: torch.Tensor,
                    gt_inds: torch.Tensor, mask_size: int | Sequence[int]
                    ) -> torch.Tensor:
    """Binary mask target ``(P, h, w)`` of each box ``(P, 4)`` from gt mask
    ``gt_inds[i]``: the part of the gt mask inside the box, resized to
    ``mask_size``. Bitmaps are RoI-aligned and thresholded at 0.5; polygons
    are moved into the box frame and rasterised (a polygon of fewer than 3
    points draws nothing)."""
    out_h, out_w = ((mask_size, mask_size) if isinstance(mask_size, int) else
                    tuple(mask_size))
    num = boxes.size(0)
    if num == 0:
        return boxes.new_zeros((0, out_h, out_w))
    inds = gt_inds.long().cpu().numpy()
    if isinstance(gt_masks, BitmapMasks):
        masks = torch.from_numpy(gt_masks.masks).to(boxes.device, torch.float32)
        rois = torch.cat([gt_inds[:, None].to(boxes), boxes.detach()], 1)
        aligned = roi_align(masks[:, None], rois, (out_h, out_w), 1.0, 0, True)
        return (aligned[:, 0] >= 0.5).float()
    if not isinstance(gt_masks, PolygonMasks):
        raise InvalidTypeError('gt_masks must be BitmapMasks or PolygonMasks, got '
                               f'{type(gt_masks).__name__}')
    box = boxes.detach().cpu().numpy().astype(np.float64)
    w = np.maximum(box[:, 2] - box[:, 0], 1)
    h = np.maximum(box[:, 3] - box[:, 1], 1)
    moved = []
    for i in range(num):
        polys = []
        for p in gt_masks.masks[inds[i]]:
            q = p.copy()
            q[0::2] = (q[0::2] - box[i, 0]) * (out_w / w[i])
            q[1::2] = (q[1::2] - box[i, 1]) * (out_h / h[i])
            polys.append(q)
        moved.append(polys)
    bitmaps = PolygonMasks(moved, out_h, out_w).to_ndarray()
    return torch.from_numpy(bitmaps).to(boxes.device, torch.float32)


@HEADS.register_module()
class FCNMaskHead(BaseModule):
    """``num_convs`` 3x3 ``ConvModule``s (``convs``), a 2x ``ConvTranspose2d``
    (``upsample``, ReLU) and a 1x1 ``conv_logits`` with a mask logit map per
    class.

    Args:
        num_convs: Number of 3x3 convs.
        roi_feat_size: Side of the pooled RoI features.
        in_channels: Channels of the RoI features.
        conv_kernel_size: Kernel of ``convs``.
        conv_out_channels: Channels of ``convs`` and ``upsample``.
        num_classes: Foreground classes (mask channels).
        class_agnostic: One mask channel for all classes.
        upsample_cfg: ``dict(type='deconv', scale_factor=2)`` (only deconv).
        conv_cfg, norm_cfg: Of ``convs``.
        loss_mask: ``CrossEntropyLoss(use_mask=True)``.
        init_cfg: mmcv's init config, applied when built and by
            ``init_weights`` after the own initialisation (``upsample`` and
            ``conv_logits`` Kaiming, fan out, as in mmdet).

    ``forward(x (P, in_channels, S, S))`` -> ``(P, num_classes, 2S, 2S)``
    logits.
    """

    def __init__(self, num_convs: int = 4, roi_feat_size: int = 14,
                 in_channels: int = 256, conv_kernel_size: int = 3,
                 conv_out_channels: int = 256, num_classes: int = 80,
                 class_agnostic: bool = False,
                 upsample_cfg: dict | None = None,
                 conv_cfg: dict | None = None, norm_cfg: dict | None = None,
                 loss_mask: dict | None = None, init_cfg: dict | None = None):
        super().__init__()
        upsample_cfg = dict(upsample_cfg or dict(type='deconv', scale_factor=2))
        if upsample_cfg.pop('type') != 'deconv':
            raise NotImplementedError('FCNMaskHead: only upsample_cfg type '
                                      "'deconv' is implemented")
        scale = upsample_cfg.pop('scale_factor', 2)
        if upsample_cfg:
            raise InvalidValueError(f'FCNMaskHead: unknown upsample_cfg keys '
                                    f'{sorted(upsample_cfg)}')
        self.roi_feat_size = roi_feat_size
        self.num_classes = num_classes
        self.class_agnostic = class_agnostic
        self.loss_mask = build_component(loss_mask or dict(
            type='CrossEntropyLoss', use_mask=True, loss_weight=1.0))
        pad = (conv_kernel_size - 1) // 2
        self.convs = nn.ModuleList([
            ConvModule(in_channels if i == 0 else conv_out_channels,
                       conv_out_channels, conv_kernel_size, padding=pad,
                       conv_cfg=conv_cfg, norm_cfg=norm_cfg)
            for i in range(num_convs)])
        last = conv_out_channels if num_convs else in_channels
        self.upsample = nn.ConvTranspose2d(last, conv_out_channels, scale,
                                           stride=scale)
        self.conv_logits = nn.Conv2d(conv_out_channels,
                                     1 if class_agnostic else num_classes, 1)
        self.setup_init(init_cfg)

    def default_init(self) -> None:
        for m in (self.upsample, self.conv_logits):
            nn.init.kaiming_normal_(m.weight, mode='fan_out',
                                    nonlinearity='relu')
            nn.init.zeros_(m.bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for conv in self.convs:
            x = conv(x)
        return self.conv_logits(F.relu(self.upsample(x)))

    def get_targets(self, sampling_results: Sequence[SamplingResult],
                    gt_masks: Sequence[BitmapMasks | PolygonMasks],
                    rcnn_train_cfg: dict) -> torch.Tensor:
        """``(P, mask_size, mask_size)`` targets of all positive RoIs."""
        size = rcnn_train_cfg['mask_size']
        return torch.cat([
            mask_targets_of(masks, res.pos_bboxes, res.pos_assigned_gt_inds,
                            size)
            for res, masks in zip(sampling_results, gt_masks)])

    def loss(self, mask_pred: torch.Tensor, mask_targets: torch.Tensor,
             labels: torch.Tensor) -> dict[str, torch.Tensor]:
        if mask_pred.size(0) == 0:
            return dict(loss_mask=mask_pred.sum() * 0)
        if self.class_agnostic:
            labels = torch.zeros_like(labels)
        return dict(loss_mask=self.loss_mask(mask_pred, mask_targets, labels))

    def get_seg_masks(self, mask_pred: torch.Tensor, det_bboxes: torch.Tensor,
                      det_labels: torch.Tensor, img_shape: Sequence[int],
                      mask_thr_binary: float = 0.5
                      ) -> list[tuple[np.ndarray, int, int]]:
        """Paste each detection's mask into the image.

        Args:
            mask_pred: ``(K, C, M, M)`` logits.
            det_bboxes: ``(K, >=4)`` boxes in the pixels of ``img_shape``.
            det_labels: ``(K,)``.
            img_shape: ``(h, w)`` of the image to paste into.
            mask_thr_binary: Probability threshold.

        Returns:
            Per detection ``(mask, x0, y0)``: a bool mask of the image region
            ``[y0:y0 + mh, x0:x0 + mw]`` around its box (the rest of the
            image is empty), so no full-image mask per detection is built.
        """
        img_h, img_w = int(img_shape[0]), int(img_shape[1])
        chan = (torch.zeros_like(det_labels) if self.class_agnostic else
                det_labels).long()
        probs = mask_pred[torch.arange(mask_pred.size(0)), chan].sigmoid()
        out = []
        for prob, box in zip(probs, det_bboxes[:, :4].float()):
            x1, y1, x2, y2 = box.tolist()
            x0 = int(max(np.floor(x1) - 1, 0))
            y0 = int(max(np.floor(y1) - 1, 0))
            xe = int(min(np.ceil(x2) + 1, img_w))
            ye = int(min(np.ceil(y2) + 1, img_h))
            if xe <= x0 or ye <= y0:
                out.append((np.zeros((0, 0), bool), x0, y0))
                continue
            # Pixel centres of the region, in the box's [-1, 1] frame.
            gx = (torch.arange(x0, xe, dtype=torch.float32) + 0.5 - x1) / max(
                x2 - x1, 1e-6) * 2 - 1
            gy = (torch.arange(y0, ye, dtype=torch.float32) + 0.5 - y1) / max(
                y2 - y1, 1e-6) * 2 - 1
            grid = torch.stack(torch.meshgrid(gy, gx, indexing='ij')[::-1], -1)
            pasted = F.grid_sample(prob[None, None].float().cpu(), grid[None],
                                   align_corners=False)
            out.append(((pasted[0, 0] >= mask_thr_binary).numpy(), x0, y0))
        return out
