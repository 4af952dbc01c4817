"""ABINet's vision-language fusion (MMOCR 0.x's ``ABIFuser``)."""
from __future__ import annotations

import torch
from torch import nn

from mmocr.models.common.layers import BaseModule
from mmocr.registry import FUSERS
from mmocr.utils.errors import InvalidValueError

__all__ = ['ABIFuser']


@FUSERS.register_module()
class ABIFuser(BaseModule):
    """Gated sum of two feature sequences: ``g = sigmoid(w_att([l; v]))``,
    ``out = g * v + (1 - g) * l``, classified by ``cls``.

    ``forward(l_feature (N, T, d_model), v_feature (N, T, d_model))`` ->
    ``dict(logits=(N, T, num_chars))``. MMOCR 0.x's ``ABINet`` passes the
    vision model's feature as ``l_feature`` and the language model's as
    ``v_feature``; :class:`~mmocr.models.textrecog.recognizer.ABINet` keeps
    that order so 0.x checkpoints give the same outputs.

    Args:
        d_model: Features.
        max_seq_len: Sequence length (stored as ``max_seq_len + 1``, as in
            MMOCR 0.x; not used by the computation).
        num_chars: Classes.
        init_cfg: mmcv's init config (None: PyTorch's initialisation), applied
            when built and by ``init_weights``.
    """

    def __init__(self, d_model: int = 512, max_seq_len: int = 40,
                 num_chars: int = 90, init_cfg: dict | None = None):
        super().__init__()
        self.max_seq_len = max_seq_len + 1
        self.w_att = nn.Linear(2 * d_model, d_model)
        self.cls = nn.Linear(d_model, num_chars)
        self.setup_init(init_cfg)

    def forward(self, l_feature: torch.Tensor,
                v_feature: torch.Tensor) -> dict:
        if l_feature.shape != v_feature.shape:
            raise InvalidValueError(
                f'ABIFuser: l_feature {tuple(l_feature.shape)} and v_feature '
                f'{tuple(v_feature.shape)} differ in shape')
        gate = torch.sigmoid(self.w_att(torch.cat((l_feature, v_feature), 2)))
        return dict(logits=self.cls(gate * v_feature + (1 - gate) * l_feature))
