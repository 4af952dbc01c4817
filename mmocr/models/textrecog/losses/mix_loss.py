"""ABINet's loss over its three outputs (MMOCR 0.x's ``ABILoss`` of
``losses/mix_loss.py``)."""
from __future__ import annotations

from typing import Sequence

import torch
import torch.nn.functional as F
from torch import nn

from mmocr.registry import LOSSES
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

__all__ = ['ABILoss']


@LOSSES.register_module()
class ABILoss(nn.Module):
    """Cross entropy of the vision model's, the language model's and the
    fuser's logits against the characters (and end token) of each word.

    ``forward(outputs, targets_dict)``: ``outputs`` holds ``out_enc`` (a dict
    with ``logits (N, T, C)``), ``out_decs`` and ``out_fusers`` (lists of
    such dicts, one per iteration); ``targets_dict['targets']`` the ``N``
    target index tensors (``ABIConvertor``: characters then ``<EOS>``). The
    first ``len(target)`` steps of each sequence are scored. Returns
    ``loss_visual``, ``loss_lang`` and ``loss_fusion`` (each only when its
    output is given; iterations are averaged), times their weights.

    Args:
        enc_weight, dec_weight, fusion_weight: Weights of the vision,
            language and fusion terms.
        num_classes: Classes ``C`` of the logits.
    """

    def __init__(self, enc_weight: float = 1.0, dec_weight: float = 1.0,
                 fusion_weight: float = 1.0, num_classes: int = 37):
        super().__init__()
        for name, value in (('enc_weight', enc_weight),
                            ('dec_weight', dec_weight),
                            ('fusion_weight', fusion_weight)):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise InvalidTypeError(f'ABILoss: {name} must be a number, '
                                       f'got {value!r}')
        self.enc_weight = enc_weight
        self.dec_weight = dec_weight
        self.fusion_weight = fusion_weight
        self.num_classes = num_classes

    def _ce(self, outputs: Sequence[dict], targets: Sequence[torch.Tensor]
            ) -> torch.Tensor:
        """Mean cross entropy of the first ``len(target_i)`` steps of every
        output's ``logits``."""
        logits = torch.stack([o['logits'] for o in outputs])  # (I, N, T, C)
        if logits.size(-1) != self.num_classes:
            raise InvalidValueError(
                f'ABILoss: logits have {logits.size(-1)} classes, '
                f'num_classes={self.num_classes}')
        lengths = torch.tensor([len(t) for t in targets],
                               device=logits.device)
        if int(lengths.max()) > logits.size(2):
            raise InvalidValueError(
                f'ABILoss: a target of {int(lengths.max())} steps is longer '
                f'than the {logits.size(2)} decoded steps')
        flat = torch.cat(list(targets)).to(logits.device)
        if int(flat.max()) >= self.num_classes or int(flat.min()) < 0:
            raise InvalidValueError(
                f'ABILoss: target index {int(flat.max())} is not a class of '
                f'num_classes={self.num_classes}')
        steps = torch.arange(logits.size(2), device=logits.device)
        scored = logits[:, steps[None] < lengths[:, None]]  # (I, sum L, C)
        return F.cross_entropy(scored.flatten(0, 1),
                               flat.repeat(len(outputs)))

    def forward(self, outputs: dict, targets_dict: dict,
                img_metas: Sequence[dict] | None = None) -> dict:
        if not any(outputs.get(k) for k in ('out_enc', 'out_decs',
                                            'out_fusers')):
            raise InvalidValueError('ABILoss: outputs need out_enc, out_decs '
                                    f'or out_fusers, got {sorted(outputs)}')
        targets = targets_dict['targets']
        losses = {}
        if outputs.get('out_enc'):
            losses['loss_visual'] = self.enc_weight * self._ce(
                [outputs['out_enc']], targets)
        if outputs.get('out_decs'):
            losses['loss_lang'] = self.dec_weight * self._ce(
                outputs['out_decs'], targets)
        if outputs.get('out_fusers'):
            losses['loss_fusion'] = self.fusion_weight * self._ce(
                outputs['out_fusers'], targets)
        return losses
