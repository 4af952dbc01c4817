"""ABINet (Fang et al., "Read Like Humans: Autonomous, Bidirectional and
Iterative Language Modeling for Scene Text Recognition", 2021)."""
from __future__ import annotations

from typing import Sequence

import torch

from mmocr.models.builder import (
    build_backbone,
    build_convertor,
    build_decoder,
    build_encoder,
    build_fuser,
    build_loss,
    build_preprocessor,
)
from mmocr.registry import RECOGNIZERS
from mmocr.utils.errors import InvalidValueError

from .base import BaseRecognizer
from .encode_decode_recognizer import EncodeDecodeRecognizer, decode_results

__all__ = ['ABINet']


@RECOGNIZERS.register_module()
class ABINet(EncodeDecodeRecognizer):
    """ABINet: a vision model reads the characters, then ``iter_size`` times
    a language model re-predicts them from the current reading and a fuser
    mixes its feature with the vision feature into the next reading.

    The encoder (``ABIVisionModel``) maps the backbone feature ``(N, E, H,
    W)`` to ``dict(feature=(N, T, E), logits=(N, T, C))``; the decoder
    (``ABILanguageDecoder``) maps logits to ``dict(feature, logits)``; the
    fuser (``ABIFuser``) maps (vision feature, language feature) to
    ``dict(logits)``, which the next iteration's decoder reads. Without a
    decoder and fuser (``abinet_vision_only``) the vision logits are the
    result. Training sums :class:`~mmocr.models.textrecog.losses.ABILoss`'s
    terms over every output; testing decodes the last fuser's (else the last
    decoder's, else the vision model's) softmax into ``{'text', 'score'}``
    per image (``score``: per character), or returns those probabilities
    ``(N, T, C)`` while exporting to ONNX.

    The decoder receives ``max_seq_len`` (when it takes it), the convertor
    ``max_seq_len``. ``img_metas`` as for
    :class:`EncodeDecodeRecognizer` (``resize_shape`` gives
    ``valid_ratio``).

    Args:
        preprocessor, backbone, encoder, decoder, fuser, loss,
            label_convertor: Component configs (``preprocessor``,
            ``decoder`` and ``fuser`` optional; a fuser needs a decoder).
        iter_size: Rounds of language correction.
        train_cfg, test_cfg: Kept for config compatibility; unused.
        max_seq_len: Sequence length ``T``.
        pretrained: Checkpoint loaded into the backbone by
            :meth:`init_weights`.
        init_cfg: mmcv's init config, applied by :meth:`init_weights` after
            the components' own initialisation
            (``dict(type='Pretrained', checkpoint=...)`` loads a whole
            checkpoint).
    """

    #: The vision decoder reads a fixed ``attn_height x attn_width`` map, so
    #: the input size is fixed (ONNX export keeps the width static).
    fixed_input_width = True

    def __init__(self, preprocessor: dict | None = None,
                 backbone: dict | None = None, encoder: dict | None = None,
                 decoder: dict | None = None, iter_size: int = 1,
                 fuser: dict | None = None, loss: dict | None = None,
                 label_convertor: dict | None = None,
                 train_cfg: dict | None = None, test_cfg: dict | None = None,
                 max_seq_len: int = 40, pretrained: str | None = None,
                 init_cfg: dict | None = None):
        BaseRecognizer.__init__(self)
        for name, cfg in (('backbone', backbone), ('encoder', encoder),
                          ('loss', loss), ('label_convertor', label_convertor)):
            if cfg is None:
                raise InvalidValueError(f'ABINet needs a {name} config')
        if fuser is not None and decoder is None:
            raise InvalidValueError('ABINet: a fuser needs a decoder (the '
                                    'language model) config')
        if not isinstance(iter_size, int) or iter_size < 1:
            raise InvalidValueError(f'ABINet: iter_size must be an int >= 1, '
                                    f'got {iter_size!r}')
        self.train_cfg = train_cfg
        self.test_cfg = test_cfg
        self.max_seq_len = max_seq_len
        self.iter_size = iter_size
        self.set_pretrained(pretrained, init_cfg)
        self.label_convertor = build_convertor(
            label_convertor, optional_args=dict(max_seq_len=max_seq_len))
        self.preprocessor = (build_preprocessor(preprocessor)
                             if preprocessor is not None else None)
        self.backbone = build_backbone(backbone)
        self.encoder = build_encoder(encoder)
        self.decoder = (build_decoder(decoder, optional_args=dict(
            max_seq_len=max_seq_len)) if decoder is not None else None)
        self.fuser = build_fuser(fuser) if fuser is not None else None
        self.loss = build_loss(loss)

    def forward_outputs(self, img: torch.Tensor, img_metas: Sequence[dict],
                        targets_dict: dict | None = None) -> dict:
        """Every output for ``img (N, C, H, W)``: ``out_enc`` (the vision
        model's dict) and, per iteration, ``out_decs`` and ``out_fusers``."""
        feat = self.extract_feat(img)
        out_enc = self.encoder(feat, img_metas)
        logits = out_enc['logits']
        out_decs, out_fusers = [], []
        if self.decoder is not None:
            for _ in range(self.iter_size):
                out_dec = self.decoder(feat, logits, targets_dict, img_metas,
                                       train_mode=targets_dict is not None)
                out_decs.append(out_dec)
                if self.fuser is None:
                    continue
                out_fuser = self.fuser(out_enc['feature'], out_dec['feature'])
                logits = out_fuser['logits']
                out_fusers.append(out_fuser)
        return dict(out_enc=out_enc, out_decs=out_decs, out_fusers=out_fusers)

    def decode_logits(self, img: torch.Tensor, img_metas: Sequence[dict],
                      targets_dict: dict | None = None) -> torch.Tensor:
        """The final reading ``(N, T, C)`` (the last fuser's, else the last
        decoder's, else the vision model's): its logits with
        ``targets_dict``, its softmax without (testing, ONNX export)."""
        outputs = self.forward_outputs(img, img_metas, targets_dict)
        final = (outputs['out_fusers'] or outputs['out_decs']
                 or [outputs['out_enc']])[-1]['logits']
        return final if targets_dict is not None else torch.softmax(final, -1)

    def forward_train(self, img: torch.Tensor,
                      img_metas: Sequence[dict]) -> dict:
        """``loss_visual``, ``loss_lang``, ``loss_fusion`` for a batch whose
        ``img_metas[i]['text']`` are the labels."""
        img_metas = self.with_valid_ratio(img, img_metas)
        targets_dict = self.label_convertor.str2tensor(self.gt_texts(img_metas))
        outputs = self.forward_outputs(img, img_metas, targets_dict)
        return self.loss(outputs, targets_dict, img_metas)

    def simple_test(self, img: torch.Tensor, img_metas: Sequence[dict],
                    **kwargs) -> list[dict] | torch.Tensor:
        """One ``{'text', 'score'}`` per image."""
        img_metas = self.with_valid_ratio(img, img_metas)
        probs = self.decode_logits(img, img_metas)
        if torch.onnx.is_in_onnx_export():
            return probs
        return decode_results(probs, img_metas, self.label_convertor)
