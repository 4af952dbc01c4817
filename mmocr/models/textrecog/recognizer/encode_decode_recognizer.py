"""Preprocessor -> backbone -> encoder -> decoder recognizers."""
from __future__ import annotations

from typing import Sequence

import torch

from mmocr.models.builder import (
    build_backbone,
    build_convertor,
    build_decoder,
    build_encoder,
    build_loss,
    build_preprocessor,
)
from mmocr.models.textrecog.convertors import BaseConvertor, CTCConvertor, CTCLexicon
from mmocr.registry import RECOGNIZERS
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

from .base import BaseRecognizer

__all__ = ['EncodeDecodeRecognizer', 'build_lexicon', 'decode_results']


def build_lexicon(test_cfg: dict | None,
                  convertor: BaseConvertor) -> CTCLexicon | None:
    """The :class:`CTCLexicon` of ``test_cfg['lexicon']`` (``None`` without
    one); errors name the ``test_cfg.lexicon`` key."""
    cfg = (test_cfg or {}).get('lexicon')
    if cfg is None:
        return None
    if not isinstance(convertor, CTCConvertor):
        raise InvalidTypeError('test_cfg.lexicon corrects CTC readings; '
                               f'{type(convertor).__name__} is not a CTCConvertor')
    try:
        return CTCLexicon(**cfg)
    except TypeError as err:
        raise InvalidTypeError(f'test_cfg.lexicon: {err}') from None


def decode_results(logits: torch.Tensor, img_metas: Sequence[dict] | None,
                   convertor: BaseConvertor,
                   lexicon: CTCLexicon | None = None) -> list[dict]:
    """One ``{'text', 'score'}`` (per-character scores) per image of the
    decoder's output ``(N, T, C)``, corrected by ``lexicon`` if given."""
    indexes, scores = convertor.tensor2idx(logits, img_metas)
    texts = convertor.idx2str(indexes)
    if lexicon is not None:
        texts, scores = lexicon(logits, convertor.valid_steps(logits, img_metas),
                                texts, scores, convertor)
    return [dict(text=text, score=score) for text, score in zip(texts, scores)]


@RECOGNIZERS.register_module(
    name=['EncodeDecodeRecognizer', 'CRNNNet', 'SARNet', 'NRTR', 'SATRN',
          'MASTER', 'RobustScanner', 'SVTR', 'RARE', 'VisionLAN',
          'ConvNextViT'])
