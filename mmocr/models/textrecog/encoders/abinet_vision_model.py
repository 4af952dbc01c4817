"""ABINet's vision model (MMOCR 0.x's ``ABIVisionModel``)."""
from __future__ import annotations

import torch

from mmocr.models.builder import build_decoder, build_encoder
from mmocr.models.common.layers import BaseModule
from mmocr.registry import ENCODERS

__all__ = ['ABIVisionModel']


@ENCODERS.register_module()
class ABIVisionModel(BaseModule):
    """A feature encoder (``TransformerEncoder``) followed by the position
    attention decoder (``ABIVisionDecoder``) that reads characters from the
    backbone feature map.

    ``forward(feat (N, E, H, W))`` returns the decoder's dict: ``feature``
    ``(N, T, E)``, ``logits`` ``(N, T, C)``, ``attn_scores`` ``(N, T, H,
    W)``.

    Args:
        encoder: Config of the feature encoder.
        decoder: Config of the character decoder.
        init_cfg: mmcv-style initialisers applied when built and by
            :meth:`init_weights`, over the encoder and decoder's own.
    """

    def __init__(self, encoder: dict = dict(type='TransformerEncoder'),
                 decoder: dict = dict(type='ABIVisionDecoder'),
                 init_cfg: dict | None = dict(type='Xavier', layer='Conv2d')):
        super().__init__()
        self.encoder = build_encoder(encoder)
        self.decoder = build_decoder(decoder)
        self.setup_init(init_cfg)

    def init_weights(self) -> None:
        """The encoder's and decoder's ``init_weights``, then ``init_cfg``."""
        self.encoder.init_weights()
        self.decoder.init_weights()
        super().init_weights()

    def forward(self, feat: torch.Tensor, img_metas=None) -> dict:
        return self.decoder(self.encoder(feat), None, None, img_metas,
                            train_mode=False)
