"""DRRG's head: text component regression maps and a GCN over local
graphs."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from mmocr.models.textdet.modules import GCN, LocalGraphs, ProposalLocalGraphs
from mmocr.registry import HEADS
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

from .base_head import BaseTextDetHead

__all__ = ['DRRGHead']


@HEADS.register_module()
class DRRGHead(BaseTextDetHead):
    """Head of DRRG (https://arxiv.org/abs/2003.07493), as MMOCR 0.x.

    ``out_conv`` (1x1) maps the ``(N, in_channels, H, W)`` input (the image
    size, ``FPN_UNet``'s output) to 6 maps: text region and center region
    logits, sin, cos, top and bottom heights of the text components. The
    input and the maps together (``in_channels + 6`` channels) give the
    content features of the components' nodes; ``gcn`` (:class:`GCN`,
    ``feat_len = PH * PW * (in_channels + 6) + node_geo_feat_len``)
    classifies the linkage of each pivot to its nearest neighbours.

    * ``forward(inputs, gt_comp_attribs)`` (training): ``gt_comp_attribs``
      one ``(L, 8)`` array per image (``DRRGTargets``); the graphs are the
      ground-truth components' (``graph_train``, :class:`LocalGraphs`).
      Returns ``(pred_maps (N, 6, H, W), (gcn_pred (G * K, 2), gt_labels (G,
      K)))``.
    * ``single_test(feat_maps (1, in_channels, H, W))``: components proposed
      from the predicted maps (``graph_test``,
      :class:`ProposalLocalGraphs`). Returns ``(edges (E, 2), scores (E,),
      text_comps (n, 9))``, or three ``None`` without components.
    * ``get_boundary(edges, scores, text_comps, img_metas, rescale)``:
      ``dict(boundary_result=...)`` through ``DRRGPostprocessor``.

    Args:
        in_channels: Channels of the input map.
        k_at_hops: Nearest neighbours of the pivot at hops 1 and 2.
        num_adjacent_linkages: Nearest neighbours linked in the adjacency.
        node_geo_feat_len: Length of a node's geometric embedding.
        pooling_scale: Spatial scale of the rotated RoIAlign.
        pooling_output_size: ``(PH, PW)`` of the rotated RoIAlign.
        nms_thr: Locality-aware NMS threshold of the proposed components.
        min_width, max_width: Component width bounds.
        comp_shrink_ratio: Height scale of the proposed components.
        comp_ratio: Component width / height.
        comp_score_thr: Text score threshold of a component's centre.
        text_region_thr, center_region_thr: Probability thresholds of the
            text and center regions.
        center_region_area_thr: Center regions of at most this many pixels
            are dropped.
        local_graph_thr: IoU threshold of redundant training graphs.
        loss: Config of the loss (``DRRGLoss``).
        postprocessor: Config of the postprocessor (``DRRGPostprocessor``).
        init_cfg: mmcv's init config, applied after the head's own
            initialisation when built and by ``init_weights``
            (e.g. ``Pretrained``). ``None`` keeps the own one, which is
            MMOCR 0.x's default (``out_conv`` normal, std 0.01, zero bias).
    """

    def __init__(self, in_channels: int, k_at_hops: Sequence[int] = (8, 4),
                 num_adjacent_linkages: int = 3, node_geo_feat_len: int = 120,
                 pooling_scale: float = 1.0,
                 pooling_output_size: Sequence[int] = (4, 3),
                 nms_thr: float = 0.3, min_width: float = 8.0,
                 max_width: float = 24.0, comp_shrink_ratio: float = 1.03,
                 comp_ratio: float = 0.4, comp_score_thr: float = 0.3,
                 text_region_thr: float = 0.2, center_region_thr: float = 0.2,
                 center_region_area_thr: int = 50,
                 local_graph_thr: float = 0.7,
                 loss: dict = dict(type='DRRGLoss'),
                 postprocessor: dict = dict(type='DRRGPostprocessor',
                                            link_thr=0.85),
                 train_cfg: dict | None = None,
                 test_cfg: dict | None = None,
                 init_cfg: dict | list | None = None):
        if not isinstance(in_channels, int) or in_channels <= 0:
            raise InvalidValueError('DRRGHead: in_channels must be a positive int, '
                                    f'got {in_channels!r}')
        super().__init__(loss, postprocessor, 1.0, train_cfg, test_cfg)
        self.in_channels = in_channels
        self.out_channels = 6
        self.k_at_hops = tuple(k_at_hops)
        self.num_adjacent_linkages = num_adjacent_linkages
        self.node_geo_feat_len = node_geo_feat_len
        self.pooling_scale = pooling_scale
        self.pooling_output_size = tuple(pooling_output_size)
        self.comp_shrink_ratio = comp_shrink_ratio
        self.nms_thr = nms_thr
        self.min_width = min_width
        self.max_width = max_width
        self.comp_ratio = comp_ratio
        self.comp_score_thr = comp_score_thr
        self.text_region_thr = text_region_thr
        self.center_region_thr = center_region_thr
        self.center_region_area_thr = center_region_area_thr
        self.local_graph_thr = local_graph_thr
        self.out_conv = nn.Conv2d(in_channels, self.out_channels, 1)
        self.setup_init(init_cfg)
        self.graph_train = LocalGraphs(
            self.k_at_hops, num_adjacent_linkages, node_geo_feat_len,
            pooling_scale, self.pooling_output_size, local_graph_thr)
        self.graph_test = ProposalLocalGraphs(
            self.k_at_hops, num_adjacent_linkages, node_geo_feat_len,
            pooling_scale, self.pooling_output_size, nms_thr, min_width,
            max_width, comp_shrink_ratio, comp_ratio, comp_score_thr,
            text_region_thr, center_region_thr, center_region_area_thr)
        pool_h, pool_w = self.pooling_output_size
        self.gcn = GCN(pool_h * pool_w * (in_channels + self.out_channels)
                       + node_geo_feat_len)

    def default_init(self) -> None:
        """``out_conv``: normal weights (std 0.01), zero bias."""
        nn.init.normal_(self.out_conv.weight, 0, 0.01)
        nn.init.zeros_(self.out_conv.bias)

    def dense_maps(self, inputs: torch.Tensor
                   ) -> tuple[torch.Tensor, torch.Tensor]:
        """``(pred_maps (N, 6, H, W), pred_maps and inputs concatenated)``:
        the dense part of the head, before the data-dependent graphs."""
        if inputs.dim() != 4 or inputs.size(1) != self.in_channels:
            raise InvalidValueError(f'DRRGHead expects (N, {self.in_channels}, H, W), '
                                    f'got {tuple(inputs.shape)}')
        pred_maps = self.out_conv(inputs)
        return pred_maps, torch.cat([inputs, pred_maps], dim=1)

    def forward(self, inputs: torch.Tensor, gt_comp_attribs: Sequence[np.ndarray]):
        if gt_comp_attribs is None:
            raise InvalidTypeError('DRRGHead.forward needs gt_comp_attribs (training); '
                                   'use single_test at test time')
        pred_maps, feat_maps = self.dense_maps(inputs)
        attribs = np.stack([np.asarray(a, dtype=np.float32)
                            for a in gt_comp_attribs])
        node_feats, adjacent, knn_inds, gt_labels = self.graph_train(feat_maps,
                                                                     attribs)
        gcn_pred = self.gcn(node_feats, adjacent, knn_inds)
        return pred_maps, (gcn_pred, gt_labels)

    def single_test(self, feat_maps: torch.Tensor):
        pred_maps, feat_maps = self.dense_maps(feat_maps)
        none_flag, graph_data = self.graph_test(pred_maps, feat_maps)
        if none_flag:
            return None, None, None
        node_feats, adjacent, knn_inds, local_graphs, text_comps = graph_data
        probs = F.softmax(self.gcn(node_feats, adjacent, knn_inds), dim=1)
        num_graphs, k = knn_inds.shape
        neighbours = torch.gather(local_graphs, 1, knn_inds)
        pivots = local_graphs[:, :1].expand(num_graphs, k)
        edges = torch.stack([pivots, neighbours], dim=-1).reshape(-1, 2)
        return (edges.cpu().numpy(), probs[:, 1].detach().cpu().numpy(),
                text_comps)

    def get_boundary(self, edges: np.ndarray | None, scores: np.ndarray | None,
                     text_comps: np.ndarray | None, img_metas: list[dict],
                     rescale: bool) -> dict:
        """``dict(boundary_result=...)`` of one image's edges, edge scores
        and components (``[]`` when ``edges`` is None)."""
        if not isinstance(img_metas, (list, tuple)) or not all(
                isinstance(m, dict) for m in img_metas):
            raise InvalidTypeError('img_metas must be a list of dicts')
        boundaries = ([] if edges is None
                      else self.postprocessor(edges, scores, text_comps))
        return self.boundary_results(boundaries, img_metas, rescale)
