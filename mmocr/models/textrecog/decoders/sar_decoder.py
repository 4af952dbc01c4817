"""SAR's 2D-attention decoders (Li et al., "Show, Attend and Read", 2019)."""
from __future__ import annotations

from typing import Sequence

import torch
import torch.nn.functional as F
from torch import nn

from mmocr.models.common.valid_steps import valid_steps
from mmocr.registry import DECODERS
from mmocr.utils.errors import InvalidValueError

from ..encoders.sar_encoder import valid_ratios_of
from .base_decoder import BaseDecoder

__all__ = ['ParallelSARDecoder', 'SequentialSARDecoder']


def _width_mask(valid_ratios: torch.Tensor | None, width: int,
                device: torch.device) -> torch.Tensor | None:
    """``(N, W)`` bool, True on the padded columns of each image."""
    if valid_ratios is None:
        return None
    valid = valid_steps(width, valid_ratios).to(device)
    return torch.arange(width, device=device)[None, :] >= valid[:, None]


def _softmax_hw(scores: torch.Tensor, mask: torch.Tensor | None) -> torch.Tensor:
    """Softmax over the last two dims ``(H, W)`` with padded columns masked.

    ``scores`` is ``(N, ..., H, W)`` and ``mask`` ``(N, W)``.
    """
    if mask is not None:
        shape = (mask.size(0),) + (1,) * (scores.dim() - 2) + (mask.size(1),)
        scores = scores.masked_fill(mask.view(shape), float('-inf'))
    flat = scores.flatten(-2)
    return F.softmax(flat, dim=-1).view_as(scores)


class _SARDecoderBase(BaseDecoder):
    """Layers shared by both SAR decoders (embedding, key conv, classifier)."""

    def __init__(self, num_classes: int, enc_bi_rnn: bool, dec_bi_rnn: bool,
                 d_model: int, d_enc: int, d_k: int, pred_dropout: float,
                 max_seq_len: int, mask: bool, start_idx: int,
                 padding_idx: int, pred_concat: bool):
        super().__init__()
        self.num_classes = self.check_num_classes(num_classes)
        self.enc_bi_rnn = enc_bi_rnn
        self.dec_bi_rnn = dec_bi_rnn
        self.d_k = d_k
        self.start_idx = start_idx
        self.max_seq_len = max_seq_len
        self.mask = mask
        self.pred_concat = pred_concat
        self.enc_out_size = d_enc * (int(enc_bi_rnn) + 1)
        self.dec_out_size = self.enc_out_size * (int(dec_bi_rnn) + 1)
        self.conv3x3_1 = nn.Conv2d(d_model, d_k, kernel_size=3, stride=1,
                                   padding=1)
        self.embedding = nn.Embedding(num_classes, self.enc_out_size,
                                      padding_idx=padding_idx)
        self.pred_dropout = nn.Dropout(pred_dropout)
        fc_in = (self.dec_out_size + d_model + self.enc_out_size
                 if pred_concat else d_model)
        # The padding class is never predicted.
        self.prediction = nn.Linear(fc_in, num_classes - 1)

    def _predict(self, hidden: torch.Tensor, attn_feat: torch.Tensor,
                 holistic: torch.Tensor) -> torch.Tensor:
        """Class logits from decoder state, glimpse and holistic feature
        (all ``(..., C)`` with matching leading dims)."""
        if self.pred_concat:
            holistic = holistic.expand(*attn_feat.shape[:-1], holistic.size(-1))
            logits = self.prediction(torch.cat((hidden, attn_feat, holistic), -1))
        else:
            logits = self.prediction(attn_feat)
        return self.pred_dropout(logits) if self.train_mode else logits


