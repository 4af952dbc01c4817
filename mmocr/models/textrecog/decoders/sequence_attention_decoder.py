"""RobustScanner's hybrid branch: an LSTM over the decoded characters
queries the feature map."""
from __future__ import annotations

from typing import Sequence

import torch
import torch.nn.functional as F
from torch import nn

from mmocr.registry import DECODERS
from mmocr.utils.errors import InvalidValueError

from ..layers import DotProductAttentionLayer
from ..layers.dot_product_attention_layer import padding_mask
from .base_decoder import BaseDecoder

__all__ = ['SequenceAttentionDecoder', 'attention_inputs']


def attention_inputs(feat: torch.Tensor, out_enc: torch.Tensor,
                     key_map: torch.Tensor, dim_input: int, dim_model: int,
                     encode_value: bool, mask: bool,
                     img_metas: Sequence[dict] | None
                     ) -> tuple[torch.Tensor, torch.Tensor,
                                torch.Tensor | None]:
    """Keys ``(N, D_m, H * W)`` from ``key_map (N, D_m, H, W)``, values
    (``out_enc`` with ``encode_value``, else ``feat (N, D_i, H, W)``) and,
    with ``mask``, the padding mask ``(N, H * W)`` of ``valid_ratio``."""
    n, c_enc, h, w = out_enc.shape
    if c_enc != dim_model or feat.size(1) != dim_input:
        raise InvalidValueError(
            f'expected feat with dim_input={dim_input} and out_enc with '
            f'dim_model={dim_model} channels, got {feat.size(1)} and {c_enc}')
    key = key_map.reshape(n, c_enc, h * w)
    value = (out_enc.reshape(n, c_enc, h * w) if encode_value
             else feat.reshape(n, feat.size(1), h * w))
    pad = padding_mask(img_metas, n, h, w, feat.device) if mask else None
    return key, value, pad


