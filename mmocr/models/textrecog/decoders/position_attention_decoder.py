"""RobustScanner's position branch: learned position queries over a
position-aware feature map."""
from __future__ import annotations

from typing import Sequence

import torch
from torch import nn

from mmocr.registry import DECODERS
from mmocr.utils.errors import InvalidValueError

from ..layers import DotProductAttentionLayer, PositionAwareLayer
from .base_decoder import BaseDecoder
from .sequence_attention_decoder import attention_inputs

__all__ = ['PositionAttentionDecoder']


@DECODERS.register_module()
class PositionAttentionDecoder(BaseDecoder):
    """Position attention decoder of RobustScanner: an embedding of each
    step index ``0..T-1`` attends over :class:`PositionAwareLayer` of
    ``out_enc (N, D_m, H, W)`` (keys) to read ``feat (N, D_i, H, W)``
    (values; ``out_enc`` with ``encode_value``). It does not depend on the
    characters, so every step is computed at once.

    Returns ``(N, T, C - 1)`` logits, or glimpses ``(N, T, D_v)`` with
    ``return_feature``; ``T`` is the targets' length in training and
    ``max_seq_len`` in testing.

    Args:
        num_classes: Classes of the convertor ``C`` (padding included).
        rnn_layers: LSTM layers of the position-aware module.
        dim_input: Channels ``D_i`` of ``feat``.
        dim_model: Channels ``D_m`` of ``out_enc``.
        max_seq_len: Longest sequence.
        mask: Leave out the padded columns (``img_metas[i]['valid_ratio']``).
        return_feature: Return glimpses (no ``prediction`` layer).
        encode_value: Read ``out_enc`` instead of ``feat``.
    """

    def __init__(self, num_classes: int | None = None, rnn_layers: int = 2,
                 dim_input: int = 512, dim_model: int = 128,
                 max_seq_len: int = 40, mask: bool = True,
                 return_feature: bool = False, encode_value: bool = False,
                 init_cfg: dict | list | None = None):
        super().__init__()
        self.num_classes = self.check_num_classes(num_classes)
        self.dim_input = dim_input
        self.dim_model = dim_model
        self.max_seq_len = max_seq_len
        self.return_feature = return_feature
        self.encode_value = encode_value
        self.mask = mask
        self.embedding = nn.Embedding(max_seq_len + 1, dim_model)
        self.position_aware_module = PositionAwareLayer(dim_model, rnn_layers)
        self.attention_layer = DotProductAttentionLayer()
        self.prediction = None
        if not return_feature:
            self.prediction = nn.Linear(
                dim_model if encode_value else dim_input, num_classes - 1)
        self.setup_init(init_cfg)

    def _decode(self, feat: torch.Tensor, out_enc: torch.Tensor,
                length: int, img_metas: Sequence[dict] | None) -> torch.Tensor:
        if length > self.max_seq_len:
            raise InvalidValueError(f'{length} steps exceed max_seq_len='
                                    f'{self.max_seq_len}')
        if out_enc.size(1) != self.dim_model:
            raise InvalidValueError(f'expected out_enc with dim_model='
                                    f'{self.dim_model} channels, got '
                                    f'{out_enc.size(1)}')
        key, value, mask = attention_inputs(
            feat, out_enc, self.position_aware_module(out_enc),
            self.dim_input, self.dim_model, self.encode_value, self.mask,
            img_metas)
        positions = torch.arange(length, device=feat.device)
        query = self.embedding(positions).t()[None].expand(
            feat.size(0), -1, -1)  # (N, D_m, T)
        glimpse = self.attention_layer(query, key, value, mask).transpose(1, 2)
        return glimpse if self.return_feature else self.prediction(glimpse)

    def forward_train(self, feat: torch.Tensor, out_enc: torch.Tensor,
                      targets_dict: dict,
                      img_metas: Sequence[dict] | None) -> torch.Tensor:
        return self._decode(feat, out_enc,
                            targets_dict['padded_targets'].size(1), img_metas)

    def forward_test(self, feat: torch.Tensor, out_enc: torch.Tensor,
                     img_metas: Sequence[dict] | None) -> torch.Tensor:
        return self._decode(feat, out_enc, self.max_seq_len, img_metas)
