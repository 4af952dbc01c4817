"""Pipeline steps of named entity recognition."""
from __future__ import annotations

from typing import Any

import torch

from mmocr.registry import CONVERTORS, PIPELINES
from mmocr.utils.errors import InvalidValueError

__all__ = ['NerTransform', 'ToTensorNER']


@PIPELINES.register_module()
class NerTransform:
    """Encode ``{'text', 'label'}`` with a ``NerConvertor``.

    Output: ``texts`` (the raw text), ``input_ids``, ``labels``,
    ``attention_mask`` (1 on ``[CLS]``, the kept characters and ``[SEP]``)
    and ``token_type_ids`` (zeros), each a list of ``max_len`` ints.

    Args:
        label_convertor: ``NerConvertor`` config (built through
            ``mmocr.registry.CONVERTORS``; importing ``mmocr.models``
            registers it).
        max_len: Sequence length (must equal the convertor's).
    """

    def __init__(self, label_convertor: dict, max_len: int):
        self.label_convertor = CONVERTORS.build(label_convertor)
        if max_len != self.label_convertor.max_len:
            raise InvalidValueError(f'NerTransform: max_len={max_len} differs from '
                                    'the convertor max_len='
                                    f'{self.label_convertor.max_len}')
        self.max_len = max_len

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        text = results['text']
        convertor = self.label_convertor
        valid = min(len(text), self.max_len - 2) + 2
        return dict(
            labels=convertor.convert_entity2label(results.get('label', {}),
                                                  len(text)),
            texts=text,
            input_ids=convertor.convert_text2id(text),
            attention_mask=[1] * valid + [0] * (self.max_len - valid),
            token_type_ids=[0] * self.max_len)

    def __repr__(self) -> str:
        return f'{type(self).__name__}(max_len={self.max_len})'


@PIPELINES.register_module()
class ToTensorNER:
    """Pack :class:`NerTransform`'s lists into tensors.

    Output: ``{'img': [], 'img_metas': {'input_ids', 'attention_masks',
    'labels', 'token_type_ids'}}`` with ``(max_len,)`` long tensors; the
    batch collates them to ``(N, max_len)``.
    """

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        return dict(img=[], img_metas=dict(
            input_ids=torch.tensor(results['input_ids']),
            attention_masks=torch.tensor(results['attention_mask']),
            labels=torch.tensor(results['labels']),
            token_type_ids=torch.tensor(results['token_type_ids'])))

    def __repr__(self) -> str:
        return f'{type(self).__name__}()'
