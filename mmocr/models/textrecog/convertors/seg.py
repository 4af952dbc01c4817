"""Label convertor for segmentation-based recognizers (SegOCR)."""
from __future__ import annotations

from typing import Sequence

import cv2
import numpy as np
import torch

from mmocr.registry import CONVERTORS
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

from .base import BaseConvertor

__all__ = ['SegConvertor']


@CONVERTORS.register_module()
class SegConvertor(BaseConvertor):
    """Convert between characters and the classes of a character
    segmentation map, and read a predicted map as text.

    Classes: ``<BG>`` (background, index 0), the dictionary, then ``<UKN>``
    when ``with_unknown``.

    Reading a map (:meth:`tensor2idx`, MMOCR 0.x's rule): per image, the
    arg-max class of each pixel of the valid columns; the connected
    components (8-connectivity) of the non-background pixels; each
    component's class is its most frequent one (the lowest index on ties),
    its score that class's share of the component's pixels. Components whose
    majority class is background, or covers fewer than ``min_char_area``
    pixels, or is ``<UKN>`` are dropped (0.x read ``<UKN>`` as an empty
    character but kept its score; here text and scores stay aligned); the
    rest are read left to right by their centroids.

    Args:
        dict_type, dict_file, dict_list: The dictionary (see
            :class:`BaseConvertor`).
        with_unknown: Map out-of-dictionary characters to ``<UKN>``.
        lower: Lower-case the ground truth before encoding.
    """

    #: A component's majority class must cover at least this many pixels.
    min_char_area = 20

    def __init__(self, dict_type: str = 'DICT36', dict_file: str | None = None,
                 dict_list: Sequence[str] | None = None,
                 with_unknown: bool = True, lower: bool = False):
        super().__init__(dict_type, dict_file, dict_list)
        for name, value in (('with_unknown', with_unknown), ('lower', lower)):
            if not isinstance(value, bool):
                raise InvalidTypeError(f'{name} must be bool, got {value!r}')
        self.with_unknown = with_unknown
        self.lower = lower
        self.update_dict()

    def update_dict(self) -> None:
        """Insert ``<BG>`` at index 0 and append ``<UKN>`` if requested."""
        self.idx2char.insert(0, '<BG>')
        self.unknown_idx = None
        if self.with_unknown:
            self.idx2char.append('<UKN>')
            self.unknown_idx = len(self.idx2char) - 1
        self._build_char2idx()

    def read_map(self, seg_res: np.ndarray) -> tuple[list[int], list[float]]:
        """Read one arg-max class map ``(H, W)`` (int) as class indexes and
        scores, left to right (see the class docstring)."""
        num_classes = self.num_classes()
        foreground = (seg_res != 0).astype(np.uint8)
        num_labels, labels, _, centroids = cv2.connectedComponentsWithStats(
            foreground, connectivity=8)
        # counts[k, c]: pixels of class c in component k (0: background)
        counts = np.bincount(
            labels.ravel().astype(np.int64) * num_classes + seg_res.ravel(),
            minlength=num_labels * num_classes).reshape(num_labels,
                                                        num_classes)
        best = counts.argmax(axis=1)
        best_num = counts[np.arange(num_labels), best]
        keep = (best > 0) & (best_num >= self.min_char_area)
        if self.unknown_idx is not None:
            keep &= best != self.unknown_idx
        keep[0] = False
        comps = np.flatnonzero(keep)
        comps = comps[np.argsort(centroids[comps, 0], kind='stable')]
        scores = best_num[comps] / counts[comps].sum(axis=1)
        return best[comps].tolist(), scores.tolist()

    def tensor2idx(self, output: torch.Tensor,
                   img_metas: Sequence[dict] | None = None
                   ) -> tuple[list[list[int]], list[list[float]]]:
        """Read predicted maps as text.

        Args:
            output: Class scores ``(N, C, H, W)`` (``C = num_classes()``).
            img_metas: N dicts; ``valid_ratio`` (default 1) keeps the first
                ``int(W * valid_ratio + 1)`` columns (0.x's rule), the rest
                being batch padding.

        Returns:
            ``(indexes, scores)``: per image, the class index and the score
            of each character read.
        """
        if output.dim() != 4 or output.size(1) != self.num_classes():
            raise InvalidValueError(
                f'expected class maps (N, {self.num_classes()}, H, W), got '
                f'{tuple(output.shape)}')
        if img_metas is not None and len(img_metas) != output.size(0):
            raise InvalidValueError(f'{len(img_metas)} img_metas for a batch '
                                    f'of {output.size(0)}')
        seg_res = output.detach().argmax(dim=1).cpu().numpy().astype(np.int64)
        width = output.size(-1)
        indexes, scores = [], []
        for b, res in enumerate(seg_res):
            ratio = 1.0 if img_metas is None else float(
                img_metas[b].get('valid_ratio', 1.0))
            valid_width = int(width * ratio + 1)
            index, score = self.read_map(res[:, :valid_width])
            indexes.append(index)
            scores.append(score)
        return indexes, scores
