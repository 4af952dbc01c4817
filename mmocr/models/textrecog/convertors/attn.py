"""Label convertor for attention (encoder-decoder) recognizers (SAR)."""
from __future__ import annotations

from typing import Sequence

import torch

from mmocr.registry import CONVERTORS
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

from .base import BaseConvertor

__all__ = ['AttnConvertor']


@CONVERTORS.register_module()
class AttnConvertor(BaseConvertor):
    """Convert between strings and attention-decoder targets / outputs.

    Classes: the dictionary, then ``<UKN>`` (when ``with_unknown``), then
    ``<BOS/EOS>`` (one token when ``start_end_same``, else a start and an end
    token), then ``<PAD>`` (always last: decoders predict
    ``num_classes() - 1`` classes, never padding).

    Args:
        dict_type, dict_file, dict_list: The dictionary (see
            :class:`BaseConvertor`).
        with_unknown: Map out-of-dictionary characters to ``<UKN>``.
        max_seq_len: Length of ``padded_targets`` (start and end included).
        lower: Lower-case the ground truth before encoding.
        start_end_same: Use one token for both start and end of sequence.
    """

    def __init__(self, dict_type: str = 'DICT90', dict_file: str | None = None,
                 dict_list: Sequence[str] | None = None,
                 with_unknown: bool = True, max_seq_len: int = 40,
                 lower: bool = False, start_end_same: bool = True):
        super().__init__(dict_type, dict_file, dict_list)
        if not isinstance(max_seq_len, int) or max_seq_len < 2:
            raise InvalidValueError(
                f'max_seq_len must be an int >= 2, got {max_seq_len!r}')
        for name, value in (('with_unknown', with_unknown), ('lower', lower),
                            ('start_end_same', start_end_same)):
            if not isinstance(value, bool):
                raise InvalidTypeError(f'{name} must be bool, got {value!r}')
        self.with_unknown = with_unknown
        self.max_seq_len = max_seq_len
        self.lower = lower
        self.start_end_same = start_end_same
        self.update_dict()

    def update_dict(self) -> None:
        """Append ``<UKN>``, ``<BOS/EOS>`` and ``<PAD>``."""
        self.unknown_idx = None
        if self.with_unknown:
            self.idx2char.append('<UKN>')
            self.unknown_idx = len(self.idx2char) - 1
        self.idx2char.append('<BOS/EOS>')
        self.start_idx = len(self.idx2char) - 1
        if not self.start_end_same:
            self.idx2char.append('<BOS/EOS>')
        self.end_idx = len(self.idx2char) - 1
        self.idx2char.append('<PAD>')
        self.padding_idx = len(self.idx2char) - 1
        # The same token may appear twice (start/end): keep the first index.
        self.char2idx = {}
        for idx, char in enumerate(self.idx2char):
            self.char2idx.setdefault(char, idx)

    def str2tensor(self, strings: Sequence[str]) -> dict:
        """Encode ground-truth strings.

        Returns:
            dict: ``targets`` (list of N ``LongTensor(L_i)``, characters only)
            and ``padded_targets`` (``LongTensor(N, max_seq_len)``:
            ``[start, c_1, ..., c_L, end, pad, ...]``, cut at
            ``max_seq_len``).
        """
        tensors = [torch.tensor(index, dtype=torch.long)
                   for index in self.str2idx(strings)]
        padded = torch.full((len(tensors), self.max_seq_len), self.padding_idx,
                            dtype=torch.long)
        for i, tensor in enumerate(tensors):
            seq = torch.cat([torch.tensor([self.start_idx]), tensor,
                             torch.tensor([self.end_idx])])[:self.max_seq_len]
            padded[i, :seq.numel()] = seq
        return dict(targets=tensors, padded_targets=padded)

    def tensor2idx(self, outputs: torch.Tensor,
                   img_metas: Sequence[dict] | None = None):
        """Decode per-step class scores, stopping at the end token.

        Args:
            outputs: Class probabilities ``(N, T, C)`` (softmax already
                applied by the decoder at test time).
            img_metas: Unused; kept for a uniform convertor interface.

        Returns:
            ``(indexes, scores)``: per image, the class index and the score of
            each character before the first end token (padding skipped).
        """
        if outputs.dim() != 3:
            raise InvalidValueError(f'expected (N, T, C), got {tuple(outputs.shape)}')
        max_values, max_indexes = outputs.detach().float().max(dim=-1)
        indexes, scores = [], []
        for idx_row, val_row in zip(max_indexes.cpu().tolist(),
                                    max_values.cpu().tolist()):
            str_index, str_score = [], []
            for char_index, char_score in zip(idx_row, val_row):
                if char_index == self.padding_idx:
                    continue
                if char_index == self.end_idx:
                    break
                str_index.append(char_index)
                str_score.append(char_score)
            indexes.append(str_index)
            scores.append(str_score)
        return indexes, scores
