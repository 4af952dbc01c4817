"""CTC loss for CRNN-style recognizers."""
from __future__ import annotations

from typing import Sequence

import torch
import torch.nn.functional as F
from torch import nn

from mmocr.models.common.valid_steps import get_valid_ratios, valid_steps
from mmocr.registry import LOSSES
from mmocr.utils.errors import InvalidValueError

__all__ = ['CTCLoss']


@LOSSES.register_module()
class CTCLoss(nn.Module):
    """Connectionist temporal classification loss.

    ``outputs`` are logits ``(N, T, C)``; ``targets_dict`` is
    :meth:`CTCConvertor.str2tensor`'s output. Targets longer than ``T`` are
    cut to ``T``; each image's input length is ``ceil(T * valid_ratio)``
    (``img_metas[i]['valid_ratio']``, default 1) so padded columns are not
    aligned to characters.

    Args:
        flatten: Pass targets to ``F.ctc_loss`` concatenated (True) or as a
            padded ``(N, T)`` matrix (False); the loss value is the same.
        blank: Blank class index.
        reduction: ``'none'``, ``'mean'`` or ``'sum'`` (see
            ``torch.nn.CTCLoss``).
        zero_infinity: Zero infinite losses (impossible alignments).
    """

    def __init__(self, flatten: bool = True, blank: int = 0,
                 reduction: str = 'mean', zero_infinity: bool = False):
        super().__init__()
        if reduction not in ('none', 'mean', 'sum'):
            raise InvalidValueError(
                f'reduction must be none, mean or sum, got {reduction!r}')
        self.flatten = flatten
        self.blank = blank
        self.reduction = reduction
        self.zero_infinity = zero_infinity

    def forward(self, outputs: torch.Tensor, targets_dict: dict,
                img_metas: Sequence[dict] | None = None) -> dict:
        bsz, seq_len = outputs.size(0), outputs.size(1)
        log_probs = F.log_softmax(outputs.float(), dim=2).permute(1, 0, 2)
        targets = [t[:seq_len].long() for t in targets_dict['targets']]
        if len(targets) != bsz:
            raise InvalidValueError(f'{len(targets)} targets for a batch of {bsz}')
        target_lengths = torch.tensor([t.numel() for t in targets],
                                      dtype=torch.long)
        if self.flatten:
            flat = torch.cat(targets)
        else:
            flat = torch.full((bsz, seq_len), self.blank, dtype=torch.long)
            for i, t in enumerate(targets):
                flat[i, :t.numel()] = t
        input_lengths = valid_steps(seq_len, get_valid_ratios(img_metas, bsz))
        loss = F.ctc_loss(log_probs, flat.long().to(outputs.device),
                          input_lengths, target_lengths, blank=self.blank,
                          reduction=self.reduction,
                          zero_infinity=self.zero_infinity)
        return dict(loss_ctc=loss)
