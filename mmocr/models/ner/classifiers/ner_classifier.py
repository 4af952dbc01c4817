"""``NerClassifier``: BERT encoder + per-token tag decoder."""
from __future__ import annotations

from typing import Any

import torch

from mmocr.models.base import BaseModel
from mmocr.models.builder import (
    build_convertor,
    build_decoder,
    build_encoder,
    build_loss,
)
from mmocr.models.common.layers.weight_init import check_init_cfg
from mmocr.registry import MODELS
from mmocr.utils.errors import InvalidTypeError

__all__ = ['NerClassifier']


@MODELS.register_module()
class NerClassifier(BaseModel):
    """Named entity recognition as token classification (Bert-softmax).

    The data pipeline (``NerTransform`` + ``ToTensorNER``) gives ``img=[]``
    and ``img_metas`` a dict of ``(N, L)`` tensors: ``input_ids``,
    ``attention_masks``, ``token_type_ids`` and ``labels``.

    * ``forward_train`` -> ``{'loss_cls': ...}``;
    * ``forward_test`` -> per text, a list of entities
      ``[category, start, end]`` (character offsets, end inclusive).

    Args:
        encoder: Encoder config (``BertEncoder``).
        decoder: Decoder config (``FCDecoder``); ``num_labels`` is filled in.
        loss: Loss config (``MaskedCrossEntropyLoss``/``MaskedFocalLoss``);
            ``num_labels`` is filled in.
        label_convertor: ``NerConvertor`` config.
        init_cfg: mmcv's init config, applied by ``init_weights`` after the
            components' own.
    """

    def __init__(self, encoder: dict, decoder: dict, loss: dict,
                 label_convertor: dict, train_cfg: dict | None = None,
                 test_cfg: dict | None = None, init_cfg: dict | None = None):
        super().__init__()
        self.label_convertor = build_convertor(label_convertor)
        num_labels = self.label_convertor.num_labels
        self.encoder = build_encoder(encoder)
        self.decoder = build_decoder(
            decoder, optional_args=dict(num_labels=num_labels))
        self.loss = build_loss(loss, optional_args=dict(num_labels=num_labels))
        self.train_cfg = train_cfg
        self.test_cfg = test_cfg
        self.init_cfg = check_init_cfg(init_cfg, 'NerClassifier')

    @staticmethod
    def _check_inputs(img_metas: Any) -> None:
        if not isinstance(img_metas, dict) or 'input_ids' not in img_metas:
            raise InvalidTypeError('NerClassifier expects img_metas to be a dict of '
                                   'batched tensors (input_ids, attention_masks, '
                                   'token_type_ids, labels) from ToTensorNER, got '
                                   f'{type(img_metas).__name__}')

    def forward_train(self, imgs, img_metas: dict,
                      **kwargs) -> dict[str, torch.Tensor]:
        self._check_inputs(img_metas)
        logits, _ = self.decoder(self.encoder(img_metas))
        return self.loss(logits, img_metas)

    def forward_test(self, imgs, img_metas: dict, **kwargs) -> list[list]:
        self._check_inputs(img_metas)
        _, preds = self.decoder(self.encoder(img_metas))
        return self.label_convertor.convert_pred2entities(
            preds, img_metas['attention_masks'])

    simple_test = forward_test

    def train_step(self, data: dict, optimizer=None) -> dict:
        """As :meth:`BaseModel.train_step`, counting texts (not meta keys)."""
        outputs = super().train_step(data, optimizer)
        outputs['num_samples'] = int(data['img_metas']['input_ids'].size(0))
        return outputs
