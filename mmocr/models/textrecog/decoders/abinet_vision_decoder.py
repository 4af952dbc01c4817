"""ABINet's position attention decoder (MMOCR 0.x's ``ABIVisionDecoder``)."""
from __future__ import annotations

from typing import Sequence

import torch
from torch import nn

from mmocr.models.common.layers import ConvModule
from mmocr.models.common.modules import PositionalEncoding
from mmocr.registry import DECODERS
from mmocr.utils.errors import InvalidValueError

from .base_decoder import BaseDecoder

__all__ = ['ABIVisionDecoder']

_USE_RESULTS = ('feature', 'logits')


def _conv_bn_relu(in_channels: int, out_channels: int,
                  stride: int | tuple[int, int] = 1) -> ConvModule:
    return ConvModule(in_channels, out_channels, kernel_size=3, stride=stride,
                      padding=1, norm_cfg=dict(type='BN'),
                      act_cfg=dict(type='ReLU'))


@DECODERS.register_module()
class ABIVisionDecoder(BaseDecoder):
    """Reads ``max_seq_len`` characters from an image feature map by position
    attention: the keys are the map passed through a mini U-Net (four
    stride-2 conv encoders ``k_encoder``, four upsampling decoders
    ``k_decoder`` with skip sums), the queries a projected sinusoidal
    encoding of the character positions, the values the map itself.

    ``feat (N, E, attn_height, attn_width)`` -> ``dict(feature=(N, T, E),
    logits=(N, T, num_chars), attn_scores=(N, T, attn_height, attn_width))``
    with ``T = max_seq_len``; training and testing are the same.

    Args:
        in_channels: Channels ``E`` of the feature map.
        num_channels: Channels inside the mini U-Net.
        attn_height, attn_width: Size of the feature map.
        attn_mode: ``nn.Upsample`` mode of the U-Net decoders.
        max_seq_len: Characters read, ``T``.
        num_chars: Classes ``C``.
        use_result: Part of MMOCR 0.x's configs (``'feature'``), which the
            decoder does not read either: the result is always the dict
            above.
        init_cfg: mmcv-style initialisers applied when built and by
            :meth:`init_weights`.
    """

    def __init__(self, in_channels: int = 512, num_channels: int = 64,
                 attn_height: int = 8, attn_width: int = 32,
                 attn_mode: str = 'nearest', max_seq_len: int = 40,
                 num_chars: int = 90, use_result: str = 'feature',
                 init_cfg: dict | None = dict(type='Xavier', layer='Conv2d')):
        super().__init__()
        if use_result not in _USE_RESULTS:
            raise InvalidValueError(f'ABIVisionDecoder: use_result must be one '
                                    f'of {_USE_RESULTS}, got {use_result!r}')
        self.max_seq_len = max_seq_len
        self.attn_size = (attn_height, attn_width)
        self.k_encoder = nn.Sequential(
            _conv_bn_relu(in_channels, num_channels, stride=(1, 2)),
            _conv_bn_relu(num_channels, num_channels, stride=2),
            _conv_bn_relu(num_channels, num_channels, stride=2),
            _conv_bn_relu(num_channels, num_channels, stride=2))
        align = None if attn_mode == 'nearest' else True

        def up(out_channels: int, **size) -> nn.Sequential:
            return nn.Sequential(
                nn.Upsample(mode=attn_mode, align_corners=align, **size),
                _conv_bn_relu(num_channels, out_channels))

        self.k_decoder = nn.Sequential(
            up(num_channels, scale_factor=2), up(num_channels, scale_factor=2),
            up(num_channels, scale_factor=2),
            up(in_channels, size=(attn_height, attn_width)))
        self.pos_encoder = PositionalEncoding(in_channels, max_seq_len)
        self.project = nn.Linear(in_channels, in_channels)
        self.cls = nn.Linear(in_channels, num_chars)
        self.setup_init(init_cfg)

    def forward_train(self, feat: torch.Tensor, out_enc=None,
                      targets_dict: dict | None = None,
                      img_metas: Sequence[dict] | None = None) -> dict:
        n, e, h, w = feat.shape
        if (h, w) != self.attn_size:
            raise InvalidValueError(
                f'ABIVisionDecoder: the feature map is {h}x{w}, expected '
                f'attn_height x attn_width = {self.attn_size[0]}x'
                f'{self.attn_size[1]} (a 32x128 image for ResNetABI)')
        k, skips = feat, []
        for layer in self.k_encoder:
            k = layer(k)
            skips.append(k)
        for i, layer in enumerate(self.k_decoder[:-1]):
            k = layer(k) + skips[-2 - i]
        k = self.k_decoder[-1](k)

        q = self.project(self.pos_encoder(feat.new_zeros(
            n, self.max_seq_len, e)))
        scores = torch.softmax(
            torch.bmm(q, k.flatten(2)) / e**0.5, dim=-1)  # (N, T, H*W)
        vecs = torch.bmm(scores, feat.flatten(2).transpose(1, 2))  # (N, T, E)
        return dict(feature=vecs, logits=self.cls(vecs),
                    attn_scores=scores.view(n, -1, h, w))

    def forward_test(self, feat: torch.Tensor, out_enc=None,
                     img_metas: Sequence[dict] | None = None) -> dict:
        return self.forward_train(feat, out_enc, None, img_metas)
