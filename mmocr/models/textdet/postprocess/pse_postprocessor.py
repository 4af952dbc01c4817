"""PSENet postprocessing: progressive scale expansion of the kernels."""
from __future__ import annotations

import cv2
import numpy as np
import torch

from mmocr.registry import POSTPROCESSOR
from mmocr.utils.errors import InvalidValueError

from .base_postprocessor import BasePostprocessor

__all__ = ['PSEPostprocessor', 'contour_expand']

# (row, column) offsets of the 4-neighbourhood, in the search's order.
_NEIGHBOURS = ((-1, 0), (1, 0), (0, -1), (0, 1))


def contour_expand(kernel_masks: np.ndarray, kernel_label: np.ndarray,
                   min_kernel_area: int, kernel_num: int) -> np.ndarray:
    """Progressive scale expansion (PSENet's Algorithm 1).

    The labelled components of the smallest kernel grow, kernel map by
    kernel map from ``kernel_masks[-2]`` to ``kernel_masks[0]``, over the
    unlabelled pixels of each map, by the queue-based breadth-first search of
    PSENet's ``pse`` (mmcv's ``contour_expand`` op, run on the map of each
    level): FIFO order, 4-neighbours visited up, down, left, right, so a
    pixel two components reach goes to the one that gets there first. At
    each level the search starts from the pixels that expanded nothing at
    the previous level (all seeds at the first), in the order they were
    visited.

    It runs one BFS layer at a time with numpy: for each pixel of the
    frontier (in queue order) and each direction, the free neighbours; a
    neighbour goes to the frontier pixel that comes first in the queue (the
    smallest ``position * 4 + direction``), and the next frontier is the
    winners sorted by that key, which is the FIFO queue's order. The cost per
    step is proportional to the frontier; there is no per-pixel Python loop.

    mmcv's op never scales its per-level offsets into ``kernel_masks`` (they
    stay 0), so it expands over ``kernel_masks[0]`` at every level; this
    function uses each level's own map, as PSENet's algorithm does.

    Args:
        kernel_masks: ``(K, H, W)`` uint8/bool kernel maps, largest (the
            text region) first.
        kernel_label: ``(H, W)`` int connected-component labels of the seeds
            (usually ``kernel_masks[-1]``'s), 0 background.
        min_kernel_area: Seed components with fewer pixels are dropped.
        kernel_num: Number of labels including the background (as
            ``cv2.connectedComponents`` returns).

    Returns:
        ``(H, W)`` int32 labels (0: no instance).
    """
    kernel_masks = np.asarray(kernel_masks)
    if kernel_masks.ndim != 3:
        raise InvalidValueError('kernel_masks must be (K, H, W), got shape '
                                f'{kernel_masks.shape}')
    num_maps, h, w = kernel_masks.shape
    if kernel_label.shape != (h, w):
        raise InvalidValueError(f'kernel_label has shape {kernel_label.shape}, '
                                f'the kernel maps {(h, w)}')
    seeds = np.asarray(kernel_label).astype(np.int32)
    areas = np.bincount(seeds.ravel(), minlength=int(kernel_num))
    keep = areas >= min_kernel_area
    keep[0] = False
    seeds = np.where(keep[seeds], seeds, 0)

    # Padded flat maps: a 1-pixel border that is never free makes the 4
    # neighbours plain index offsets.
    w2 = w + 2
    offsets = np.array([dr * w2 + dc for dr, dc in _NEIGHBOURS])
    labels = np.zeros((h + 2, w2), np.int32)
    labels[1:-1, 1:-1] = seeds
    lab_flat = labels.ravel()
    # Queue of the first level: all seed pixels in raster order.
    queue = np.flatnonzero(lab_flat)
    level_map = np.zeros((h + 2, w2), bool)
    for level in range(num_maps - 2, -1, -1):
        level_map[1:-1, 1:-1] = kernel_masks[level] > 0
        free = level_map.ravel() & (lab_flat == 0)
        edges = []
        frontier = queue
        while frontier.size:
            # (position in the queue) * 4 + direction, for each free
            # neighbour: the smallest key wins a neighbour.
            cand = frontier[:, None] + offsets[None, :]
            keys = np.arange(cand.size).reshape(cand.shape)
            ok = free[cand]
            # Row-major masking keeps the keys sorted, so the first
            # occurrence of a neighbour has its smallest key.
            cand, keys = cand[ok], keys[ok]
            _, first = np.unique(cand, return_index=True)
            first.sort()
            won, won_keys = cand[first], keys[first]
            parents = won_keys // 4
            expanded = np.zeros(frontier.size, bool)
            expanded[parents] = True
            edges.append(frontier[~expanded])
            lab_flat[won] = lab_flat[frontier[parents]]
            free[won] = False
            frontier = won
        queue = np.concatenate(edges) if edges else queue
    return np.ascontiguousarray(labels[1:-1, 1:-1])


