"""mmdet's ``DeltaXYWHBBoxCoder``: boxes <-> normalised centre/size deltas."""
from __future__ import annotations

import math
from typing import Sequence

import torch

from mmocr.registry import MODELS

__all__ = ['DeltaXYWHBBoxCoder']


@MODELS.register_module()
class DeltaXYWHBBoxCoder:
    """Encode a target box against a reference box as ``(dx, dy, dw, dh)``:
    ``dx = (gx - px) / pw``, ``dw = log(gw / pw)`` (same for y, h), then
    ``(delta - target_means) / target_stds``; decoding inverts it.

    Args:
        target_means: Means of the 4 deltas.
        target_stds: Standard deviations of the 4 deltas.
        clip_border: Clip decoded boxes to ``max_shape``.
        add_ctr_clamp: Clamp the decoded centre shift to ``ctr_clamp`` pixels.
        ctr_clamp: See ``add_ctr_clamp``.

    ``encode(bboxes (N, 4), gt_bboxes (N, 4))`` -> ``(N, 4)``;
    ``decode(bboxes (N, 4), deltas (N, 4 * k), max_shape=(h, w), wh_ratio_clip)``
    -> ``(N, 4 * k)``.
    """

    def __init__(self, target_means: Sequence[float] = (0., 0., 0., 0.),
                 target_stds: Sequence[float] = (1., 1., 1., 1.),
                 clip_border: bool = True, add_ctr_clamp: bool = False,
                 ctr_clamp: int = 32):
        self.means = tuple(float(m) for m in target_means)
        self.stds = tuple(float(s) for s in target_stds)
        self.clip_border = clip_border
        self.add_ctr_clamp = add_ctr_clamp
        self.ctr_clamp = ctr_clamp

    @staticmethod
    def _xywh(boxes: torch.Tensor) -> tuple[torch.Tensor, ...]:
        w = boxes[..., 2] - boxes[..., 0]
        h = boxes[..., 3] - boxes[..., 1]
        return boxes[..., 0] + 0.5 * w, boxes[..., 1] + 0.5 * h, w, h

    def encode(self, bboxes: torch.Tensor, gt_bboxes: torch.Tensor
               ) -> torch.Tensor:
        px, py, pw, ph = self._xywh(bboxes.float())
        gx, gy, gw, gh = self._xywh(gt_bboxes.float())
        deltas = torch.stack([(gx - px) / pw, (gy - py) / ph,
                              torch.log(gw / pw), torch.log(gh / ph)], -1)
        return (deltas - deltas.new_tensor(self.means)) / deltas.new_tensor(
            self.stds)

    def decode(self, bboxes: torch.Tensor, pred_bboxes: torch.Tensor,
               max_shape: Sequence[int] | None = None,
               wh_ratio_clip: float = 16 / 1000) -> torch.Tensor:
        num = pred_bboxes.size(-1) // 4
        deltas = pred_bboxes.reshape(*pred_bboxes.shape[:-1], num, 4)
        deltas = deltas * deltas.new_tensor(self.stds) + deltas.new_tensor(
            self.means)
        px, py, pw, ph = (t[..., None] for t in self._xywh(bboxes))
        dxy = deltas[..., :2] * torch.stack([pw, ph], -1)
        max_ratio = abs(math.log(wh_ratio_clip))
        dwh = deltas[..., 2:]
        if self.add_ctr_clamp:
            dxy = dxy.clamp(-self.ctr_clamp, self.ctr_clamp)
            dwh = dwh.clamp(max=max_ratio)
        else:
            dwh = dwh.clamp(-max_ratio, max_ratio)
        cx, cy = px + dxy[..., 0], py + dxy[..., 1]
        w, h = pw * dwh[..., 0].exp(), ph * dwh[..., 1].exp()
        out = torch.stack([cx - 0.5 * w, cy - 0.5 * h, cx + 0.5 * w,
                           cy + 0.5 * h], -1)
        if self.clip_border and max_shape is not None:
            out[..., 0::2] = out[..., 0::2].clamp(0, max_shape[1])
            out[..., 1::2] = out[..., 1::2].clamp(0, max_shape[0])
        return out.reshape(pred_bboxes.shape)
