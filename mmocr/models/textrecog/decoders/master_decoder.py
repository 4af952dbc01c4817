"""MASTER's transformer decoder (Lu et al., "MASTER: Multi-Aspect Non-local
Network for Scene Text Recognition", 2021), with MMOCR 0.x's parameter names
(mmcv's ``BaseTransformerLayer``) and cached batched greedy decoding."""
from __future__ import annotations

import copy
import math
from typing import Sequence

import torch
import torch.nn.functional as F
from torch import nn

from mmocr.models.common.modules import (
    FFN,
    MMCVMultiheadAttention,
    PositionalEncoding,
)
from mmocr.registry import DECODERS
from mmocr.utils.errors import InvalidValueError

from .base_decoder import BaseDecoder

__all__ = ['MasterDecoder', 'MasterDecoderLayer', 'Embeddings', 'clones']

KV = tuple[torch.Tensor, torch.Tensor]


class MasterDecoderLayer(nn.Module):
    """Pre-norm decoder layer ``x + self_attn(norm(x))``, ``x +
    cross_attn(norm(x), memory)``, ``x + ffn(norm(x))`` on ``(N, T,
    d_model)``, with the parameters of mmcv's ``BaseTransformerLayer``
    (``attentions.0`` self, ``attentions.1`` cross, ``ffns.0``,
    ``norms.0-2``).

    :meth:`forward` runs a whole causal sequence; :meth:`forward_step` one
    new position given the self-attention keys/values of the earlier ones
    (the same result).
    """

    def __init__(self, d_model: int, n_head: int, d_inner: int,
                 attn_drop: float = 0., ffn_drop: float = 0.):
        super().__init__()
        self.attentions = nn.ModuleList([
            MMCVMultiheadAttention(d_model, n_head, attn_drop) for _ in range(2)])
        self.ffns = nn.ModuleList([FFN(d_model, d_inner, ffn_drop)])
        self.norms = clones(nn.LayerNorm(d_model), 3)

    def _rest(self, x: torch.Tensor, memory_kv: KV) -> torch.Tensor:
        x = x + self.attentions[1].attend(self.norms[1](x), memory_kv)
        return x + self.ffns[0](self.norms[2](x))

    def forward(self, x: torch.Tensor, memory_kv: KV) -> torch.Tensor:
        """``x (N, T, D)``, ``memory_kv`` = ``attentions[1].project_kv`` of
        the image features -> ``(N, T, D)``; position ``i`` sees ``0..i``."""
        h = self.norms[0](x)
        length = x.size(1)
        causal = torch.ones(length, length, dtype=torch.bool,
                            device=x.device).tril()
        x = x + self.attentions[0].attend(
            h, self.attentions[0].project_kv(h), causal)
        return self._rest(x, memory_kv)

    def forward_step(self, x: torch.Tensor, memory_kv: KV,
                     past: KV | None = None) -> tuple[torch.Tensor, KV]:
        """The newest position ``x (N, 1, D)``; ``past``: self-attention
        keys/values ``(N, n_head, t, D / n_head)`` of the earlier ones.
        Returns the output ``(N, 1, D)`` and the keys/values of ``0..t``."""
        h = self.norms[0](x)
        k, v = self.attentions[0].project_kv(h)
        if past is not None:
            k = torch.cat([past[0], k], dim=2)
            v = torch.cat([past[1], v], dim=2)
        x = x + self.attentions[0].attend(h, (k, v))
        return self._rest(x, memory_kv), (k, v)


