"""mmdet's ``StandardRoIHead``: box and mask branches over pooled RoI
features."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import torch

from mmocr.core.mask import BitmapMasks, PolygonMasks
from mmocr.models.builder import build_component
from mmocr.models.common.bbox import bbox2roi, check_nms_cfg
from mmocr.models.common.layers.weight_init import BaseModule
from mmocr.registry import HEADS
from mmocr.utils.errors import InvalidValueError

__all__ = ['StandardRoIHead']


@HEADS.register_module()
class StandardRoIHead(BaseModule):
    """Assign and sample proposals, pool their features
    (``bbox_roi_extractor``) for ``bbox_head``; pool the positives (or, at
    test time, the detections) again (``mask_roi_extractor``) for
    ``mask_head``.

    Args:
        bbox_roi_extractor: A ``SingleRoIExtractor`` config.
        bbox_head: A ``Shared2FCBBoxHead`` config.
        mask_roi_extractor: Config of the mask branch's extractor.
        share_roi_extractor: The mask branch reuses ``bbox_roi_extractor``.
        mask_head: An ``FCNMaskHead`` config (``None``: boxes only).
        shared_head: Not implemented (must be ``None``).
        train_cfg: ``assigner``, ``sampler`` (``OHEMSampler`` gets this head
            as its context), ``mask_size``, ``pos_weight``, ``debug``.
        test_cfg: ``score_thr``, ``nms``, ``max_per_img``,
            ``mask_thr_binary``.
        pretrained: Unused.
        init_cfg: mmcv's init config, applied when built and by
            :meth:`init_weights` after the heads' own.

    ``forward_train(x, img_metas, proposal_list, gt_bboxes, gt_labels,
    gt_bboxes_ignore, gt_masks)``: ``x`` the FPN levels ``(N, C, H_l, W_l)``,
    per image ``(P_i, 5)`` proposals, ``(K_i, 4)`` gt boxes, ``(K_i,)`` labels
    and ``K_i`` masks -> ``loss_cls``, ``acc``, ``loss_bbox``, ``loss_mask``.
    ``simple_test`` -> per image ``(dets (K, 5), labels (K,), masks)``, masks
    as :meth:`FCNMaskHead.get_seg_masks`.
    """

    def __init__(self, bbox_roi_extractor: dict, bbox_head: dict,
                 mask_roi_extractor: dict | None = None,
                 share_roi_extractor: bool = False,
                 mask_head: dict | None = None,
                 shared_head: dict | None = None,
                 train_cfg: dict | None = None, test_cfg: dict | None = None,
                 pretrained: str | None = None, init_cfg: dict | None = None):
        super().__init__()
        if shared_head is not None:
            raise NotImplementedError('StandardRoIHead: shared_head is not '
                                      'implemented')
        self.train_cfg = train_cfg
        self.test_cfg = test_cfg
        if test_cfg is not None:
            check_nms_cfg(test_cfg['nms'])
        self.bbox_roi_extractor = build_component(bbox_roi_extractor)
        self.bbox_head = build_component(bbox_head)
        if mask_head is not None:
            if share_roi_extractor or mask_roi_extractor is None:
                self.share_roi_extractor = True
                self.mask_roi_extractor = self.bbox_roi_extractor
            else:
                self.share_roi_extractor = False
                self.mask_roi_extractor = build_component(mask_roi_extractor)
            self.mask_head = build_component(mask_head)
        if train_cfg is not None:
            self.bbox_assigner = build_component(train_cfg['assigner'])
            self.bbox_sampler = build_component(train_cfg['sampler'],
                                                optional_args=dict(context=self))
        self.setup_init(init_cfg)

    @property
    def with_mask(self) -> bool:
        return hasattr(self, 'mask_head')

    def init_weights(self) -> None:
        """The heads' ``init_weights``, then ``init_cfg``."""
        self.bbox_head.init_weights()
        if self.with_mask:
            self.mask_head.init_weights()
        super().init_weights()

    def _bbox_forward(self, x: Sequence[torch.Tensor], rois: torch.Tensor
                      ) -> dict[str, torch.Tensor]:
        feats = self.bbox_roi_extractor(
            x[:self.bbox_roi_extractor.num_inputs], rois)
        cls_score, bbox_pred = self.bbox_head(feats)
        return dict(cls_score=cls_score, bbox_pred=bbox_pred)

    def _mask_forward(self, x: Sequence[torch.Tensor], rois: torch.Tensor
                      ) -> torch.Tensor:
        feats = self.mask_roi_extractor(
            x[:self.mask_roi_extractor.num_inputs], rois)
        return self.mask_head(feats)

    def forward_train(self, x: Sequence[torch.Tensor], img_metas: list[dict],
                      proposal_list: list[torch.Tensor],
                      gt_bboxes: list[torch.Tensor],
                      gt_labels: list[torch.Tensor],
                      gt_bboxes_ignore: list[torch.Tensor] | None = None,
                      gt_masks: list[BitmapMasks | PolygonMasks] | None = None
                      ) -> dict[str, torch.Tensor]:
        if self.train_cfg is None:
            raise InvalidValueError('StandardRoIHead.forward_train needs '
                                    'train_cfg (assigner, sampler)')
        sampling_results = []
        for i in range(len(img_metas)):
            ignore = None if gt_bboxes_ignore is None else gt_bboxes_ignore[i]
            assign = self.bbox_assigner.assign(proposal_list[i], gt_bboxes[i],
                                               ignore, gt_labels[i])
            sampling_results.append(self.bbox_sampler.sample(
                assign, proposal_list[i], gt_bboxes[i], gt_labels[i],
                feats=[level[i][None] for level in x]))
        rois = bbox2roi([res.bboxes for res in sampling_results])
        out = self._bbox_forward(x, rois)
        targets = self.bbox_head.get_targets(sampling_results, self.train_cfg)
        losses = self.bbox_head.loss(out['cls_score'], out['bbox_pred'], rois,
                                     *targets)
        if self.with_mask:
            if gt_masks is None:
                raise InvalidValueError('StandardRoIHead with a mask_head needs '
                                        'gt_masks')
            pos_rois = bbox2roi([res.pos_bboxes for res in sampling_results])
            mask_pred = self._mask_forward(x, pos_rois)
            mask_targets = self.mask_head.get_targets(sampling_results, gt_masks,
                                                      self.train_cfg)
            pos_labels = torch.cat([res.pos_gt_labels for res in sampling_results])
            losses.update(self.mask_head.loss(mask_pred, mask_targets, pos_labels))
        return losses

    def simple_test(self, x: Sequence[torch.Tensor],
                    proposal_list: list[torch.Tensor], img_metas: list[dict],
                    rescale: bool = False) -> list[tuple]:
        if self.test_cfg is None:
            raise InvalidValueError('StandardRoIHead.simple_test needs test_cfg')
        rois = bbox2roi(proposal_list)
        out = self._bbox_forward(x, rois)
        per_image = [p.size(0) for p in proposal_list]
        results = []
        for i, (rois_i, cls_i, reg_i) in enumerate(zip(
                rois.split(per_image), out['cls_score'].split(per_image),
                out['bbox_pred'].split(per_image))):
            meta = img_metas[i]
            dets, labels = self.bbox_head.get_bboxes(
                rois_i, cls_i, reg_i, meta['img_shape'], meta.get(
                    'scale_factor', 1.0), rescale, self.test_cfg)
            masks = None
            if self.with_mask:
                masks = self._test_masks(x, i, dets, labels, meta, rescale)
            results.append((dets, labels, masks))
        return results

    def _test_masks(self, x, i, dets, labels, meta, rescale):
        if dets.size(0) == 0:
            return []
        boxes = dets[:, :4]
        scale = np.asarray(meta.get('scale_factor', 1.0), np.float32).reshape(-1)
        if rescale:  # back to the network input's pixels for pooling
            boxes = boxes * boxes.new_tensor(np.resize(scale, 4))
        rois = torch.cat([boxes.new_full((boxes.size(0), 1), i), boxes], 1)
        mask_pred = self._mask_forward(x, rois)
        shape = meta['ori_shape'] if rescale else meta['img_shape']
        return self.mask_head.get_seg_masks(
            mask_pred, dets, labels, shape[:2],
            self.test_cfg.get('mask_thr_binary', 0.5))
