"""SDMG-R: Spatial Dual-Modality Graph Reasoning for Key Information
Extraction (https://arxiv.org/abs/2103.14470)."""
from __future__ import annotations

import warnings
from typing import Sequence

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from mmocr.core.visualize import imshow_edge_node
from mmocr.models.common.bbox import bbox2roi
from mmocr.models.common.detectors import SingleStageDetector
from mmocr.registry import DETECTORS, ROI_EXTRACTORS, build_from_cfg
from mmocr.utils.errors import InvalidValueError
from mmocr.utils.fileio import list_from_file, repo_path

__all__ = ['SDMGR']


@DETECTORS.register_module()
class SDMGR(SingleStageDetector):
    """Key information extraction model: classifies each text box of a
    document (and, in open-set mode, links key boxes to value boxes).

    Args:
        backbone: Visual backbone config (``UNet``), or ``None`` without
            ``visual_modality`` (MMOCR 0.x's novisual configs build one they
            never run; ``None`` leaves its weights out of the checkpoint).
        neck: Optional neck config.
        bbox_head: ``SDMGRHead`` config.
        extractor: RoI feature extractor config; ``out_channels`` is taken
            from the backbone's ``base_channels``.
        visual_modality: Fuse RoI visual features with the text features.
        class_list: File of ``index name`` lines used by :meth:`show_result`.
        openset: Draw key-value links instead of node classes.

    Inputs (after ``KIEFormatBundle``/``Collect`` and collation): ``img``
    ``(N, C, H, W)``; ``relations`` list of ``(K_i, K_i, 5)``; ``texts`` list
    of ``(K_i, L_i)``; ``gt_bboxes`` list of ``(K_i, 4)``; ``gt_labels`` list
    of ``(K_i, K_i + 1)``.
    """

    def __init__(self, backbone: dict | None, neck: dict | None = None,
                 bbox_head: dict | None = None,
                 extractor: dict = dict(
                     type='mmdet.SingleRoIExtractor',
                     roi_layer=dict(type='RoIAlign', output_size=7),
                     featmap_strides=[1]),
                 visual_modality: bool = False, train_cfg: dict | None = None,
                 test_cfg: dict | None = None, class_list: str | None = None,
                 init_cfg: dict | None = None, openset: bool = False,
                 pretrained: str | None = None):
        if visual_modality and backbone is None:
            raise InvalidValueError('SDMGR: visual_modality=True needs a '
                                    'backbone config (got backbone=None)')
        super().__init__(backbone, neck, bbox_head, train_cfg, test_cfg,
                         pretrained=pretrained, init_cfg=init_cfg)
        self.visual_modality = visual_modality
        if visual_modality:
            self.extractor = build_from_cfg(
                {**extractor, 'out_channels': self.backbone.base_channels},
                ROI_EXTRACTORS)
            output_size = extractor['roi_layer']['output_size']
            self.maxpool = nn.MaxPool2d(output_size)
        else:
            self.extractor = None
        self.class_list = class_list
        self.openset = openset

    def extract_feat(self, img: torch.Tensor,
                     gt_bboxes: Sequence[torch.Tensor]) -> torch.Tensor | None:
        """Visual feature ``(sum K_i, C)`` of each box, or ``None`` without
        the visual modality."""
        if not self.visual_modality:
            return None
        feats = super().extract_feat(img)[-1]
        rois = bbox2roi([b.to(feats.dtype) for b in gt_bboxes])
        roi_feats = self.maxpool(self.extractor([feats], rois))
        return roi_feats.view(roi_feats.size(0), -1)

    def forward_train(self, img, img_metas, relations, texts, gt_bboxes,
                      gt_labels) -> dict[str, torch.Tensor]:
        x = self.extract_feat(img, gt_bboxes)
        node_preds, edge_preds = self.bbox_head.forward(relations, texts, x)
        return self.bbox_head.loss(node_preds, edge_preds, gt_labels)

    def forward_test(self, img, img_metas, relations, texts, gt_bboxes,
                     rescale: bool = False) -> list[dict]:
        """One result per image: ``dict(img_metas=[meta], nodes (K, C),
        edges (K * K, 2))``, softmax probabilities (MMOCR 0.x format)."""
        if isinstance(img, (list, tuple)):
            raise NotImplementedError(
                'SDMGR has no test-time augmentation: the test pipeline must '
                'give one image tensor per batch')
        nodes, edges = self.node_edge_probs(img, relations, texts, gt_bboxes)
        nums = [t.size(0) for t in texts]
        return [
            dict(img_metas=[meta], nodes=n, edges=e)
            for meta, n, e in zip(img_metas, nodes.split(nums),
                                  edges.split([k * k for k in nums]))
        ]

    def node_edge_probs(self, img: torch.Tensor | None,
                        relations: Sequence[torch.Tensor],
                        texts: Sequence[torch.Tensor],
                        gt_bboxes: Sequence[torch.Tensor] | None
                        ) -> tuple[torch.Tensor, torch.Tensor]:
        """Softmax probabilities of the boxes' classes ``(sum K_i, C)`` and
        of the box pairs' links ``(sum K_i^2, 2)`` (what an ONNX export
        computes; ``img`` and ``gt_bboxes`` are read by the visual modality
        only)."""
        x = self.extract_feat(img, gt_bboxes)
        node_preds, edge_preds = self.bbox_head.forward(relations, texts, x)
        return F.softmax(node_preds, -1), F.softmax(edge_preds, -1)

    def simple_test(self, img, img_metas, relations, texts, gt_bboxes,
                    rescale: bool = False) -> list[dict]:
        return self.forward_test(img, img_metas, relations, texts, gt_bboxes,
                                 rescale)

    def _class_names(self) -> dict[str, str]:
        if self.class_list is None:
            return {}
        names = {}
        lines = list_from_file(repo_path(self.class_list))
        for lineno, line in enumerate(lines, 1):
            if not line.strip():
                continue
            parts = line.strip().split(maxsplit=1)
            if len(parts) != 2:
                raise InvalidValueError(f'{self.class_list}:{lineno}: expected '
                                        f'"<index> <name>", got {line!r}')
            names[parts[0]] = parts[1]
        return names

    def show_result(self, img: str | np.ndarray, result: dict,
                    boxes: Sequence[Sequence[float]], win_name: str = '',
                    show: bool = False, wait_time: int = 0,
                    out_file: str | None = None, **kwargs) -> np.ndarray:
        """Draw ``result`` next to ``img``: predicted class (and score) of
        each box in ``boxes`` (``[x1, y1, x2, y2, ...]``), plus key-value
        links in open-set mode. Returns the drawn image."""
        if out_file is not None:
            show = False
        img = imshow_edge_node(img, result, boxes,
                               idx_to_cls=self._class_names(),
                               show=show, win_name=win_name,
                               wait_time=wait_time, out_file=out_file,
                               draw_edges=self.openset)
        if not (show or out_file):
            warnings.warn('show==False and out_file is not specified, only '
                          'the result image is returned', stacklevel=2)
        return img
