"""SAR's holistic feature encoder."""
from __future__ import annotations

from typing import Sequence

import torch
from torch import nn

from mmocr.models.common.valid_steps import get_valid_ratios, valid_steps
from mmocr.registry import ENCODERS
from mmocr.utils.errors import InvalidValueError

from .base_encoder import BaseEncoder

__all__ = ['SAREncoder', 'valid_ratios_of']


def valid_ratios_of(img_metas: Sequence[dict] | None, batch_size: int,
                    enabled: bool = True) -> torch.Tensor | None:
    """``(N,)`` float64 ``valid_ratio`` of each image (1.0 when absent), or
    ``None`` without ``img_metas`` or when not ``enabled``."""
    if img_metas is None or not enabled:
        return None
    return get_valid_ratios(img_metas, batch_size)


@ENCODERS.register_module()
class SAREncoder(BaseEncoder):
    """Max-pool the feature map over height, run a 2-layer RNN over width and
    keep the state at the last valid step as the holistic feature.

    Input ``feat (N, d_model, H, W)``; output ``(N, d_enc * (1 + enc_bi_rnn))``.

    Args:
        enc_bi_rnn: Bidirectional RNN.
        enc_do_rnn: Dropout between the RNN layers.
        enc_gru: GRU instead of LSTM.
        d_model: Channels of the input feature.
        d_enc: Hidden size of the RNN.
        mask: Use ``img_metas[i]['valid_ratio']`` to pick the last valid step
            (images right-padded in the batch).
    """

    def __init__(self, enc_bi_rnn: bool = False, enc_do_rnn: float = 0.0,
                 enc_gru: bool = False, d_model: int = 512, d_enc: int = 512,
                 mask: bool = True,
                 init_cfg: dict | list | None = None):
        super().__init__()
        if not 0 <= enc_do_rnn < 1:
            raise InvalidValueError(f'enc_do_rnn must be in [0, 1), got {enc_do_rnn}')
        self.enc_bi_rnn = enc_bi_rnn
        self.mask = mask
        rnn_cls = nn.GRU if enc_gru else nn.LSTM
        self.rnn_encoder = rnn_cls(input_size=d_model, hidden_size=d_enc,
                                   num_layers=2, batch_first=True,
                                   dropout=enc_do_rnn, bidirectional=enc_bi_rnn)
        out_size = d_enc * (int(enc_bi_rnn) + 1)
        self.linear = nn.Linear(out_size, out_size)
        nn.init.xavier_uniform_(self.linear.weight)
        nn.init.zeros_(self.linear.bias)
        self.setup_init(init_cfg)

    def forward(self, feat: torch.Tensor, img_metas=None) -> torch.Tensor:
        valid_ratios = valid_ratios_of(img_metas, feat.size(0), self.mask)
        feat_v = feat.amax(dim=2).permute(0, 2, 1)  # (N, W, C)
        holistic = self.rnn_encoder(feat_v.contiguous())[0]  # (N, W, C')
        steps = holistic.size(1)
        if valid_ratios is None:
            last = torch.full((feat.size(0),), steps - 1, dtype=torch.long)
        else:
            last = valid_steps(steps, valid_ratios) - 1
        last = last.to(feat.device)
        valid_hf = holistic[torch.arange(feat.size(0), device=feat.device), last]
        return self.linear(valid_hf)
