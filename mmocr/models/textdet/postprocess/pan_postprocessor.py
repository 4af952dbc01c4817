"""PANet postprocessing: pixel aggregation of text pixels to kernels."""
from __future__ import annotations

import cv2
import numpy as np
import torch

from mmocr.registry import POSTPROCESSOR
from mmocr.utils.errors import InvalidValueError

from .base_postprocessor import BasePostprocessor

__all__ = ['PANPostprocessor', 'pixel_group']

# (row, column) offsets of the 4-neighbourhood.
_NEIGHBOURS = ((-1, 0), (1, 0), (0, -1), (0, 1))


def pixel_group(score: np.ndarray, mask: np.ndarray, embedding: np.ndarray,
                kernel_label: np.ndarray, kernel_region_num: int,
                distance_threshold: float
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pixel aggregation: grow each kernel over the text pixels whose
    embedding is close to the kernel's mean embedding.

    The breadth-first search of mmcv's ``pixel_group`` op, run one BFS layer
    at a time with numpy: each step takes the unlabelled text pixels
    4-adjacent to the pixels labelled in the previous step, checks each
    candidate label (the labels of those neighbours) with ``||e(p) -
    G(K)||^2 < distance_threshold`` (``G(K)`` the mean embedding of kernel
    ``K``, squared distance as mmcv), and gives the pixel the passing label
    with the smallest distance (ties: the smaller label). The cost per step
    is proportional to the frontier, the number of steps to the largest
    expansion distance; there is no per-pixel Python loop. It differs from
    a FIFO BFS only in which of two kernels takes a pixel both reach in the
    same step.

    Args:
        score: ``(H, W)`` text probabilities.
        mask: ``(H, W)`` bool text mask.
        embedding: ``(H, W, C)`` embeddings.
        kernel_label: ``(H, W)`` int connected-component labels of the
            kernels (0 background, ``1..kernel_region_num - 1``).
        kernel_region_num: Number of labels including the background (as
            ``cv2.connectedComponents`` returns).
        distance_threshold: Squared-distance threshold.

    Returns:
        ``(labels, mean_scores, areas)``: ``labels`` ``(H, W)`` int32, the
        instance of each pixel (0 none); ``mean_scores`` and ``areas``
        ``(kernel_region_num,)``: mean ``score`` and pixel count of each
        label (index 0: background).
    """
    h, w = mask.shape
    num = int(kernel_region_num)
    labels = np.zeros((h + 2, w + 2), dtype=np.int32)
    inner = labels[1:-1, 1:-1]
    inner[...] = np.where(kernel_label > 0, kernel_label, 0)
    dim = embedding.shape[-1]
    flat_emb = embedding.reshape(-1, dim).astype(np.float64)
    flat_lab = inner.ravel()
    counts = np.bincount(flat_lab, minlength=num)[:num]
    sums = np.zeros((num, dim), dtype=np.float64)
    for k in range(dim):
        sums[:, k] = np.bincount(flat_lab, weights=flat_emb[:, k],
                                 minlength=num)[:num]
    kernel_vec = sums / np.maximum(counts, 1)[:, None]

    # Flat views of the padded maps; the 4 neighbours are index offsets.
    w2 = w + 2
    offsets = np.array([dr * w2 + dc for dr, dc in _NEIGHBOURS])
    lab_flat = labels.ravel()
    # Unlabelled text pixels (the padding is never free).
    free = np.zeros((h + 2, w + 2), dtype=bool)
    free[1:-1, 1:-1] = mask & (inner == 0)
    free = free.ravel()
    emb_pad = np.zeros((h + 2, w + 2, dim), dtype=np.float32)
    emb_pad[1:-1, 1:-1] = embedding
    emb_pad = emb_pad.reshape(-1, dim)
    # The BFS step at which each pixel was labelled (-1: not labelled); the
    # frontier of step ``it`` is ``step == it``.
    labelled = (labels > 0).astype(np.uint8)
    step = np.where(labelled > 0, 0, -1).astype(np.int32).ravel()
    # Seeds: the kernel pixels with a 4-neighbour outside their kernel
    # (inner pixels have no free neighbour).
    cross = cv2.getStructuringElement(cv2.MORPH_CROSS, (3, 3))
    frontier = np.flatnonzero(labelled > cv2.erode(labelled, cross))
    it = 0
    while frontier.size:
        # Candidates: free 4-neighbours of the frontier.
        cand = (frontier[None, :] + offsets[:, None]).ravel()
        cand = cand[free[cand]]
        if not cand.size:
            break
        cand = np.unique(cand)
        cand_emb = emb_pad[cand].astype(np.float64)
        best_dist = np.full(cand.shape, np.inf)
        best_label = np.zeros(cand.shape, dtype=np.int32)
        for off in offsets:
            nb = cand + off
            lab = np.where(step[nb] == it, lab_flat[nb], 0)
            dist = ((cand_emb - kernel_vec[lab]) ** 2).sum(1)
            better = (lab > 0) & (dist < distance_threshold) & (
                (dist < best_dist)
                | ((dist == best_dist) & (lab < best_label)))
            best_dist[better] = dist[better]
            best_label[better] = lab[better]
        got = best_label > 0
        frontier = cand[got]
        lab_flat[frontier] = best_label[got]
        free[frontier] = False
        it += 1
        step[frontier] = it
    out = labels[1:-1, 1:-1]
    areas = np.bincount(out.ravel(), minlength=num)[:num]
    score_sums = np.bincount(out.ravel(), weights=score.ravel(),
                             minlength=num)[:num]
    mean_scores = score_sums / np.maximum(areas, 1)
    return np.ascontiguousarray(out), mean_scores, areas


@POSTPROCESSOR.register_module()
class PANPostprocessor(BasePostprocessor):
    """Decode PANet's maps into text boundaries (MMOCR 0.x's algorithm).

    Text pixels: ``sigmoid(text) > min_text_confidence``; kernels: text
    pixels with ``sigmoid(kernel) > min_kernel_confidence``, split into
    4-connected components; each text pixel joins a kernel by
    :func:`pixel_group` (squared embedding distance below
    ``min_text_avg_confidence``, the threshold MMOCR 0.x passes to mmcv's
    op). An instance is kept when it has at least ``min_text_area`` pixels
    and its mean text score is above ``min_text_avg_confidence``.

    Args:
        text_repr_type: ``'quad'`` or ``'poly'``.
        min_text_confidence: Text probability threshold.
        min_kernel_confidence: Kernel probability threshold.
        min_text_avg_confidence: Minimum mean text score of an instance (and
            the embedding distance threshold).
        min_text_area: Minimum pixel count of an instance.

    Call with ``preds``: ``(C >= 3, H, W)`` logits (text, kernel,
    embedding); it is not modified. Returns a list of ``[x1, y1, ..., xn,
    yn, score]`` in map pixels.
    """

    def __init__(self, text_repr_type: str = 'poly',
                 min_text_confidence: float = 0.5,
                 min_kernel_confidence: float = 0.5,
                 min_text_avg_confidence: float = 0.85,
                 min_text_area: int = 16):
        super().__init__(text_repr_type)
        self.min_text_confidence = min_text_confidence
        self.min_kernel_confidence = min_kernel_confidence
        self.min_text_avg_confidence = min_text_avg_confidence
        self.min_text_area = min_text_area

    def __call__(self, preds: torch.Tensor | np.ndarray) -> list[list[float]]:
        if preds.ndim != 3 or preds.shape[0] < 3:
            raise InvalidValueError('PANPostprocessor expects (C >= 3, H, W) maps '
                                    '(text, kernel, embedding), got shape '
                                    f'{tuple(preds.shape)}')
        preds = self.as_array(preds)
        text_score = self.sigmoid(preds[0])
        kernel_score = self.sigmoid(preds[1])
        text = text_score > self.min_text_confidence
        kernel = (kernel_score > self.min_kernel_confidence) & text
        embeddings = (preds[2:] * text).transpose(1, 2, 0)
        region_num, kernel_labels = cv2.connectedComponents(
            kernel.astype(np.uint8), connectivity=4)
        labels, mean_scores, areas = pixel_group(
            text_score, text, embeddings, kernel_labels, region_num,
            self.min_text_avg_confidence)
        return self.label_boundaries(labels, region_num, areas, mean_scores,
                                     self.min_text_area,
                                     self.min_text_avg_confidence)