@DECODERS.register_module()
class SequenceAttentionDecoder(BaseDecoder):
    """Sequence attention decoder of RobustScanner (Yue et al. 2020): the
    embedded characters run through an LSTM whose outputs attend over the
    encoder output ``out_enc (N, D_m, H, W)`` (keys) to read ``feat (N, D_i,
    H, W)`` (values; ``out_enc`` with ``encode_value``).

    Training returns ``(N, T, C - 1)`` logits for the teacher-forced
    ``targets_dict['padded_targets'] (N, T)`` (or the glimpses ``(N, T,
    D_v)`` with ``return_feature``). Testing decodes greedily, the whole
    batch at once, keeping the LSTM state between steps (:meth:`step`):
    probabilities ``(N, T', C - 1)``, stopping once every sequence has
    emitted ``end_idx``.

    Args:
        num_classes: Classes of the convertor ``C`` (padding included).
        rnn_layers: LSTM layers.
        dim_input: Channels ``D_i`` of ``feat``.
        dim_model: Channels ``D_m`` of ``out_enc`` and of the LSTM.
        max_seq_len: Longest sequence.
        start_idx: Start token.
        mask: Leave out the padded columns (``img_metas[i]['valid_ratio']``).
        padding_idx: Padding token (zero embedding).
        dropout: Dropout between LSTM layers.
        return_feature: Return glimpses instead of logits (no
            ``prediction`` layer).
        encode_value: Read ``out_enc`` instead of ``feat``.
        end_idx: End token; ``None`` means ``start_idx``.
    """

    def __init__(self, num_classes: int | None = None, rnn_layers: int = 2,
                 dim_input: int = 512, dim_model: int = 128,
                 max_seq_len: int = 40, start_idx: int = 0, mask: bool = True,
                 padding_idx: int | None = None, dropout: float = 0,
                 return_feature: bool = False, encode_value: bool = False,
                 end_idx: int | None = None,
                 init_cfg: dict | list | None = None):
        super().__init__()
        self.num_classes = self.check_num_classes(num_classes)
        self.dim_input = dim_input
        self.dim_model = dim_model
        self.return_feature = return_feature
        self.encode_value = encode_value
        self.max_seq_len = max_seq_len
        self.start_idx = start_idx
        self.end_idx = start_idx if end_idx is None else end_idx
        self.mask = mask
        self.embedding = nn.Embedding(num_classes, dim_model,
                                      padding_idx=padding_idx)
        self.sequence_layer = nn.LSTM(input_size=dim_model,
                                      hidden_size=dim_model,
                                      num_layers=rnn_layers, batch_first=True,
                                      dropout=dropout)
        self.attention_layer = DotProductAttentionLayer()
        self.prediction = None
        if not return_feature:
            self.prediction = nn.Linear(
                dim_model if encode_value else dim_input, num_classes - 1)
        self.setup_init(init_cfg)

    def attention_inputs(self, feat: torch.Tensor, out_enc: torch.Tensor,
                         img_metas: Sequence[dict] | None):
        """Keys, values and padding mask (see :func:`attention_inputs`)."""
        return attention_inputs(feat, out_enc, out_enc, self.dim_input,
                                self.dim_model, self.encode_value, self.mask,
                                img_metas)

    def forward_train(self, feat: torch.Tensor, out_enc: torch.Tensor,
                      targets_dict: dict,
                      img_metas: Sequence[dict] | None) -> torch.Tensor:
        targets = targets_dict['padded_targets'].to(feat.device)
        if targets.size(1) > self.max_seq_len:
            raise InvalidValueError(f'{targets.size(1)} target steps exceed '
                                    f'max_seq_len={self.max_seq_len}')
        key, value, mask = self.attention_inputs(feat, out_enc, img_metas)
        query, _ = self.sequence_layer(self.embedding(targets))
        glimpse = self.attention_layer(query.transpose(1, 2), key, value,
                                       mask).transpose(1, 2)
        return glimpse if self.return_feature else self.prediction(glimpse)

    def step(self, token: torch.Tensor, state: tuple | None,
             key: torch.Tensor, value: torch.Tensor,
             mask: torch.Tensor | None) -> tuple[torch.Tensor, tuple]:
        """One decoding step: the newest tokens ``(N,)`` and the LSTM state
        of the earlier ones (``None`` at the first step) -> the glimpse
        ``(N, D_v)`` and the new state."""
        query, state = self.sequence_layer(self.embedding(token[:, None]),
                                           state)
        glimpse = self.attention_layer(query.transpose(1, 2), key, value,
                                       mask)
        return glimpse[:, :, 0], state

    def forward_test_step(self, feat: torch.Tensor, out_enc: torch.Tensor,
                          decode_sequence: torch.Tensor, current_step: int,
                          img_metas: Sequence[dict] | None) -> torch.Tensor:
        """MMOCR 0.x's step: re-run the LSTM over ``decode_sequence (N, T)``
        and return step ``current_step``'s glimpse ``(N, D_v)`` (or its
        probabilities ``(N, C - 1)``). The reference for :meth:`step`."""
        key, value, mask = self.attention_inputs(feat, out_enc, img_metas)
        query, _ = self.sequence_layer(self.embedding(decode_sequence))
        out = self.attention_layer(query.transpose(1, 2), key, value,
                                   mask)[:, :, current_step]
        if self.return_feature:
            return out
        return F.softmax(self.prediction(out), dim=-1)

    def forward_test(self, feat: torch.Tensor, out_enc: torch.Tensor,
                     img_metas: Sequence[dict] | None) -> torch.Tensor:
        if self.return_feature:
            raise InvalidValueError('SequenceAttentionDecoder: greedy decoding '
                                    'needs return_feature=False')
        key, value, mask = self.attention_inputs(feat, out_enc, img_metas)
        n = feat.size(0)
        token = torch.full((n,), self.start_idx, dtype=torch.long,
                           device=feat.device)
        finished = torch.zeros(n, dtype=torch.bool, device=feat.device)
        state, outputs = None, []
        for _ in range(self.max_seq_len):
            glimpse, state = self.step(token, state, key, value, mask)
            probs = F.softmax(self.prediction(glimpse), dim=-1)
            outputs.append(probs)
            token = probs.argmax(dim=-1)
            finished |= token == self.end_idx
            if not torch.jit.is_tracing() and bool(finished.all()):
                break
        return torch.stack(outputs, dim=1)
