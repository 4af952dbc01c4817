"""ABINet's bidirectional cloze language model (MMOCR 0.x's
``ABILanguageDecoder``)."""
from __future__ import annotations

from typing import Sequence

import torch
from torch import nn

from mmocr.models.common.layers import BaseTransformerLayer
from mmocr.models.common.modules import PositionalEncoding
from mmocr.registry import DECODERS
from mmocr.utils.errors import InvalidValueError

from .base_decoder import BaseDecoder

__all__ = ['ABILanguageDecoder']


@DECODERS.register_module()
class ABILanguageDecoder(BaseDecoder):
    """Spelling correction over a character distribution (ABINet's BCN).

    The input probabilities (``softmax(logits)``, detached with
    ``detach_tokens``) are projected to ``d_model`` and given a positional
    encoding: these are the keys and values. The queries are the positional
    encodings alone; each query position may not attend to its own key
    (a diagonal mask), nor to keys past the predicted length (the first
    ``pad_idx`` of the argmax, plus one, clamped to ``[2, max_seq_len]``).
    So every character is re-predicted from the others.

    ``logits (N, max_seq_len, num_chars)`` -> ``dict(feature=(N, T,
    d_model), logits=(N, T, num_chars))``; training and testing are the
    same.

    Args:
        d_model: Features.
        n_head: Attention heads.
        d_inner: Hidden features of the feed-forward blocks.
        n_layers: Number of decoder layers.
        max_seq_len: Sequence length ``T``.
        dropout: Dropout rate.
        detach_tokens: Stop the gradient at the input probabilities.
        num_chars: Classes ``C``.
        use_self_attn: Add self-attention before the cross-attention in each
            layer.
        pad_idx: Class ending a word (``<EOS>``), which sets the length.
        init_cfg: mmcv's init config (None: PyTorch's initialisation), applied
            when built and by ``init_weights``.
    """

    def __init__(self, d_model: int = 512, n_head: int = 8,
                 d_inner: int = 2048, n_layers: int = 4,
                 max_seq_len: int = 40, dropout: float = 0.1,
                 detach_tokens: bool = True, num_chars: int = 90,
                 use_self_attn: bool = False, pad_idx: int = 0,
                 init_cfg: dict | None = None):
        super().__init__()
        if not 0 <= pad_idx < num_chars:
            raise InvalidValueError(f'ABILanguageDecoder: pad_idx={pad_idx} is '
                                    f'not a class of num_chars={num_chars}')
        self.detach_tokens = detach_tokens
        self.d_model = d_model
        self.max_seq_len = max_seq_len
        self.num_chars = num_chars
        self.pad_idx = pad_idx
        self.proj = nn.Linear(num_chars, d_model, False)
        self.token_encoder = PositionalEncoding(d_model, n_position=max_seq_len,
                                                dropout=0.1)
        self.pos_encoder = PositionalEncoding(d_model, n_position=max_seq_len)
        order = (('self_attn', 'norm', 'cross_attn', 'norm', 'ffn', 'norm')
                 if use_self_attn else ('cross_attn', 'norm', 'ffn', 'norm'))
        self.decoder_layers = nn.ModuleList([
            BaseTransformerLayer(order, d_model, n_head, d_inner, dropout)
            for _ in range(n_layers)])
        self.cls = nn.Linear(d_model, num_chars)
        self.setup_init(init_cfg)

    def get_length(self, logits: torch.Tensor) -> torch.Tensor:
        """``(N,)`` length of each sequence of ``logits (N, T, C)``: the
        position of the first ``pad_idx`` argmax plus one, ``T`` without
        one."""
        is_end = logits.argmax(dim=-1) == self.pad_idx
        first = torch.argmax(is_end.float(), dim=-1) + 1
        return torch.where(is_end.any(dim=-1), first,
                           torch.full_like(first, logits.size(1)))

    def forward_train(self, feat, logits: torch.Tensor,
                      targets_dict: dict | None = None,
                      img_metas: Sequence[dict] | None = None) -> dict:
        if logits is None or logits.dim() != 3 or tuple(logits.shape[1:]) != (
                self.max_seq_len, self.num_chars):
            raise InvalidValueError(
                'ABILanguageDecoder: expected logits (N, max_seq_len='
                f'{self.max_seq_len}, num_chars={self.num_chars}), got '
                f'{None if logits is None else tuple(logits.shape)}')
        lengths = self.get_length(logits)
        tokens = torch.softmax(logits, dim=-1)
        if self.detach_tokens:
            tokens = tokens.detach()
        embed = self.token_encoder(self.proj(tokens))  # (N, T, E)
        positions = torch.arange(self.max_seq_len, device=logits.device)
        # keys past the length (clamped to at least 2) are padding: (N, T)
        padding_mask = (positions[None] >= lengths[:, None]) & (
            positions[None] >= 2)
        location_mask = torch.eye(self.max_seq_len, dtype=torch.bool,
                                  device=logits.device)
        out = self.pos_encoder(torch.zeros_like(embed))
        for layer in self.decoder_layers:
            out = layer(out, embed, location_mask, padding_mask)
        return dict(feature=out, logits=self.cls(out))

    def forward_test(self, feat, logits: torch.Tensor,
                     img_metas: Sequence[dict] | None = None) -> dict:
        return self.forward_train(feat, logits, None, img_metas)