@DECODERS.register_module()
class ParallelSARDecoder(_SARDecoderBase):
    """SAR decoder that runs the RNN over the whole target sequence at once
    (teacher forcing) and attends with all queries in parallel.

    Inputs: ``feat (N, d_model, H, W)``, ``out_enc (N, d_enc')`` with
    ``d_enc' = d_enc * (1 + enc_bi_rnn)``. Training returns logits
    ``(N, max_seq_len, num_classes - 1)``; testing greedily decodes
    ``max_seq_len`` steps and returns softmax probabilities of that shape.
    ``img_metas[i]['valid_ratio']`` masks padded columns when ``mask``.

    Args:
        num_classes: Classes of the label convertor (padding included).
        enc_bi_rnn: Whether the encoder RNN was bidirectional.
        dec_bi_rnn: Bidirectional decoder RNN.
        dec_do_rnn: Dropout between decoder RNN layers.
        dec_gru: GRU instead of LSTM.
        d_model: Channels of ``feat``.
        d_enc: Hidden size of the encoder RNN.
        d_k: Attention size.
        pred_dropout: Dropout on the logits in training.
        max_seq_len: Decoding steps.
        mask: Mask padded columns using ``valid_ratio``.
        start_idx: Start token index.
        padding_idx: Padding index (zero embedding).
        pred_concat: Classify ``[decoder state, glimpse, holistic feature]``
            instead of the glimpse alone.
    """

    def __init__(self, num_classes: int = 37, enc_bi_rnn: bool = False,
                 dec_bi_rnn: bool = False, dec_do_rnn: float = 0.0,
                 dec_gru: bool = False, d_model: int = 512, d_enc: int = 512,
                 d_k: int = 64, pred_dropout: float = 0.0,
                 max_seq_len: int = 40, mask: bool = True, start_idx: int = 0,
                 padding_idx: int = 92, pred_concat: bool = False,
                 init_cfg: dict | list | None = None):
        super().__init__(num_classes, enc_bi_rnn, dec_bi_rnn, d_model, d_enc,
                         d_k, pred_dropout, max_seq_len, mask, start_idx,
                         padding_idx, pred_concat)
        self.conv1x1_1 = nn.Linear(self.dec_out_size, d_k)
        self.conv1x1_2 = nn.Linear(d_k, 1)
        rnn_cls = nn.GRU if dec_gru else nn.LSTM
        self.rnn_decoder = rnn_cls(
            input_size=self.enc_out_size, hidden_size=self.enc_out_size,
            num_layers=2, batch_first=True, dropout=dec_do_rnn,
            bidirectional=dec_bi_rnn)
        self.setup_init(init_cfg)

    def _attend(self, y: torch.Tensor, key: torch.Tensor, feat: torch.Tensor,
                holistic: torch.Tensor, mask: torch.Tensor | None) -> torch.Tensor:
        """Decoder outputs ``y (N, T, D)`` -> logits ``(N, T, classes)``.

        ``key`` is ``conv3x3_1(feat)`` laid out ``(N, H, W, d_k)``.
        """
        query = self.conv1x1_1(y)  # (N, T, d_k)
        energy = torch.tanh(key.unsqueeze(1) + query[:, :, None, None, :])
        scores = self.conv1x1_2(energy).squeeze(-1)  # (N, T, H, W)
        weights = _softmax_hw(scores, mask)
        # (N, T, H * W) @ (N, H * W, C); matmul, not einsum: ONNX opset 11
        attn_feat = torch.matmul(weights.flatten(2),
                                 feat.flatten(2).transpose(1, 2))
        return self._predict(y, attn_feat, holistic.unsqueeze(1))

    def _prepare(self, feat, out_enc, img_metas):
        if out_enc is None:
            raise InvalidValueError(f'{type(self).__name__} needs the encoder output')
        mask = _width_mask(valid_ratios_of(img_metas, feat.size(0), self.mask),
                           feat.size(3), feat.device)
        key = self.conv3x3_1(feat).permute(0, 2, 3, 1)
        return mask, key

    def forward_train(self, feat: torch.Tensor, out_enc: torch.Tensor,
                      targets_dict: dict,
                      img_metas: Sequence[dict] | None = None) -> torch.Tensor:
        mask, key = self._prepare(feat, out_enc, img_metas)
        targets = targets_dict['padded_targets'].to(feat.device)
        in_dec = torch.cat((out_enc.unsqueeze(1), self.embedding(targets)), 1)
        # Step 0 only feeds the holistic feature: predict from steps 1..L.
        y = self.rnn_decoder(in_dec)[0][:, 1:]  # (N, L, D)
        return self._attend(y, key, feat, out_enc, mask)

    def forward_test(self, feat: torch.Tensor, out_enc: torch.Tensor,
                     img_metas: Sequence[dict] | None = None) -> torch.Tensor:
        mask, key = self._prepare(feat, out_enc, img_metas)
        if self.dec_bi_rnn:
            return self._test_bidirectional(feat, out_enc, mask, key)
        # A unidirectional RNN's output at step i depends on inputs <= i
        # only: carry the state and feed one token per step.
        tokens = torch.full((feat.size(0),), self.start_idx, dtype=torch.long,
                            device=feat.device)
        _, state = self.rnn_decoder(out_enc.unsqueeze(1))
        outputs = []
        for _ in range(self.max_seq_len):
            y, state = self.rnn_decoder(self.embedding(tokens).unsqueeze(1), state)
            probs = F.softmax(self._attend(y, key, feat, out_enc, mask)[:, 0], -1)
            outputs.append(probs)
            tokens = probs.argmax(dim=-1)
        return torch.stack(outputs, 1)

    def _test_bidirectional(self, feat, out_enc, mask, key) -> torch.Tensor:
        """Greedy decoding re-running the RNN over ``[holistic, start,
        predictions..., start...]`` at every step (future steps hold the start
        token), as a bidirectional RNN sees the whole sequence."""
        bsz, seq_len = feat.size(0), self.max_seq_len
        start = self.embedding(torch.full((bsz,), self.start_idx,
                                          dtype=torch.long, device=feat.device))
        dec_input = torch.cat((out_enc.unsqueeze(1),
                               start.unsqueeze(1).expand(-1, seq_len, -1)), 1)
        outputs = []
        for i in range(1, seq_len + 1):
            y = self.rnn_decoder(dec_input)[0][:, i:i + 1]
            probs = F.softmax(self._attend(y, key, feat, out_enc, mask)[:, 0],
                              -1)
            outputs.append(probs)
            if i < seq_len:
                dec_input[:, i + 1] = self.embedding(probs.argmax(dim=-1))
        return torch.stack(outputs, 1)