@POSTPROCESSOR.register_module()
class PSEPostprocessor(BasePostprocessor):
    """Decode PSENet's maps into text boundaries (MMOCR 0.x's algorithm).

    All maps are binarised at ``sigmoid > min_kernel_confidence`` and
    intersected with the text map (channel 0); the 4-connected components of
    the smallest kernel (the last channel) are the instances, grown by
    :func:`contour_expand` over the kernels and the text map. An instance is
    kept when it has at least ``min_text_area`` pixels and its mean text
    probability is above ``min_text_avg_confidence``.

    Args:
        text_repr_type: ``'quad'`` or ``'poly'``.
        min_kernel_confidence: Probability threshold of every map.
        min_text_avg_confidence: Minimum mean text probability of an
            instance.
        min_kernel_area: Minimum pixel count of a seed kernel.
        min_text_area: Minimum pixel count of an instance.

    Call with ``preds``: ``(K >= 2, H, W)`` logits (text, then the kernels,
    largest first); it is not modified. Returns a list of ``[x1, y1, ...,
    xn, yn, score]`` in map pixels (``[]`` when no text).
    """

    def __init__(self, text_repr_type: str = 'poly',
                 min_kernel_confidence: float = 0.5,
                 min_text_avg_confidence: float = 0.85,
                 min_kernel_area: int = 0, min_text_area: int = 16):
        super().__init__(text_repr_type)
        for name, value in (('min_kernel_confidence', min_kernel_confidence),
                            ('min_text_avg_confidence',
                             min_text_avg_confidence)):
            if not 0 <= value <= 1:
                raise InvalidValueError(f'PSEPostprocessor: {name} must be in [0, '
                                        f'1], got {value!r}')
        for name, value in (('min_kernel_area', min_kernel_area),
                            ('min_text_area', min_text_area)):
            if not isinstance(value, int):
                raise InvalidValueError(f'PSEPostprocessor: {name} must be an int, '
                                        f'got {value!r}')
        self.min_kernel_confidence = min_kernel_confidence
        self.min_text_avg_confidence = min_text_avg_confidence
        self.min_kernel_area = min_kernel_area
        self.min_text_area = min_text_area

    def __call__(self, preds: torch.Tensor | np.ndarray) -> list[list[float]]:
        if preds.ndim != 3 or preds.shape[0] < 2:
            raise InvalidValueError('PSEPostprocessor expects (K >= 2, H, W) maps '
                                    '(text, then kernels), got shape '
                                    f'{tuple(preds.shape)}')
        probs = self.sigmoid(self.as_array(preds))
        score = probs[0]
        masks = probs > self.min_kernel_confidence
        kernel_masks = (masks & masks[0]).astype(np.uint8)
        region_num, seeds = cv2.connectedComponents(kernel_masks[-1],
                                                    connectivity=4)
        labels = contour_expand(kernel_masks, seeds, self.min_kernel_area,
                                region_num)
        flat = labels.ravel()
        areas = np.bincount(flat, minlength=region_num)
        mean_scores = np.bincount(flat, weights=score.ravel(),
                                  minlength=region_num) / np.maximum(areas, 1)
        return self.label_boundaries(labels, region_num, areas, mean_scores,
                                     self.min_text_area,
                                     self.min_text_avg_confidence)
