"""Key information extraction metrics: per-class and macro F1 of node
classification."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import torch

from mmocr.utils.errors import InvalidValueError

__all__ = ['compute_f1_score', 'compute_macro_f1']


def compute_f1_score(preds: torch.Tensor, gts: torch.Tensor,
                     ignores: Sequence[int] = []) -> np.ndarray:
    """Per-class F1 of the arg-max predictions.

    Args:
        preds (Tensor): ``(N, C)`` class probabilities or scores.
        gts (Tensor): ``(N,)`` integer labels in ``[0, C)``.
        ignores (list[int]): Classes left out of the report (their samples
            still count as wrong predictions for the other classes).

    Returns:
        np.ndarray: F1 of each class not in ``ignores``, in class order. A
        class with no sample and no prediction scores 0.
    """
    if not isinstance(preds, torch.Tensor) or preds.dim() != 2:
        raise InvalidValueError('preds must be an (N, C) tensor, got '
                                f'{getattr(preds, "shape", type(preds))}')
    gts = torch.as_tensor(gts).reshape(-1).long().to(preds.device)
    if gts.numel() != preds.size(0):
        raise InvalidValueError(f'{preds.size(0)} predictions but {gts.numel()} '
                                'ground truth labels')
    num_classes = preds.size(1)
    if gts.numel() and (gts.min() < 0 or gts.max() >= num_classes):
        raise InvalidValueError(f'ground truth labels must be in [0, {num_classes}), '
                                f'got range [{int(gts.min())}, {int(gts.max())}]')
    bad = [c for c in ignores if not 0 <= c < num_classes]
    if bad:
        raise InvalidValueError(f'ignored classes {bad} are not in [0, {num_classes})')
    hist = torch.bincount(gts * num_classes + preds.argmax(dim=1),
                          minlength=num_classes**2).view(
                              num_classes, num_classes).float()
    true_pos = hist.diag()
    recalls = true_pos / hist.sum(dim=1).clamp(min=1)
    precisions = true_pos / hist.sum(dim=0).clamp(min=1)
    f1 = 2 * recalls * precisions / (recalls + precisions).clamp(min=1e-8)
    kept = sorted(set(range(num_classes)) - set(ignores))
    return f1[torch.as_tensor(kept, dtype=torch.long,
                              device=f1.device)].cpu().numpy()


def compute_macro_f1(preds: torch.Tensor, gts: torch.Tensor,
                     ignores: Sequence[int] = []) -> float:
    """Mean of :func:`compute_f1_score` over the reported classes (KIE's
    ``macro_f1``)."""
    f1 = compute_f1_score(preds, gts, ignores)
    if f1.size == 0:
        raise InvalidValueError('every class is ignored: macro F1 is undefined')
    return float(f1.mean())
