"""Label convertor for CTC-trained recognizers (CRNN)."""
from __future__ import annotations

from typing import Sequence

import torch
import torch.nn.functional as F

from mmocr.models.common.valid_steps import get_valid_ratios, valid_steps
from mmocr.registry import CONVERTORS
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

from .base import BaseConvertor

__all__ = ['CTCConvertor']


@CONVERTORS.register_module()
class CTCConvertor(BaseConvertor):
    """Convert between strings and CTC targets / outputs.

    Class 0 is the CTC blank ``<BLK>``; the dictionary follows; ``<UKN>`` is
    appended when ``with_unknown`` (otherwise unknown characters are skipped
    and counted, see :class:`BaseConvertor`).

    Args:
        dict_type, dict_file, dict_list: The dictionary (see
            :class:`BaseConvertor`).
        with_unknown: Map out-of-dictionary characters to ``<UKN>``.
        lower: Lower-case the ground truth before encoding.
    """

    def __init__(self, dict_type: str = 'DICT90', dict_file: str | None = None,
                 dict_list: Sequence[str] | None = None,
                 with_unknown: bool = True, lower: bool = False):
        super().__init__(dict_type, dict_file, dict_list)
        if not isinstance(with_unknown, bool) or not isinstance(lower, bool):
            raise InvalidTypeError('with_unknown and lower must be bool')
        self.with_unknown = with_unknown
        self.lower = lower
        self.update_dict()

    def update_dict(self) -> None:
        """Insert ``<BLK>`` at index 0 and append ``<UKN>`` if requested."""
        self.blank_idx = 0
        self.idx2char.insert(0, '<BLK>')
        self.unknown_idx = None
        if self.with_unknown:
            self.idx2char.append('<UKN>')
            self.unknown_idx = len(self.idx2char) - 1
        self._build_char2idx()

    def str2tensor(self, strings: Sequence[str]) -> dict:
        """Encode ground-truth strings.

        Returns:
            dict: ``targets`` (list of N ``LongTensor(L_i)``),
            ``flatten_targets`` (``LongTensor(sum L_i)``) and
            ``target_lengths`` (``LongTensor(N)``).
        """
        tensors = [torch.tensor(index, dtype=torch.long)
                   for index in self.str2idx(strings)]
        target_lengths = torch.tensor([len(t) for t in tensors],
                                      dtype=torch.long)
        flatten_targets = (torch.cat(tensors) if tensors else
                           torch.zeros(0, dtype=torch.long))
        return dict(targets=tensors, flatten_targets=flatten_targets,
                    target_lengths=target_lengths)

    @staticmethod
    def valid_steps(output: torch.Tensor,
                    img_metas: Sequence[dict] | None = None) -> list[int]:
        """Per image of logits ``(N, T, C)``, the steps that read the image
        rather than batch padding: ``ceil(T * valid_ratio)``, in [1, T]
        (:func:`~mmocr.models.common.valid_steps.valid_steps`;
        ``valid_ratio`` defaults to 1)."""
        return valid_steps(output.shape[1],
                           get_valid_ratios(img_metas, output.shape[0])).tolist()

    def tensor2idx(self, output: torch.Tensor, img_metas: Sequence[dict] | None = None,
                   topk: int = 1, return_topk: bool = False):
        """Greedy CTC decoding: best class per step, merge repeats, drop blanks.

        Args:
            output: Logits ``(N, T, C)``.
            img_metas: N dicts; ``valid_ratio`` (default 1) limits decoding to
                the first ``ceil(T * valid_ratio)`` steps (padding excluded).
            topk: Number of candidates kept per emitted character.
            return_topk: Return the top-k indexes/scores instead of top-1.

        Returns:
            ``(indexes, scores)``: per image, the class index and the softmax
            probability of each emitted character (lists of lists of
            ``topk`` values when ``return_topk``).
        """
        if output.dim() != 3:
            raise InvalidValueError(
                f'expected logits (N, T, C), got {tuple(output.shape)}')
        batch_size, seq_len, num_classes = output.shape
        if img_metas is not None and len(img_metas) != batch_size:
            raise InvalidValueError(f'{len(img_metas)} img_metas for a batch of '
                                    f'{batch_size}')
        if not 1 <= topk <= num_classes:
            raise InvalidValueError(f'topk must be in [1, {num_classes}], got {topk}')
        steps = self.valid_steps(output, img_metas)
        probs = F.softmax(output.detach().float(), dim=2).cpu()
        topk_values, topk_indexes = probs.topk(topk, dim=2)
        best = topk_indexes[:, :, 0]
        # A step emits when its class is not blank and differs from the
        # previous step's class.
        previous = torch.cat(
            [torch.full((batch_size, 1), self.blank_idx, dtype=best.dtype),
             best[:, :-1]], dim=1)
        emit = (best != self.blank_idx) & (best != previous)
        indexes, scores = [], []
        for b in range(batch_size):
            emitted = emit[b, :steps[b]].nonzero(as_tuple=True)[0]
            idx = topk_indexes[b, emitted].tolist()
            val = topk_values[b, emitted].tolist()
            if return_topk:
                indexes.append(idx)
                scores.append(val)
            else:
                indexes.append([i[0] for i in idx])
                scores.append([v[0] for v in val])
        return indexes, scores
