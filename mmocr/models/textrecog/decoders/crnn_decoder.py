"""CRNN's decoder: per-column class logits for CTC."""
from __future__ import annotations

from typing import Sequence

import torch
from torch import nn

from mmocr.models.common.valid_steps import get_valid_ratios, valid_steps
from mmocr.registry import DECODERS
from mmocr.utils.errors import InvalidValueError

from ..layers import BidirectionalLSTM
from .base_decoder import BaseDecoder

__all__ = ['CRNNDecoder']


@DECODERS.register_module()
class CRNNDecoder(BaseDecoder):
    """Map a height-1 feature map to per-column class logits.

    Input ``feat (N, in_channels, 1, T)``; output logits
    ``(N, T, num_classes)``, the same in training and testing (the CTC
    convertor applies the softmax).

    Args:
        in_channels: Channels of ``feat``.
        num_classes: Output classes (blank included); set by the recognizer
            from its label convertor.
        rnn_flag: Two stacked BiLSTMs (hidden 256) when True, a 1x1 conv
            otherwise.
        pack_valid: Run the BiLSTMs over each image's valid columns only,
            the first ``ceil(T * img_metas[i]['valid_ratio'])`` (as
            ``CTCLoss`` and the CTC convertor count them), so that a text
            reads the same alone or right-padded in a batch of wider
            images. Off by default, as in MMOCR 0.x, whose CRNN configs
            resize every image to one width.
        start_idx, padding_idx, max_seq_len: Passed by the recognizer to
            every decoder; unused by CTC decoding.
    """

    def __init__(self, in_channels: int | None = None,
                 num_classes: int | None = None, rnn_flag: bool = False,
                 pack_valid: bool = False, start_idx: int | None = None,
                 padding_idx: int | None = None,
                 max_seq_len: int | None = None,
                 init_cfg: dict | list | None = None):
        super().__init__()
        if in_channels is None or num_classes is None:
            raise InvalidValueError('CRNNDecoder needs in_channels and num_classes, '
                                    f'got {in_channels} and {num_classes}')
        self.num_classes = num_classes
        self.rnn_flag = rnn_flag
        self.pack_valid = pack_valid
        if rnn_flag:
            self.decoder = nn.Sequential(
                BidirectionalLSTM(in_channels, 256, 256),
                BidirectionalLSTM(256, 256, num_classes))
        else:
            self.decoder = nn.Conv2d(in_channels, num_classes, kernel_size=1)
            nn.init.xavier_uniform_(self.decoder.weight)
            nn.init.zeros_(self.decoder.bias)
        self.setup_init(init_cfg)

    def forward_train(self, feat: torch.Tensor, out_enc=None,
                      targets_dict: dict | None = None,
                      img_metas: Sequence[dict] | None = None) -> torch.Tensor:
        if feat.dim() != 4 or feat.size(2) != 1:
            raise InvalidValueError('CRNNDecoder needs a feature map of height 1 '
                                    f'(N, C, 1, T), got {tuple(feat.shape)}; use '
                                    '32-pixel-high images with VeryDeepVgg')
        ratios = None
        if self.rnn_flag and self.pack_valid and img_metas:
            ratios = get_valid_ratios(img_metas, feat.size(0))
        return self.forward_valid(feat, ratios)

    def forward_valid(self, feat: torch.Tensor,
                      valid_ratios: torch.Tensor | None = None
                      ) -> torch.Tensor:
        """Logits ``(N, T, num_classes)`` of ``feat (N, C, 1, T)``; with
        ``pack_valid`` and ``valid_ratios`` ``(N,)``, the BiLSTMs read the
        first ``ceil(T * valid_ratio)`` columns of each image (tensor
        operations only: ONNX exports take the ratios as a graph input)."""
        if not self.rnn_flag:
            return self.decoder(feat).squeeze(2).permute(0, 2, 1).contiguous()
        x = feat.squeeze(2).permute(2, 0, 1)  # (T, N, C)
        lengths = None
        if self.pack_valid and valid_ratios is not None:
            lengths = valid_steps(x.size(0), valid_ratios)
        for lstm in self.decoder:
            x = lstm(x, lengths)
        return x.permute(1, 0, 2).contiguous()

    def forward_test(self, feat: torch.Tensor, out_enc=None,
                     img_metas: Sequence[dict] | None = None) -> torch.Tensor:
        return self.forward_train(feat, out_enc, None, img_metas)
