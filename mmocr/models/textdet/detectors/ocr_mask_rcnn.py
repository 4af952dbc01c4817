"""MMOCR 0.x's ``OCRMaskRCNN``: Mask R-CNN whose masks become text
boundaries."""
from __future__ import annotations

import warnings
from typing import Sequence

import numpy as np
import torch

from mmocr.core.mask import BitmapMasks, PolygonMasks, points2boundary
from mmocr.models.base import BaseModel
from mmocr.models.builder import build_component
from mmocr.models.common.bbox import check_nms_cfg
from mmocr.models.common.layers.weight_init import check_init_cfg
from mmocr.registry import DETECTORS, UnknownKeyError
from mmocr.utils.errors import InvalidValueError

from .single_stage_text_detector import SingleStageTextDetector

__all__ = ['OCRMaskRCNN', 'ONNX_UNSUPPORTED']

#: Why the family has no ONNX export (raised by ``pytorch2onnx`` and by an
#: export attempt).
ONNX_UNSUPPORTED = (
    'OCRMaskRCNN cannot be exported to ONNX: its RPN proposals (top-k, '
    'size filter and NMS) and so the number of RoIs the box and mask heads '
    'pool are data-dependent, and boxes and masks are decoded per detection '
    'after a second NMS; export a single-stage detector (DBNet, FCENet, ...) '
    'instead')


