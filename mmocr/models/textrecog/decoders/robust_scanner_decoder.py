"""RobustScanner's decoder (Yue et al., "RobustScanner: Dynamically
Enhancing Positional Clues for Robust Text Recognition", 2020)."""
from __future__ import annotations

from typing import Sequence

import torch
import torch.nn.functional as F
from torch import nn

from mmocr.models.builder import build_decoder
from mmocr.registry import DECODERS
from mmocr.utils.errors import InvalidValueError

from ..layers import RobustScannerFusionLayer
from .base_decoder import BaseDecoder

__all__ = ['RobustScannerDecoder']


@DECODERS.register_module()
class RobustScannerDecoder(BaseDecoder):
    """Fuses the glimpses of a :class:`SequenceAttentionDecoder` (the
    ``hybrid_decoder``, driven by the decoded characters) and a
    :class:`PositionAttentionDecoder` (driven by the step index) with
    :class:`RobustScannerFusionLayer`, then classifies.

    ``feat (N, D_i, H, W)`` is the backbone output, ``out_enc (N, D_m, H,
    W)`` the encoder's. Training returns logits ``(N, T, C - 1)``. Testing
    decodes greedily, the whole batch at once: the position glimpses of all
    steps are computed once, the hybrid branch keeps its LSTM state between
    steps, and decoding stops once every sequence has emitted ``end_idx``;
    it returns probabilities ``(N, T', C - 1)``, ``T' <= max_seq_len``.
    :meth:`greedy_decode` with ``use_cache=False`` is MMOCR 0.x's loop
    (re-running the LSTM over the whole sequence at every step, always
    ``max_seq_len`` steps).

    Args:
        num_classes: Classes of the convertor ``C`` (padding included).
        dim_input: Channels ``D_i`` of ``feat``.
        dim_model: Channels ``D_m`` of ``out_enc``.
        max_seq_len: Longest sequence.
        start_idx: Start token.
        mask: Leave out padded columns (``img_metas[i]['valid_ratio']``).
        padding_idx: Padding token.
        encode_value: Read ``out_enc`` instead of ``feat`` in attention.
        hybrid_decoder, position_decoder: Configs of the two branches;
            the arguments above override theirs, and both return features.
        end_idx: End token; ``None`` means ``start_idx``. The recognizer
            passes its convertor's.
    """

    def __init__(self, num_classes: int | None = None, dim_input: int = 512,
                 dim_model: int = 128, max_seq_len: int = 40,
                 start_idx: int = 0, mask: bool = True,
                 padding_idx: int | None = None, encode_value: bool = False,
                 hybrid_decoder: dict | None = None,
                 position_decoder: dict | None = None,
                 end_idx: int | None = None,
                 init_cfg: dict | list | None = None):
        super().__init__()
        self.check_num_classes(num_classes)
        if hybrid_decoder is None or position_decoder is None:
            raise InvalidValueError('RobustScannerDecoder needs hybrid_decoder and '
                                    'position_decoder configs')
        self.num_classes = num_classes
        self.dim_input = dim_input
        self.dim_model = dim_model
        self.max_seq_len = max_seq_len
        self.encode_value = encode_value
        self.start_idx = start_idx
        self.end_idx = start_idx if end_idx is None else end_idx
        self.padding_idx = padding_idx
        self.mask = mask
        shared = dict(num_classes=num_classes, dim_input=dim_input,
                      dim_model=dim_model, max_seq_len=max_seq_len, mask=mask,
                      encode_value=encode_value, return_feature=True)
        self.hybrid_decoder = build_decoder(dict(
            hybrid_decoder, start_idx=start_idx, padding_idx=padding_idx,
            end_idx=self.end_idx, **shared))
        self.position_decoder = build_decoder(dict(position_decoder, **shared))
        dim = dim_model if encode_value else dim_input
        self.fusion_module = RobustScannerFusionLayer(dim)
        self.prediction = nn.Linear(dim, num_classes - 1)
        self.setup_init(init_cfg)

    def forward_train(self, feat: torch.Tensor, out_enc: torch.Tensor,
                      targets_dict: dict,
                      img_metas: Sequence[dict] | None) -> torch.Tensor:
        hybrid = self.hybrid_decoder.forward_train(feat, out_enc,
                                                   targets_dict, img_metas)
        position = self.position_decoder.forward_train(feat, out_enc,
                                                       targets_dict, img_metas)
        return self.prediction(self.fusion_module(hybrid, position))

    def forward_test(self, feat: torch.Tensor, out_enc: torch.Tensor,
                     img_metas: Sequence[dict] | None) -> torch.Tensor:
        return self.greedy_decode(feat, out_enc, img_metas)

    def greedy_decode(self, feat: torch.Tensor, out_enc: torch.Tensor,
                      img_metas: Sequence[dict] | None = None,
                      use_cache: bool = True) -> torch.Tensor:
        """Greedy decoding of a batch; probabilities ``(N, T', C - 1)``
        (see the class docstring)."""
        position = self.position_decoder.forward_test(feat, out_enc,
                                                      img_metas)
        n = feat.size(0)
        device = feat.device
        hybrid = self.hybrid_decoder
        if not use_cache:
            seq = torch.full((n, self.max_seq_len), self.start_idx,
                             dtype=torch.long, device=device)
            outputs = []
            for i in range(self.max_seq_len):
                glimpse = hybrid.forward_test_step(feat, out_enc, seq, i,
                                                   img_metas)
                probs = F.softmax(self.prediction(
                    self.fusion_module(glimpse, position[:, i])), dim=-1)
                outputs.append(probs)
                if i < self.max_seq_len - 1:
                    seq[:, i + 1] = probs.argmax(dim=-1)
            return torch.stack(outputs, dim=1)
        key, value, mask = hybrid.attention_inputs(feat, out_enc, img_metas)
        token = torch.full((n,), self.start_idx, dtype=torch.long,
                           device=device)
        finished = torch.zeros(n, dtype=torch.bool, device=device)
        state, outputs = None, []
        for i in range(self.max_seq_len):
            glimpse, state = hybrid.step(token, state, key, value, mask)
            probs = F.softmax(self.prediction(
                self.fusion_module(glimpse, position[:, i])), dim=-1)
            outputs.append(probs)
            token = probs.argmax(dim=-1)
            finished |= token == self.end_idx
            if not torch.jit.is_tracing() and bool(finished.all()):
                break
        return torch.stack(outputs, dim=1)
