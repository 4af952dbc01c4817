"""Label convertor of ABINet (MMOCR 0.x's ``ABIConvertor``)."""
from __future__ import annotations

from typing import Sequence

import torch

from mmocr.registry import CONVERTORS
from mmocr.utils.errors import InvalidTypeError

from .attn import AttnConvertor

__all__ = ['ABIConvertor']


@CONVERTORS.register_module()
class ABIConvertor(AttnConvertor):
    """:class:`AttnConvertor` whose ``targets`` end with the end token and fit
    in ``max_seq_len``: ABINet reads every position in parallel and is
    scored on the characters and the ``<EOS>`` that follows them.

    Args:
        dict_type, dict_file, dict_list, with_unknown, max_seq_len, lower,
            start_end_same: As :class:`AttnConvertor`.
        with_padding: Set in MMOCR 0.x's ABINet configs (``False``), where
            the convertor ignored it: ``<PAD>`` is still the last class (the
            models predict ``num_classes() - 1`` classes, never padding).
    """

    def __init__(self, dict_type: str = 'DICT90', dict_file: str | None = None,
                 dict_list: Sequence[str] | None = None,
                 with_unknown: bool = True, max_seq_len: int = 40,
                 lower: bool = False, start_end_same: bool = True,
                 with_padding: bool = False):
        if not isinstance(with_padding, bool):
            raise InvalidTypeError(f'with_padding must be bool, got '
                                   f'{with_padding!r}')
        super().__init__(dict_type, dict_file, dict_list, with_unknown,
                         max_seq_len, lower, start_end_same)

    def str2tensor(self, strings: Sequence[str]) -> dict:
        """Encode ground-truth strings.

        Returns:
            dict: ``targets`` (N ``LongTensor``: at most ``max_seq_len - 1``
            characters, then ``end_idx``) and ``padded_targets``
            (``LongTensor(N, max_seq_len)``: ``[start, *targets, pad, ...]``
            cut at ``max_seq_len``).
        """
        tensors = [torch.tensor(index[:self.max_seq_len - 1] + [self.end_idx],
                                dtype=torch.long)
                   for index in self.str2idx(strings)]
        padded = torch.full((len(tensors), self.max_seq_len), self.padding_idx,
                            dtype=torch.long)
        for i, tensor in enumerate(tensors):
            seq = torch.cat([torch.tensor([self.start_idx]),
                             tensor])[:self.max_seq_len]
            padded[i, :seq.numel()] = seq
        return dict(targets=tensors, padded_targets=padded)
