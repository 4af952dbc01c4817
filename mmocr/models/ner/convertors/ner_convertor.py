"""Text <-> token ids and entities <-> BIO/BIOES tag ids for NER."""
from __future__ import annotations

from typing import Sequence

import torch

from mmocr.registry import CONVERTORS
from mmocr.utils.errors import InvalidValueError
from mmocr.utils.fileio import list_from_file

__all__ = ['NerConvertor']

Entity = list  # [category, start, end], character offsets, end inclusive


@CONVERTORS.register_module()
class NerConvertor:
    """Convert between CLUENER annotations and model inputs/outputs.

    Token ids: ``[start_id] + char ids + [end_id]`` then zeros up to
    ``max_len`` (one token per character, lower-cased, unknown characters ->
    ``unknown_id``; texts longer than ``max_len - 2`` are truncated).

    Tag ids (``n`` categories), ``'bio'``: 0 ``X`` (padding), ``1..n``
    ``B-cat``, ``n+1..2n`` ``I-cat``, ``2n+1`` ``O``, ``2n+2`` ``[START]``,
    ``2n+3`` ``[END]``. ``'bioes'`` adds ``E-cat`` (``2n+1..3n``) and
    ``S-cat`` (``3n+1..4n``) before ``O`` (``4n+1``). The ``[CLS]``/``[SEP]``
    positions are tagged ``O``.

    Args:
        annotation_type: ``'bio'`` or ``'bioes'``.
        vocab_file: One token per line; the line index is the id.
        categories: Entity categories, e.g. CLUENER's 10.
        max_len: Sequence length including ``[CLS]`` and ``[SEP]``.
        unknown_id, start_id, end_id: Ids of ``[UNK]``, ``[CLS]``, ``[SEP]``
            (BERT's Chinese vocab: 100, 101, 102).
    """

    def __init__(self, annotation_type: str = 'bio',
                 vocab_file: str | None = None,
                 categories: Sequence[str] | None = None,
                 max_len: int | None = None, unknown_id: int = 100,
                 start_id: int = 101, end_id: int = 102):
        if annotation_type not in ('bio', 'bioes'):
            raise InvalidValueError("annotation_type must be 'bio' or 'bioes', got "
                                    f'{annotation_type!r}')
        if vocab_file is None:
            raise InvalidValueError('NerConvertor needs vocab_file')
        if not categories:
            raise InvalidValueError('NerConvertor needs a non-empty list of '
                                    'categories')
        if max_len is None or max_len <= 2:
            raise InvalidValueError(f'max_len must be > 2 (room for [CLS] and '
                                    f'[SEP]), got {max_len}')
        self.annotation_type = annotation_type
        self.categories = list(categories)
        self.max_len = int(max_len)
        self.unknown_id = unknown_id
        self.start_id = start_id
        self.end_id = end_id
        self.word2ids: dict[str, int] = {}
        for idx, vocab in enumerate(list_from_file(vocab_file)):
            self.word2ids.setdefault(vocab, idx)
        self.label2id_dict, self.id2label, self.ignore_id = \
            self._generate_labelid_dict()
        self.num_labels = len(self.id2label)

    @property
    def _prefixes(self) -> str:
        return 'BI' if self.annotation_type == 'bio' else 'BIES'

    def _generate_labelid_dict(self) -> tuple[dict, dict, int]:
        """``category -> [B id, I id, (E id, S id)]``, ``id -> tag`` and the
        id of ``O``."""
        num = len(self.categories)
        prefixes = self._prefixes
        label2id = {
            cat: [1 + k * num + i for k in range(len(prefixes))]
            for i, cat in enumerate(self.categories)
        }
        id2label = {0: 'X'}
        for cat, ids in label2id.items():
            for prefix, tag_id in zip(prefixes, ids):
                id2label[tag_id] = f'{prefix}-{cat}'
        outside = len(prefixes) * num + 1
        id2label.update({outside: 'O', outside + 1: '[START]',
                         outside + 2: '[END]'})
        return label2id, id2label, outside

    def _valid_len(self, text_len: int) -> int:
        return min(text_len, self.max_len - 2)

    def convert_text2id(self, text: str) -> list[int]:
        """``text`` -> ``max_len`` token ids."""
        valid = self._valid_len(len(text))
        ids = [self.word2ids.get(c, self.unknown_id)
               for c in text.lower()[:valid]]
        input_ids = [self.start_id] + ids + [self.end_id]
        return input_ids + [0] * (self.max_len - len(input_ids))

    def convert_entity2label(self, label: dict, text_len: int) -> list[int]:
        """CLUENER ``label`` (``{category: {entity: [[start, end], ...]}}``)
        -> ``max_len`` tag ids (entities beyond the truncation are cut)."""
        valid = self._valid_len(text_len)
        labels = [self.ignore_id] * (valid + 2) + [0] * (self.max_len - valid - 2)
        for category, spans_by_text in label.items():
            if category not in self.label2id_dict:
                raise KeyError(f'unknown entity category {category!r}; '
                               f'categories are {self.categories}')
            ids = self.label2id_dict[category]
            for spans in spans_by_text.values():
                for start, end in spans:
                    if not 0 <= start <= end < text_len:
                        raise InvalidValueError(
                            f'entity span [{start}, {end}] of {category!r} '
                            f'is outside the text (length {text_len})')
                    end = min(end, valid - 1)
                    if start > end:
                        continue
                    self._tag_span(labels, ids, start + 1, end + 1)
        return labels

    def _tag_span(self, labels: list[int], ids: list[int], first: int,
                  last: int) -> None:
        if self.annotation_type == 'bioes' and first == last:
            labels[first] = ids[3]
            return
        labels[first] = ids[0]
        for pos in range(first + 1, last + 1):
            labels[pos] = ids[1]
        if self.annotation_type == 'bioes':
            labels[last] = ids[2]

    def convert_pred2entities(self, preds: torch.Tensor | Sequence[Sequence[int]],
                              masks: torch.Tensor | Sequence[Sequence[int]]
                              ) -> list[list[Entity]]:
        """Tag ids ``(N, max_len)`` (with ``[CLS]`` first) and attention
        masks -> per text, entities ``[category, start, end]`` in character
        offsets. Decoding is strict: an ``I``/``E`` tag that does not
        continue an open entity of its category closes it without emitting
        (BIO emits the open entity then)."""
        preds = torch.as_tensor(preds).long().cpu()
        masks = torch.as_tensor(masks).long().cpu()
        if preds.shape != masks.shape:
            raise InvalidValueError(f'preds {tuple(preds.shape)} and masks '
                                    f'{tuple(masks.shape)} differ in shape')
        tags_batch = (preds * masks)[:, 1:].tolist()
        return [self._decode(tags) for tags in tags_batch]

    def _decode(self, tag_ids: list[int]) -> list[Entity]:
        entities: list[Entity] = []
        current: Entity | None = None  # open entity
        bio = self.annotation_type == 'bio'
        for index, tag_id in enumerate(tag_ids):
            tag = self.id2label.get(tag_id, 'O')
            prefix, _, category = tag.partition('-')
            if prefix == 'I' and current is not None and current[0] == category:
                current[2] = index
                continue
            if prefix == 'E' and current is not None and current[0] == category:
                current[2] = index
                entities.append(current)
                current = None
                continue
            if bio and current is not None:
                entities.append(current)
            current = None
            if prefix == 'B' and category:
                current = [category, index, index]
            elif prefix == 'S' and category:
                entities.append([category, index, index])
        if bio and current is not None:
            entities.append(current)
        return entities
