"""VisionLAN's loss: the VRM's cross entropy plus the MLM branches'."""
from __future__ import annotations

from typing import Sequence

import torch
import torch.nn.functional as F
from torch import nn

from mmocr.registry import LOSSES
from mmocr.utils.errors import InvalidValueError

__all__ = ['VisionLANLoss']


@LOSSES.register_module()
class VisionLANLoss(nn.Module):
    """Mean per-step cross entropy of :class:`VisionLANDecoder`'s outputs
    against the targets it returns with them.

    ``outputs`` is the decoder's training dict: ``out_vis`` with
    ``targets_vis`` and, in the ``LF_2`` / ``LA`` steps, ``out_rem`` /
    ``out_sub`` with ``targets_rem`` / ``targets_sub`` (logits ``(N, T,
    C)``, targets ``(N, T)``). Returns ``dict(loss_vis=...)`` and, with the
    MLM, ``loss_rem`` and ``loss_sub`` weighted by ``weight_res`` and
    ``weight_mas``.

    Args:
        weight_res: Weight of the remaining string's loss.
        weight_mas: Weight of the occluded character's loss.
        ignore_index: Padding target (set by the recognizer).
    """

    def __init__(self, weight_res: float = 0.5, weight_mas: float = 0.5,
                 ignore_index: int = -1):
        super().__init__()
        for name, value in (('weight_res', weight_res), ('weight_mas', weight_mas)):
            if value < 0:
                raise InvalidValueError(f'{name} must be >= 0, got {value}')
        self.weights = dict(vis=1.0, rem=weight_res, sub=weight_mas)
        self.ignore_index = ignore_index

    def forward(self, outputs: dict, targets_dict: dict | None = None,
                img_metas: Sequence[dict] | None = None) -> dict:
        if not isinstance(outputs, dict) or 'out_vis' not in outputs:
            raise InvalidValueError('VisionLANLoss needs the training outputs of '
                                    'VisionLANDecoder (a dict with out_vis)')
        losses: dict[str, torch.Tensor] = {}
        for name, weight in self.weights.items():
            if f'out_{name}' not in outputs:
                continue
            logits, targets = outputs[f'out_{name}'], outputs[f'targets_{name}']
            loss = F.cross_entropy(logits.flatten(0, 1).float(),
                                   targets.flatten(), ignore_index=self.ignore_index)
            # a batch whose targets are all padding (empty words) adds nothing
            losses[f'loss_{name}'] = weight * torch.nan_to_num(loss)
        return losses
