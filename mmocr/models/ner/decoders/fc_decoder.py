"""``FCDecoder``: per-token linear tag classifier on top of BERT."""
from __future__ import annotations

import torch
from torch import nn

from mmocr.models.common.layers.weight_init import BaseModule
from mmocr.registry import DECODERS
from mmocr.utils.errors import InvalidValueError

__all__ = ['FCDecoder']


@DECODERS.register_module()
class FCDecoder(BaseModule):
    """Dropout + linear layer over BERT's sequence output.

    ``forward(outputs)`` with ``outputs[0]`` ``(N, L, hidden_size)`` ->
    ``(logits (N, L, num_labels), preds (N, L) arg-max tag ids)``.

    Args:
        num_labels: Number of tags (set by ``NerClassifier`` from its
            convertor).
        hidden_dropout_prob: Dropout before the classifier.
        hidden_size: BERT hidden size.
    """

    def __init__(self, num_labels: int | None = None,
                 hidden_dropout_prob: float = 0.1, hidden_size: int = 768,
                 init_cfg: dict | list | None = None):
        super().__init__()
        if num_labels is None:
            raise InvalidValueError('FCDecoder needs num_labels (NerClassifier sets '
                                    'it from the label convertor)')
        self.num_labels = num_labels
        self.dropout = nn.Dropout(hidden_dropout_prob)
        self.classifier = nn.Linear(hidden_size, num_labels)
        self.setup_init(init_cfg)

    def forward(self, outputs: tuple) -> tuple[torch.Tensor, torch.Tensor]:
        logits = self.classifier(self.dropout(outputs[0]))
        return logits, logits.detach().argmax(dim=-1)