@DETECTORS.register_module()
class OCRMaskRCNN(BaseModel):
    """Mask R-CNN (https://arxiv.org/abs/1703.06870) for text: backbone ->
    FPN neck -> ``RPNHead`` proposals -> ``StandardRoIHead`` boxes and masks;
    each mask's pixels become a boundary (``text_repr_type`` ``'quad'``: the
    minimum-area rectangle; ``'poly'``: the outer contour), scored by its
    box.

    Args:
        backbone, neck: Configs (``mmdet.ResNet``, ``mmdet.FPN``).
        rpn_head: An ``RPNHead`` config (gets ``train_cfg.rpn`` and
            ``test_cfg.rpn``).
        roi_head: A ``StandardRoIHead`` config (gets ``train_cfg.rcnn`` and
            ``test_cfg.rcnn``).
        train_cfg: ``rpn``, ``rpn_proposal`` (proposal settings while
            training) and ``rcnn``; ``None`` for a test-only model.
        test_cfg: ``rpn`` and ``rcnn``.
        pretrained: Deprecated: a backbone checkpoint.
        text_repr_type: ``'quad'`` or ``'poly'``.
        show_score: Draw scores in :meth:`show_result`.
        init_cfg: mmcv's init config, applied by :meth:`init_weights`
            after the components' own (e.g. ``Pretrained`` for the whole
            model).

    ``forward_train(img (N, C, H, W), img_metas, gt_bboxes [(K_i, 4)],
    gt_labels [(K_i,)], gt_bboxes_ignore=None, gt_masks [K_i masks])`` ->
    ``loss_rpn_cls``, ``loss_rpn_bbox``, ``loss_cls``, ``acc``,
    ``loss_bbox``, ``loss_mask``. Ground-truth boxes without area (a
    degenerate polygon's) are dropped with their masks, with a warning.
    ``simple_test(img, img_metas, rescale)`` -> per image
    ``{'boundary_result': [[x1, y1, ..., xn, yn, score], ...]}`` (empty when
    nothing is detected).
    """

    def __init__(self, backbone: dict, rpn_head: dict, roi_head: dict,
                 train_cfg: dict | None, test_cfg: dict,
                 neck: dict | None = None, pretrained: str | None = None,
                 text_repr_type: str = 'quad', show_score: bool = False,
                 init_cfg: dict | None = None):
        super().__init__()
        if text_repr_type not in ('quad', 'poly'):
            raise InvalidValueError("text_repr_type must be 'quad' or 'poly', "
                                    f'got {text_repr_type!r}')
        if test_cfg is None:
            raise InvalidValueError('OCRMaskRCNN needs test_cfg (rpn, rcnn)')
        if pretrained:
            warnings.warn('pretrained is deprecated, set init_cfg in the '
                          'backbone config instead', DeprecationWarning,
                          stacklevel=2)
            backbone = dict(backbone, init_cfg=dict(type='Pretrained',
                                                    checkpoint=pretrained))
        self.init_cfg = check_init_cfg(init_cfg, 'OCRMaskRCNN')
        self.backbone = build_component(backbone)
        if neck is not None:
            self.neck = build_component(neck)
        train_cfg = train_cfg or {}
        if 'rpn_proposal' in train_cfg:
            check_nms_cfg(train_cfg['rpn_proposal']['nms'])
        self.rpn_head = self._build_stage(rpn_head, 'rpn', train_cfg, test_cfg)
        self.roi_head = self._build_stage(roi_head, 'rcnn', train_cfg, test_cfg)
        self.train_cfg = train_cfg
        self.test_cfg = test_cfg
        self.text_repr_type = text_repr_type
        self.show_score = show_score

    @staticmethod
    def _build_stage(cfg: dict, stage: str, train_cfg: dict, test_cfg: dict):
        """Build a head with its stage's ``train_cfg``/``test_cfg``; an
        unknown key inside those is named at its place in this model's
        config (``train_cfg.rpn.assigner.<key>``)."""
        try:
            return build_component(dict(cfg, train_cfg=train_cfg.get(stage),
                                        test_cfg=test_cfg[stage]))
        except UnknownKeyError as err:
            if err.path and err.path[0] in ('train_cfg', 'test_cfg'):
                err.path = [err.path[0], stage] + err.path[1:]
                err.owner_type = None
            raise

    def extract_feat(self, img: torch.Tensor) -> tuple[torch.Tensor, ...]:
        x = self.backbone(img)
        return tuple(self.neck(x)) if hasattr(self, 'neck') else tuple(x)

    @staticmethod
    def _drop_degenerate(gt_bboxes: list[torch.Tensor],
                         gt_labels: list[torch.Tensor], gt_masks: list | None
                         ) -> tuple[list, list, list | None]:
        """Check that each image has as many boxes, labels and masks; drop
        the boxes without area (with their labels and masks)."""
        boxes, labels, masks = [], [], []
        for i, (b, lab) in enumerate(zip(gt_bboxes, gt_labels)):
            m = None if gt_masks is None else gt_masks[i]
            if b.dim() != 2 or b.size(-1) != 4 or lab.numel() != b.size(0) or (
                    m is not None and len(m) != b.size(0)):
                raise InvalidValueError(
                    f'image {i}: gt_bboxes must be (K, 4) with K labels and K '
                    f'masks, got {tuple(b.shape)}, {lab.numel()} labels, '
                    f'{None if m is None else len(m)} masks')
            keep = (b[:, 2] > b[:, 0]) & (b[:, 3] > b[:, 1])
            if not bool(keep.all()):
                warnings.warn(f'image {i}: dropped {int((~keep).sum())} gt boxes '
                              'without area (degenerate polygons)', stacklevel=3)
                b, lab = b[keep], lab[keep]
                if m is not None:
                    m = m[keep.cpu().numpy()]
            boxes.append(b)
            labels.append(lab)
            masks.append(m)
        return boxes, labels, (None if gt_masks is None else masks)

    def forward_train(self, img: torch.Tensor, img_metas: list[dict],
                      gt_bboxes: list[torch.Tensor],
                      gt_labels: list[torch.Tensor],
                      gt_bboxes_ignore: list[torch.Tensor] | None = None,
                      gt_masks: list[BitmapMasks | PolygonMasks] | None = None,
                      **kwargs) -> dict[str, torch.Tensor]:
        if kwargs:
            raise InvalidValueError(f'OCRMaskRCNN.forward_train: unexpected '
                                    f'inputs {sorted(kwargs)}')
        if not self.train_cfg:
            raise InvalidValueError('OCRMaskRCNN needs train_cfg to train')
        gt_bboxes, gt_labels, gt_masks = self._drop_degenerate(
            gt_bboxes, gt_labels, gt_masks)
        x = self.extract_feat(img)
        proposal_cfg = self.train_cfg.get('rpn_proposal', self.test_cfg['rpn'])
        losses, proposals = self.rpn_head.forward_train(
            x, img_metas, gt_bboxes, None, gt_bboxes_ignore, proposal_cfg)
        losses.update(self.roi_head.forward_train(
            x, img_metas, proposals, gt_bboxes, gt_labels, gt_bboxes_ignore,
            gt_masks))
        return losses

    def simple_test(self, img: torch.Tensor, img_metas: list[dict],
                    proposals: list[torch.Tensor] | None = None,
                    rescale: bool = False) -> list[dict]:
        if len(img_metas) != img.size(0):
            raise InvalidValueError(f'{len(img_metas)} img_metas for a batch of '
                                    f'{img.size(0)} images')
        if torch.onnx.is_in_onnx_export():
            raise NotImplementedError(ONNX_UNSUPPORTED)
        x = self.extract_feat(img)
        if proposals is None:
            proposals = self.rpn_head.simple_test_rpn(x, img_metas)
        results = self.roi_head.simple_test(x, proposals, img_metas, rescale)
        return [self.get_boundary(dets, masks) for dets, _, masks in results]

    def get_boundary(self, dets: torch.Tensor,
                     masks: Sequence[tuple[np.ndarray, int, int]] | None
                     ) -> dict:
        """``{'boundary_result': [...]}`` from one image's ``(K, 5)``
        detections and their pasted masks (see ``FCNMaskHead.get_seg_masks``)."""
        boundaries = []
        for det, (mask, x0, y0) in zip(dets.tolist(), masks or []):
            ys, xs = np.nonzero(mask)
            if xs.size == 0:
                continue
            points = np.stack([xs + x0, ys + y0], axis=1)
            boundary = points2boundary(points, self.text_repr_type,
                                       min(max(det[4], 0.0), 1.0))
            if boundary is not None:
                boundaries.append(boundary)
        return dict(boundary_result=boundaries)

    def aug_test(self, imgs, img_metas, **kwargs):
        raise NotImplementedError('OCRMaskRCNN has no test-time augmentation; use '
                                  'a test pipeline with a single view')

    # Same drawing as the single-stage detectors (uses ``self.show_score``).
    show_result = SingleStageTextDetector.show_result