@DECODERS.register_module()
class SequentialSARDecoder(_SARDecoderBase):
    """SAR decoder stepping two RNN cells one character at a time, in
    training (teacher forcing) as in testing.

    Inputs, outputs and arguments as :class:`ParallelSARDecoder`
    (``dec_bi_rnn`` must be False: a step-by-step decoder cannot look
    ahead; ``dec_do_rnn`` is the dropout between the two cells in training).
    """

    def __init__(self, num_classes: int = 37, enc_bi_rnn: bool = False,
                 dec_bi_rnn: bool = False, dec_do_rnn: float = 0.0,
                 dec_gru: bool = False, d_k: int = 64,
                 d_model: int = 512, d_enc: int = 512, pred_dropout: float = 0.0,
                 mask: bool = True, max_seq_len: int = 40, start_idx: int = 0,
                 padding_idx: int = 92, pred_concat: bool = False,
                 init_cfg: dict | list | None = None):
        if dec_bi_rnn:
            raise InvalidValueError('SequentialSARDecoder does not support '
                                    'dec_bi_rnn=True; use ParallelSARDecoder')
        super().__init__(num_classes, enc_bi_rnn, dec_bi_rnn, d_model, d_enc,
                         d_k, pred_dropout, max_seq_len, mask, start_idx,
                         padding_idx, pred_concat)
        self.dec_gru = dec_gru
        self.rnn_dropout = nn.Dropout(dec_do_rnn)
        size = self.enc_out_size
        self.conv1x1_1 = nn.Conv2d(self.dec_out_size, d_k, kernel_size=1)
        self.conv1x1_2 = nn.Conv2d(d_k, 1, kernel_size=1)
        cell_cls = nn.GRUCell if dec_gru else nn.LSTMCell
        self.rnn_decoder_layer1 = cell_cls(size, size)
        self.rnn_decoder_layer2 = cell_cls(size, size)
        self.setup_init(init_cfg)

    def _step(self, x: torch.Tensor, states: list) -> torch.Tensor:
        """Advance both cells by one input ``x (N, D)``; return the top
        hidden state. ``states`` holds each cell's state (None at start)."""
        for i, cell in enumerate((self.rnn_decoder_layer1,
                                  self.rnn_decoder_layer2)):
            if i > 0:
                x = self.rnn_dropout(x)
            states[i] = cell(x, states[i])
            x = states[i] if self.dec_gru else states[i][0]
        return x

    def _attend(self, hidden: torch.Tensor, key: torch.Tensor,
                feat: torch.Tensor, holistic: torch.Tensor,
                mask: torch.Tensor | None) -> torch.Tensor:
        """Top hidden state ``(N, D)`` -> logits ``(N, classes)``."""
        query = self.conv1x1_1(hidden[:, :, None, None])  # (N, d_k, 1, 1)
        scores = self.conv1x1_2(torch.tanh(key + query)).squeeze(1)  # (N, H, W)
        weights = _softmax_hw(scores, mask)
        # (N, 1, H * W) @ (N, H * W, C); matmul, not einsum: ONNX opset 11
        attn_feat = torch.matmul(weights.flatten(1)[:, None],
                                 feat.flatten(2).transpose(1, 2))[:, 0]
        return self._predict(hidden, attn_feat, holistic)

    def _decode(self, feat, out_enc, img_metas, targets=None) -> torch.Tensor:
        if out_enc is None:
            raise InvalidValueError(f'{type(self).__name__} needs the encoder output')
        mask = _width_mask(valid_ratios_of(img_metas, feat.size(0), self.mask),
                           feat.size(3), feat.device)
        key = self.conv3x3_1(feat)
        states: list = [None, None]
        self._step(out_enc, states)
        if targets is not None:
            embeddings = self.embedding(targets.to(feat.device))
        prev = self.embedding(torch.full((feat.size(0),), self.start_idx,
                                         dtype=torch.long, device=feat.device))
        outputs = []
        for i in range(self.max_seq_len):
            if targets is not None:
                prev = embeddings[:, i]
            logits = self._attend(self._step(prev, states), key, feat, out_enc,
                                  mask)
            if targets is None:
                logits = F.softmax(logits, -1)
                prev = self.embedding(logits.argmax(dim=-1))
            outputs.append(logits)
        return torch.stack(outputs, 1)

    def forward_train(self, feat: torch.Tensor, out_enc: torch.Tensor,
                      targets_dict: dict,
                      img_metas: Sequence[dict] | None = None) -> torch.Tensor:
        return self._decode(feat, out_enc, img_metas,
                            targets_dict['padded_targets'])

    def forward_test(self, feat: torch.Tensor, out_enc: torch.Tensor,
                     img_metas: Sequence[dict] | None = None) -> torch.Tensor:
        return self._decode(feat, out_enc, img_metas)