@DECODERS.register_module()
class MasterDecoder(BaseDecoder):
    """MASTER's decoder over the backbone feature map ``feat (N, d_model,
    H, W)`` (no encoder): the flattened map plus a sinusoidal encoding (and
    dropout ``feat_pe_drop``) is the memory of ``n_layers`` decoder layers.

    Training (teacher forcing) returns logits ``(N, T, num_classes)`` for
    ``targets_dict['padded_targets'] (N, T)``; step ``i`` predicts target
    ``i + 1`` (:class:`~mmocr.models.textrecog.losses.TFLoss`). As in MMOCR
    0.x, the classifier covers every class, padding included.

    Testing decodes greedily, the whole batch at once, and returns softmax
    probabilities ``(N, T', num_classes)``, ``T' <= max_seq_len``: decoding
    stops once every sequence has emitted ``end_idx``, and each step runs
    only the newest token through the layers, with the keys/values of the
    earlier ones cached. :meth:`greedy_decode` with ``use_cache=False`` is
    MMOCR 0.x's loop, which re-runs the whole prefix at every step (same
    probabilities on the steps both compute; 0.x returns the raw logits).
    ``img_metas`` are not used (MMOCR 0.x's MASTER does not mask padding).

    Args:
        start_idx: Start token (fed first).
        padding_idx: Padding token.
        num_classes: Classes of the label convertor (padding included).
        n_layers: Decoder layers.
        n_head: Attention heads.
        d_model: Features of ``feat`` and of the layers.
        feat_size: Positions of the feature encoding, at least ``H * W``
            (MASTER's 48x160 input: ``6 * 40``).
        d_inner: Hidden features of the feed-forward blocks.
        attn_drop: Dropout on the attention weights.
        ffn_drop: Dropout in the feed-forward blocks.
        feat_pe_drop: Dropout on the encoded feature map.
        max_seq_len: Longest decoded sequence.
        end_idx: End token, at which a sequence is finished; ``None`` means
            ``start_idx`` (:class:`AttnConvertor`'s one start/end token). The
            recognizer passes its convertor's.
    """

    def __init__(self, start_idx: int, padding_idx: int,
                 num_classes: int = 93, n_layers: int = 3, n_head: int = 8,
                 d_model: int = 512, feat_size: int = 6 * 40,
                 d_inner: int = 2048, attn_drop: float = 0.,
                 ffn_drop: float = 0., feat_pe_drop: float = 0.2,
                 max_seq_len: int = 30, end_idx: int | None = None,
                 init_cfg: dict | list | None = None):
        super().__init__()
        self.check_num_classes(num_classes)
        if d_model % n_head != 0:
            raise InvalidValueError(f'MasterDecoder: d_model ({d_model}) must be '
                                    f'divisible by n_head ({n_head})')
        self.decoder_layers = nn.ModuleList([
            MasterDecoderLayer(d_model, n_head, d_inner, attn_drop, ffn_drop)
            for _ in range(n_layers)])
        self.cls = nn.Linear(d_model, num_classes)
        self.SOS = start_idx
        self.PAD = padding_idx
        self.end_idx = start_idx if end_idx is None else end_idx
        self.num_classes = num_classes
        self.max_seq_len = max_seq_len
        self.feat_size = feat_size
        self.n_head = n_head
        self.d_model = d_model
        self.embedding = Embeddings(d_model, num_classes)
        self.positional_encoding = PositionalEncoding(
            d_model, n_position=max_seq_len + 1)
        self.feat_positional_encoding = PositionalEncoding(
            d_model, n_position=feat_size)
        self.feat_pe_dropout = nn.Dropout(feat_pe_drop)
        self.norm = nn.LayerNorm(d_model)
        self.setup_init(init_cfg)

    def _memory(self, feat: torch.Tensor,
                out_enc: torch.Tensor | None = None) -> list[KV]:
        """Per layer the cross-attention keys/values of the memory:
        ``out_enc (N, L, D)`` if given (an encoder's output, as is), else
        ``feat (N, D, H, W)`` (or ``(N, H * W, D)``) flattened plus its
        positional encoding."""
        if out_enc is not None:
            return [layer.attentions[1].project_kv(out_enc)
                    for layer in self.decoder_layers]
        if feat.dim() == 4:
            n, c, h, w = feat.shape
            if c != self.d_model:
                raise InvalidValueError(f'MasterDecoder: feat has {c} channels, '
                                        f'd_model={self.d_model}')
            feat = feat.view(n, c, h * w).permute(0, 2, 1)
        memory = self.feat_pe_dropout(self.feat_positional_encoding(feat))
        return [layer.attentions[1].project_kv(memory)
                for layer in self.decoder_layers]

    def _embed(self, tokens: torch.Tensor, offset: int = 0) -> torch.Tensor:
        return self.positional_encoding(self.embedding(tokens), offset)

    def decode(self, tokens: torch.Tensor, memory: list[KV]) -> torch.Tensor:
        """Whole-sequence pass: ``tokens (N, T)`` -> logits ``(N, T,
        num_classes)``."""
        x = self._embed(tokens)
        for layer, kv in zip(self.decoder_layers, memory):
            x = layer(x, kv)
        return self.cls(self.norm(x))

    def forward_train(self, feat: torch.Tensor, out_enc: torch.Tensor | None,
                      targets_dict: dict,
                      img_metas: Sequence[dict] | None = None) -> torch.Tensor:
        targets = targets_dict['padded_targets'].to(feat.device)
        return self.decode(targets, self._memory(feat, out_enc))

    def forward_test(self, feat: torch.Tensor, out_enc: torch.Tensor | None,
                     img_metas: Sequence[dict] | None = None) -> torch.Tensor:
        return self.greedy_decode(feat, out_enc)

    def greedy_decode(self, feat: torch.Tensor,
                      out_enc: torch.Tensor | None = None,
                      use_cache: bool = True) -> torch.Tensor:
        """Greedy decoding of ``feat (N, d_model, H, W)`` (or of
        ``out_enc``, see :meth:`_memory`).

        Returns probabilities ``(N, T', num_classes)``: with ``use_cache``
        (the default) incremental and stopping once all sequences have
        ended; without, MMOCR 0.x's recomputation of the whole prefix at each
        of the ``max_seq_len`` steps (the reference for tests and the
        benchmark).
        """
        memory = self._memory(feat, out_enc)
        n = memory[0][0].size(0)
        device = memory[0][0].device
        token = torch.full((n, 1), self.SOS, dtype=torch.long, device=device)
        if not use_cache:
            seq = token
            for _ in range(self.max_seq_len):
                probs = F.softmax(self.decode(seq, memory), dim=-1)
                seq = torch.cat([seq, probs[:, -1:].argmax(-1)], dim=1)
            return probs
        past: list = [None] * len(self.decoder_layers)
        finished = torch.zeros(n, dtype=torch.bool, device=device)
        stop_early = not torch.jit.is_tracing()
        outputs = []
        for step in range(self.max_seq_len):
            x = self._embed(token, offset=step)
            for i, (layer, kv) in enumerate(zip(self.decoder_layers, memory)):
                x, past[i] = layer.forward_step(x, kv, past[i])
            probs = F.softmax(self.cls(self.norm(x[:, 0])), dim=-1)
            outputs.append(probs)
            token = probs.argmax(dim=-1, keepdim=True)
            finished |= token[:, 0] == self.end_idx
            if stop_early and bool(finished.all()):
                break
        return torch.stack(outputs, dim=1)


def clones(module: nn.Module, N: int) -> nn.ModuleList:
    """``N`` deep copies of ``module`` (same initial weights)."""
    return nn.ModuleList([copy.deepcopy(module) for _ in range(N)])


class Embeddings(nn.Module):
    """Token embedding ``lut`` scaled by ``sqrt(d_model)``: ``(N, T)`` ->
    ``(N, T, d_model)``."""

    def __init__(self, d_model: int, vocab: int):
        super().__init__()
        self.lut = nn.Embedding(vocab, d_model)
        self.d_model = d_model

    def forward(self, *input: torch.Tensor) -> torch.Tensor:
        return self.lut(input[0]) * math.sqrt(self.d_model)
