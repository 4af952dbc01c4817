"""NRTR's transformer decoder (also SATRN's), with incremental greedy
decoding."""
from __future__ import annotations

from typing import Sequence

import torch
import torch.nn.functional as F
from torch import nn

from mmocr.models.common.layers import (
    TFDecoderLayer,
    get_pad_mask,
    get_subsequent_mask,
)
from mmocr.models.common.modules import PositionalEncoding
from mmocr.registry import DECODERS
from mmocr.utils.errors import InvalidValueError

from ..encoders.nrtr_encoder import valid_mask
from .base_decoder import BaseDecoder

__all__ = ['NRTRDecoder']


@DECODERS.register_module()
class NRTRDecoder(BaseDecoder):
    """Transformer decoder over the encoder output ``out_enc (N, L,
    d_model)``.

    Training (teacher forcing) returns logits ``(N, T, num_classes - 1)`` for
    ``targets_dict['padded_targets'] (N, T)``: step ``i`` predicts target
    ``i + 1`` (:class:`~mmocr.models.textrecog.losses.TFLoss` aligns them).
    The padding class, always last, is never predicted.

    Testing decodes greedily, all images of the batch at once, and returns
    softmax probabilities ``(N, T', num_classes - 1)``: ``T' <=
    max_seq_len``, as decoding stops once every sequence has emitted
    ``end_idx``. Each step feeds only the newest token through the layers,
    reusing the keys and values of the earlier positions
    (:meth:`~mmocr.models.common.layers.TFDecoderLayer.forward_step`);
    :meth:`greedy_decode` with ``use_cache=False`` is MMOCR 0.x's loop, which
    re-runs the whole sequence at each of the ``max_seq_len`` steps (same
    probabilities on the steps both compute).

    ``img_metas[i]['valid_ratio']`` masks all but the first ``ceil(L *
    valid_ratio)`` encoder positions, as in MMOCR 0.x.

    Args:
        n_layers: Decoder layers.
        d_embedding: Token embedding features (equal to ``d_model``).
        n_head, d_k, d_v: Attention heads and their key / value features.
        d_model: Features of ``out_enc`` and of the layers.
        d_inner: Hidden features of the feed-forward blocks.
        n_position: Positions of the positional encoding; must exceed
            ``max_seq_len``.
        dropout: Dropout.
        num_classes: Classes of the label convertor (padding included).
        max_seq_len: Longest decoded sequence.
        start_idx: Start token (fed first).
        padding_idx: Padding token (zero embedding, masked as a key).
        end_idx: End token, at which a sequence is finished; ``None`` means
            ``start_idx`` (one start/end token, :class:`AttnConvertor`'s
            default). The recognizer passes its convertor's.
        qkv_bias, act_cfg, operation_order: Passed to each
            :class:`~mmocr.models.common.layers.TFDecoderLayer`.
    """

    def __init__(self, n_layers: int = 6, d_embedding: int = 512,
                 n_head: int = 8, d_k: int = 64, d_v: int = 64,
                 d_model: int = 512, d_inner: int = 256,
                 n_position: int = 200, dropout: float = 0.1,
                 num_classes: int = 93, max_seq_len: int = 40,
                 start_idx: int = 1, padding_idx: int = 92,
                 end_idx: int | None = None, qkv_bias: bool = False,
                 act_cfg: dict = dict(type='mmcv.GELU'),
                 operation_order: tuple | None = None,
                 init_cfg: dict | list | None = None):
        super().__init__()
        self.check_num_classes(num_classes)
        if max_seq_len >= n_position:
            raise InvalidValueError(f'NRTRDecoder: n_position ({n_position}) must '
                                    f'exceed max_seq_len ({max_seq_len})')
        if d_embedding != d_model:
            raise InvalidValueError(f'NRTRDecoder: d_embedding ({d_embedding}) must '
                                    f'equal d_model ({d_model})')
        self.num_classes = num_classes
        self.padding_idx = padding_idx
        self.start_idx = start_idx
        self.end_idx = start_idx if end_idx is None else end_idx
        self.max_seq_len = max_seq_len
        self.trg_word_emb = nn.Embedding(num_classes, d_embedding,
                                         padding_idx=padding_idx)
        self.position_enc = PositionalEncoding(d_embedding,
                                               n_position=n_position)
        self.dropout = nn.Dropout(p=dropout)
        self.layer_stack = nn.ModuleList([
            TFDecoderLayer(d_model, d_inner, n_head, d_k, d_v, dropout=dropout,
                           qkv_bias=qkv_bias, act_cfg=act_cfg,
                           operation_order=operation_order)
            for _ in range(n_layers)
        ])
        self.layer_norm = nn.LayerNorm(d_model, eps=1e-6)
        self.classifier = nn.Linear(d_model, num_classes - 1)
        self.setup_init(init_cfg)

    def _embed(self, tokens: torch.Tensor, offset: int = 0) -> torch.Tensor:
        """Tokens ``(N, T)`` at positions ``offset..`` -> ``(N, T, D)``."""
        return self.dropout(self.position_enc(self.trg_word_emb(tokens),
                                              offset))

    def _attention(self, trg_seq: torch.Tensor, src: torch.Tensor,
                   src_mask: torch.Tensor | None = None) -> torch.Tensor:
        """Whole-sequence pass: ``trg_seq (N, T)`` over ``src (N, L, D)``
        -> normalised features ``(N, T, D)``."""
        trg_mask = (get_pad_mask(trg_seq, self.padding_idx)
                    & get_subsequent_mask(trg_seq))
        x = self._embed(trg_seq)
        for layer in self.layer_stack:
            x = layer(x, src, self_attn_mask=trg_mask,
                      dec_enc_attn_mask=src_mask)
        return self.layer_norm(x)

    def forward_train(self, feat: torch.Tensor | None, out_enc: torch.Tensor,
                      targets_dict: dict,
                      img_metas: Sequence[dict] | None = None) -> torch.Tensor:
        src_mask = valid_mask(img_metas, out_enc.size(0), out_enc.size(1),
                              out_enc.device)
        targets = targets_dict['padded_targets'].to(out_enc.device)
        return self.classifier(self._attention(targets, out_enc, src_mask))

    def forward_test(self, feat: torch.Tensor | None, out_enc: torch.Tensor,
                     img_metas: Sequence[dict] | None = None) -> torch.Tensor:
        return self.greedy_decode(out_enc, img_metas)

    def greedy_decode(self, out_enc: torch.Tensor,
                      img_metas: Sequence[dict] | None = None,
                      use_cache: bool = True) -> torch.Tensor:
        """Greedy decoding of a batch ``out_enc (N, L, d_model)``.

        Returns probabilities ``(N, T', num_classes - 1)``: with
        ``use_cache`` (the default, :meth:`forward_test`) incremental and
        stopping once all sequences have ended (``T' <= max_seq_len``);
        without, MMOCR 0.x's recomputation of the whole sequence at every
        step, always ``T' = max_seq_len`` (the reference for tests and
        benchmarks).
        """
        src_mask = valid_mask(img_metas, out_enc.size(0), out_enc.size(1),
                              out_enc.device)
        if use_cache:
            return self._decode_cached(out_enc, src_mask)
        return self._decode_recompute(out_enc, src_mask)

    def _probs(self, features: torch.Tensor) -> torch.Tensor:
        """Normalised features ``(N, D)`` -> probabilities ``(N, C - 1)``."""
        return F.softmax(self.classifier(features), dim=-1)

    def _decode_cached(self, out_enc: torch.Tensor,
                       src_mask: torch.Tensor | None) -> torch.Tensor:
        n = out_enc.size(0)
        enc_kv = [layer.enc_attn.project_kv(out_enc, out_enc)
                  for layer in self.layer_stack]
        past: list = [None] * len(self.layer_stack)
        token = torch.full((n, 1), self.start_idx, dtype=torch.long,
                           device=out_enc.device)
        finished = torch.zeros(n, dtype=torch.bool, device=out_enc.device)
        # a traced graph (ONNX export) keeps every step
        stop_early = not torch.jit.is_tracing()
        outputs = []
        for step in range(self.max_seq_len):
            x = self._embed(token, offset=step)
            for i, layer in enumerate(self.layer_stack):
                x, past[i] = layer.forward_step(x, enc_kv[i], src_mask,
                                                past[i])
            probs = self._probs(self.layer_norm(x[:, 0]))
            outputs.append(probs)
            token = probs.argmax(dim=-1, keepdim=True)
            finished |= token[:, 0] == self.end_idx
            if stop_early and bool(finished.all()):
                break
        return torch.stack(outputs, dim=1)

    def _decode_recompute(self, out_enc: torch.Tensor,
                          src_mask: torch.Tensor | None) -> torch.Tensor:
        n = out_enc.size(0)
        seq = torch.full((n, self.max_seq_len + 1), self.padding_idx,
                         dtype=torch.long, device=out_enc.device)
        seq[:, 0] = self.start_idx
        outputs = []
        for step in range(self.max_seq_len):
            probs = self._probs(
                self._attention(seq, out_enc, src_mask)[:, step])
            outputs.append(probs)
            seq[:, step + 1] = probs.argmax(dim=-1)
        return torch.stack(outputs, dim=1)
