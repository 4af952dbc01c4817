"""mmdet's ``SingleRoIExtractor``: pool one RoI feature per box."""
from __future__ import annotations

from typing import Sequence

import torch
from torch import nn

from mmocr.registry import ROI_EXTRACTORS, build_from_cfg
from mmocr.utils.errors import InvalidValueError

from .weight_init import BaseModule

__all__ = ['SingleRoIExtractor']


@ROI_EXTRACTORS.register_module()
class SingleRoIExtractor(BaseModule):
    """Pool a fixed-size feature for each RoI from one of several levels.

    A RoI of scale ``s = sqrt(w * h)`` (before any ``roi_scale_factor``) goes to level
    ``floor(log2(s / finest_scale))`` (clamped to the available levels).

    Args:
        roi_layer: RoI layer config, e.g. ``dict(type='RoIAlign',
            output_size=7)``; ``spatial_scale`` is set per level.
        out_channels: Channels of the input feature maps.
        featmap_strides: Stride of each feature level.
        finest_scale: RoI scale mapped to level 0.
        init_cfg: mmcv's init config (the RoI layers have no weights).

    ``forward(feats, rois)``: ``feats`` a sequence of ``(B, C, H_l, W_l)``,
    ``rois`` ``(N, 5)`` -> ``(N, C, PH, PW)``.
    """

    def __init__(self, roi_layer: dict, out_channels: int,
                 featmap_strides: Sequence[int], finest_scale: int = 56,
                 init_cfg=None):
        super().__init__()
        self.out_channels = out_channels
        self.featmap_strides = list(featmap_strides)
        self.finest_scale = finest_scale
        self.roi_layers = nn.ModuleList([
            build_from_cfg(dict(roi_layer, spatial_scale=1 / s), ROI_EXTRACTORS)
            for s in self.featmap_strides
        ])
        self.setup_init(init_cfg)

    @property
    def num_inputs(self) -> int:
        return len(self.featmap_strides)

    def map_roi_levels(self, rois: torch.Tensor, num_levels: int) -> torch.Tensor:
        """Feature level of each RoI: ``(N,)`` long."""
        scale = torch.sqrt((rois[:, 3] - rois[:, 1]) * (rois[:, 4] - rois[:, 2]))
        levels = torch.floor(torch.log2(scale / self.finest_scale + 1e-6))
        return levels.clamp(min=0, max=num_levels - 1).long()

    @staticmethod
    def roi_rescale(rois: torch.Tensor, scale_factor: float) -> torch.Tensor:
        """Scale RoI widths and heights by ``scale_factor`` about their
        centres."""
        cx = (rois[:, 1] + rois[:, 3]) * 0.5
        cy = (rois[:, 2] + rois[:, 4]) * 0.5
        half_w = (rois[:, 3] - rois[:, 1]) * scale_factor * 0.5
        half_h = (rois[:, 4] - rois[:, 2]) * scale_factor * 0.5
        return torch.stack([rois[:, 0], cx - half_w, cy - half_h, cx + half_w,
                            cy + half_h], dim=-1)

    def forward(self, feats: Sequence[torch.Tensor], rois: torch.Tensor,
                roi_scale_factor: float | None = None) -> torch.Tensor:
        if len(feats) != self.num_inputs:
            raise InvalidValueError(f'SingleRoIExtractor: got {len(feats)} feature '
                                    f'levels, featmap_strides has {self.num_inputs}')
        levels = self.map_roi_levels(rois, self.num_inputs)
        if roi_scale_factor is not None:
            rois = self.roi_rescale(rois, roi_scale_factor)
        if self.num_inputs == 1:
            return self.roi_layers[0](feats[0], rois)
        out_size = self.roi_layers[0].output_size
        roi_feats = feats[0].new_zeros(rois.size(0), self.out_channels,
                                       *out_size)
        for i, layer in enumerate(self.roi_layers):
            inds = (levels == i).nonzero(as_tuple=True)[0]
            if inds.numel():
                roi_feats[inds] = layer(feats[i], rois[inds])
        return roi_feats
