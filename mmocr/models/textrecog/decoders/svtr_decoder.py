"""SVTR's decoder: a linear CTC classifier over the encoder's columns."""
from __future__ import annotations

from typing import Sequence

import torch
from torch import nn

from mmocr.registry import DECODERS
from mmocr.utils.errors import InvalidValueError

from .base_decoder import BaseDecoder

__all__ = ['SVTRDecoder']


@DECODERS.register_module()
class SVTRDecoder(BaseDecoder):
    """Per-column class logits of :class:`SVTREncoder`'s output (also
    ConvNextViT's CTC head, over :class:`ConvNextViTEncoder`'s output).

    Input ``out_enc (N, in_channels, 1, T)`` (``feat``, the image, is not
    read); output logits ``(N, T, num_classes)``, the same in training and
    testing (the CTC convertor applies the softmax).

    Args:
        in_channels: Channels of ``out_enc`` (the encoder's
            ``out_channels``).
        num_classes: Output classes (blank included); set by the recognizer
            from its label convertor.
    """

    def __init__(self, in_channels: int | None = None,
                 num_classes: int | None = None):
        super().__init__()
        if in_channels is None or num_classes is None:
            raise InvalidValueError('SVTRDecoder needs in_channels and num_classes, '
                                    f'got {in_channels} and {num_classes}')
        self.in_channels = in_channels
        self.num_classes = num_classes
        self.decoder = nn.Linear(in_channels, num_classes)
        bound = in_channels**-0.5
        nn.init.uniform_(self.decoder.weight, -bound, bound)
        nn.init.uniform_(self.decoder.bias, -bound, bound)

    def forward_train(self, feat: torch.Tensor, out_enc: torch.Tensor | None,
                      targets_dict: dict | None = None,
                      img_metas: Sequence[dict] | None = None) -> torch.Tensor:
        if out_enc is None or out_enc.dim() != 4 or out_enc.size(2) != 1 \
                or out_enc.size(1) != self.in_channels:
            shape = None if out_enc is None else tuple(out_enc.shape)
            raise InvalidValueError(
                f'SVTRDecoder needs the encoder output (N, {self.in_channels}, '
                f'1, T), got {shape}')
        return self.decoder(out_enc.squeeze(2).transpose(1, 2))

    def forward_test(self, feat: torch.Tensor, out_enc: torch.Tensor | None,
                     img_metas: Sequence[dict] | None = None) -> torch.Tensor:
        return self.forward_train(feat, out_enc, None, img_metas)