class EncodeDecodeRecognizer(BaseRecognizer):
    """Recognizer built from an optional preprocessor, a backbone, an
    optional encoder, a decoder, a loss and a label convertor.

    Registered under each model's name, the model being the config:
    ``CRNNNet`` (CRNN, Shi et al. 2016: VGG backbone, BiLSTM decoder, CTC
    loss), ``SARNet`` (SAR, Li et al. 2019: ResNet-31, LSTM encoder,
    2D-attention decoder), ``SVTR`` (Du et al. 2022: no backbone,
    :class:`SVTREncoder` reading the image, :class:`SVTRDecoder`, CTC loss)
    ``RARE`` (Shi et al. 2016: TPS rectification, VGG, attention decoder),
    ``VisionLAN`` (Wang et al. 2021: ResNet45, :class:`VisionLANDecoder`
    with its masked language-aware module, :class:`VisionLANLoss`) and
    ``ConvNextViT`` (ModelScope's line recognizer: :class:`ConvNeXt`,
    :class:`ConvNextViTEncoder`, :class:`SVTRDecoder` as its linear CTC
    head).

    The convertor is built first; the decoder then receives its
    ``num_classes``, ``start_idx``, ``end_idx``, ``padding_idx`` and
    ``max_seq_len`` (each when it takes that argument), the
    loss ``ignore_index=padding_idx`` and the convertor ``max_seq_len``, as in
    MMOCR 0.x.

    ``img`` is ``(N, C, H, W)``; ``img_metas[i]`` holds the ground truth
    ``text`` in training and, from ``ResizeOCR``, ``resize_shape`` (the image
    size before right padding): ``valid_ratio = resize_shape[1] / W`` tells
    the decoder and loss which columns are padding.

    Args:
        preprocessor, backbone, encoder, decoder, loss, label_convertor:
            Component configs (``preprocessor``/``encoder`` optional;
            ``backbone`` may be ``None`` with an encoder, which then reads
            the preprocessed image).
        train_cfg: Kept for config compatibility; unused.
        test_cfg: ``None``, or ``dict(lexicon=dict(lexicon_file=...,
            max_nll_gap=...))`` to correct CTC readings with a word list
            (:class:`~mmocr.models.textrecog.convertors.CTCLexicon`; CTC
            convertors only). Other keys are kept, unused, for config
            compatibility.
        max_seq_len: Longest decoded sequence (attention decoders).
        pretrained: Checkpoint (path or URL) loaded into the backbone by
            :meth:`init_weights`.
        init_cfg: mmcv's init config, applied by :meth:`init_weights` after
            ``pretrained`` (``dict(type='Pretrained', checkpoint=...)``
            loads a whole recognizer checkpoint).
    """

    def __init__(self, preprocessor: dict | None = None,
                 backbone: dict | None = None, encoder: dict | None = None,
                 decoder: dict | None = None, loss: dict | None = None,
                 label_convertor: dict | None = None,
                 train_cfg: dict | None = None, test_cfg: dict | None = None,
                 max_seq_len: int = 40, pretrained: str | None = None,
                 init_cfg: dict | None = None):
        super().__init__()
        if backbone is None and (encoder is None or pretrained is not None):
            raise InvalidValueError(
                f'{type(self).__name__} needs a backbone config (it may be None '
                'only with an encoder that reads the image, and no pretrained)')
        for name, cfg in (('decoder', decoder), ('loss', loss),
                          ('label_convertor', label_convertor)):
            if cfg is None:
                raise InvalidValueError(f'{type(self).__name__} needs a {name} config')
        self.set_pretrained(pretrained, init_cfg)
        self.train_cfg = train_cfg
        self.test_cfg = test_cfg
        self.max_seq_len = max_seq_len

        self.label_convertor = build_convertor(
            label_convertor, optional_args=dict(max_seq_len=max_seq_len))
        self.lexicon = build_lexicon(test_cfg, self.label_convertor)
        self.preprocessor = (build_preprocessor(preprocessor)
                             if preprocessor is not None else None)
        self.backbone = (build_backbone(backbone)
                         if backbone is not None else None)
        self.encoder = build_encoder(encoder) if encoder is not None else None
        self.decoder = build_decoder(decoder, optional_args=dict(
            num_classes=self.label_convertor.num_classes(),
            start_idx=self.label_convertor.start_idx,
            end_idx=self.label_convertor.end_idx,
            padding_idx=self.label_convertor.padding_idx,
            max_seq_len=max_seq_len))
        self.loss = build_loss(loss, optional_args=dict(
            ignore_index=self.label_convertor.padding_idx))

    @property
    def fixed_input_width(self) -> bool:
        """Whether the encoder or decoder reads one input size only
        (``SVTREncoder``, ``VisionLANDecoder``): ONNX export keeps the
        width static."""
        return any(getattr(part, 'fixed_input_width', False)
                   for part in (self.encoder, self.decoder))

    def extract_feat(self, img: torch.Tensor) -> torch.Tensor:
        """``(N, C, H, W)`` image -> backbone feature map (the
        preprocessed image itself without a backbone)."""
        if self.preprocessor is not None:
            img = self.preprocessor(img)
        return self.backbone(img) if self.backbone is not None else img

    def decode_logits(self, img: torch.Tensor, img_metas: Sequence[dict],
                      targets_dict: dict | None = None) -> torch.Tensor:
        """Raw decoder output for ``img`` ``(N, C, H, W)``: per-step class
        scores ``(N, T, num_classes)`` (teacher-forced when
        ``targets_dict`` is given). ``img_metas`` need ``valid_ratio``
        (see :meth:`with_valid_ratio`)."""
        feat = self.extract_feat(img)
        out_enc = (self.encoder(feat, img_metas)
                   if self.encoder is not None else None)
        return self.decoder(feat, out_enc, targets_dict, img_metas,
                            train_mode=targets_dict is not None)

    def forward_train(self, img: torch.Tensor,
                      img_metas: Sequence[dict]) -> dict:
        """Losses for a batch whose ``img_metas[i]['text']`` are the labels."""
        img_metas = self.with_valid_ratio(img, img_metas)
        targets_dict = self.label_convertor.str2tensor(self.gt_texts(img_metas))
        out_dec = self.decode_logits(img, img_metas, targets_dict)
        return self.loss(out_dec, targets_dict, img_metas)

    def simple_test(self, img: torch.Tensor, img_metas: Sequence[dict],
                    **kwargs) -> list[dict]:
        """One ``{'text', 'score'}`` per image (``score``: per character)."""
        img_metas = self.with_valid_ratio(img, img_metas)
        out_dec = self.decode_logits(img, img_metas)
        if torch.onnx.is_in_onnx_export():
            return out_dec
        return decode_results(out_dec, img_metas, self.label_convertor,
                              self.lexicon)
