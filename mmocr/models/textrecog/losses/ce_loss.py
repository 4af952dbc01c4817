"""Cross-entropy losses for attention-based recognizers."""
from __future__ import annotations

from typing import Sequence

import torch
from torch import nn

from mmocr.registry import LOSSES
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

__all__ = ['CELoss', 'SARLoss', 'TFLoss']


@LOSSES.register_module()
class CELoss(nn.Module):
    """Per-step cross entropy between decoder logits and padded targets.

    ``outputs`` are logits ``(N, T, C)``; ``targets_dict['padded_targets']``
    is ``(N, T)`` (:meth:`AttnConvertor.str2tensor`). Returns
    ``dict(loss_ce=...)``: a scalar, or ``(N, T)`` with ``reduction='none'``.

    Args:
        ignore_index: Target index not counted (the recognizer sets it to the
            convertor's padding index).
        reduction: ``'none'``, ``'mean'`` or ``'sum'``.
        ignore_first_char: Drop the first target (start token) and the last
            output, for decoders whose step ``i`` predicts target ``i + 1``.
    """

    def __init__(self, ignore_index: int = -1, reduction: str = 'none',
                 ignore_first_char: bool = False):
        super().__init__()
        if reduction not in ('none', 'mean', 'sum'):
            raise InvalidValueError(
                f'reduction must be none, mean or sum, got {reduction!r}')
        self.loss_ce = nn.CrossEntropyLoss(ignore_index=ignore_index,
                                           reduction=reduction)
        self.ignore_first_char = ignore_first_char

    def format(self, outputs: torch.Tensor,
               targets_dict: dict) -> tuple[torch.Tensor, torch.Tensor]:
        """Align outputs ``(N, C, T')`` with targets ``(N, T')``."""
        targets = targets_dict['padded_targets']
        if self.ignore_first_char:
            targets = targets[:, 1:]
            outputs = outputs[:, :-1]
        return outputs.permute(0, 2, 1), targets

    def forward(self, outputs: torch.Tensor, targets_dict: dict,
                img_metas: Sequence[dict] | None = None) -> dict:
        outputs, targets = self.format(outputs, targets_dict)
        # (N, C, T) against (N, T), or flattened (M, C) against (M,)
        if (outputs.size(0) != targets.size(0)
                or outputs.shape[2:] != targets.shape[1:]):
            raise InvalidValueError(f'{type(self).__name__}: decoder outputs '
                                    f'{tuple(outputs.shape)} do not match targets '
                                    f'{tuple(targets.shape)} (different numbers of '
                                    'steps)')
        loss = self.loss_ce(outputs.float(), targets.long().to(outputs.device))
        return dict(loss_ce=loss)


@LOSSES.register_module()
class SARLoss(CELoss):
    """Cross entropy for SAR: step ``i``'s output is scored against target
    ``i + 1`` (the start token is never predicted).

    Args:
        ignore_index: Target index not counted (the recognizer sets it to the
            convertor's padding index; -1 by default, as MMOCR 0.x).
        reduction: ``'none'``, ``'mean'`` or ``'sum'``.
    """

    def __init__(self, ignore_index: int = -1, reduction: str = 'mean'):
        super().__init__(ignore_index, reduction, ignore_first_char=True)


@LOSSES.register_module()
class TFLoss(CELoss):
    """Cross entropy for transformer decoders (NRTR, SATRN): step ``i``'s
    output is scored against target ``i + 1`` (the start token is never
    predicted, the last output has no target).

    Args:
        ignore_index: Target index not counted (the recognizer sets it to the
            convertor's padding index).
        reduction: ``'none'`` (MMOCR 0.x's default: one loss per step, which
            the model averages, padding steps included as zeros), ``'mean'``
            or ``'sum'``.
        flatten: Score ``(N * (T - 1), C)`` rows against ``(N * (T - 1),)``
            targets (the loss is then 1-D with ``reduction='none'``) instead
            of ``(N, C, T - 1)`` against ``(N, T - 1)``.
    """

    def __init__(self, ignore_index: int = -1, reduction: str = 'none',
                 flatten: bool = True):
        super().__init__(ignore_index, reduction, ignore_first_char=True)
        if not isinstance(flatten, bool):
            raise InvalidTypeError(f'flatten must be bool, got {flatten!r}')
        self.flatten = flatten

    def format(self, outputs: torch.Tensor,
               targets_dict: dict) -> tuple[torch.Tensor, torch.Tensor]:
        outputs, targets = super().format(outputs, targets_dict)
        if self.flatten:
            return (outputs.permute(0, 2, 1).reshape(-1, outputs.size(1)),
                    targets.reshape(-1))
        return outputs, targets
