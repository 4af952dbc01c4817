"""Dot-product attention over a flattened feature map (RobustScanner)."""
from __future__ import annotations

from typing import Sequence

import torch
import torch.nn.functional as F
from torch import nn

from mmocr.models.common.valid_steps import get_valid_ratios, valid_steps

__all__ = ['DotProductAttentionLayer', 'padding_mask']


def padding_mask(img_metas: Sequence[dict] | None, n: int, h: int, w: int,
                 device: torch.device) -> torch.Tensor:
    """``(N, H * W)`` bool, True at the columns right of each image's
    :func:`~mmocr.models.common.valid_steps.valid_steps` of ``W`` (the
    padding; ``valid_ratio`` from ``img_metas[i]``, default 1)."""
    widths = valid_steps(w, get_valid_ratios(img_metas, n)).to(device)
    cols = torch.arange(w, device=device)[None] >= widths[:, None]  # (N, W)
    return cols[:, None].expand(n, h, w).reshape(n, h * w)


class DotProductAttentionLayer(nn.Module):
    """``softmax(q^T k * scale)`` weighted sum of ``value``.

    Args:
        dim_model: Scale the scores by ``dim_model ** -0.5``; ``None``: no
            scaling (MMOCR 0.x's default).
    """

    def __init__(self, dim_model: int | None = None):
        super().__init__()
        self.scale = dim_model**-0.5 if dim_model is not None else 1.

    def forward(self, query: torch.Tensor, key: torch.Tensor,
                value: torch.Tensor,
                mask: torch.Tensor | None = None) -> torch.Tensor:
        """``query (N, C, T)``, ``key (N, C, L)``, ``value (N, C_v, L)``,
        ``mask (N, L)`` bool (True: not attended) -> ``(N, C_v, T)``."""
        logits = torch.matmul(query.transpose(1, 2), key) * self.scale
        if mask is not None:
            logits = logits.masked_fill(mask[:, None], float('-inf'))
        weights = F.softmax(logits, dim=2)  # (N, T, L)
        return torch.matmul(weights, value.transpose(1, 2)).transpose(1, 2)
