"""DRRG's postprocessing: linkage scores -> graph -> connected components ->
one boundary per text."""
from __future__ import annotations

import numpy as np

from mmocr.registry import POSTPROCESSOR
from mmocr.utils.errors import InvalidValueError

from .base_postprocessor import BasePostprocessor
from .utils import comps2boundaries, comps_labels, link_scores, remove_single

__all__ = ['DRRGPostprocessor']


@POSTPROCESSOR.register_module()
class DRRGPostprocessor(BasePostprocessor):
    """Merge DRRG's text components into texts (MMOCR 0.x).

    ``__call__(edges (E, 2), scores (E,), text_comps (n, 9))`` ->
    boundaries ``[x1, y1, ..., xk, yk, score]`` (polygons; score the mean
    component score): edge scores averaged per component pair
    (:func:`~.utils.link_scores`), components linked by pairs scoring at
    least ``link_thr`` clustered (connected components), clusters of a
    single component dropped (:func:`~.utils.remove_single`), one boundary
    per cluster (:func:`~.utils.comps2boundaries`): MMOCR 0.x's
    ``graph_propagation``, ``connected_components``, ``remove_single`` and
    ``comps2boundaries`` on arrays.

    Args:
        link_thr: Linkage score threshold.
        edge_len_thr: Edges longer than this (pixels) score 0.
        text_repr_type: ``'poly'`` (DRRG gives polygons).
    """

    def __init__(self, link_thr: float, edge_len_thr: float = 50.0,
                 text_repr_type: str = 'poly'):
        super().__init__(text_repr_type)
        if not 0 <= link_thr <= 1:
            raise InvalidValueError('DRRGPostprocessor: link_thr must be in [0, 1], '
                                    f'got {link_thr!r}')
        self.link_thr = float(link_thr)
        self.edge_len_thr = float(edge_len_thr)

    def __call__(self, edges: np.ndarray, scores: np.ndarray,
                 text_comps: np.ndarray) -> list[list[float]]:
        text_comps = np.asarray(text_comps, dtype=np.float64)
        if text_comps.ndim != 2 or text_comps.shape[1] != 9:
            raise InvalidValueError('DRRGPostprocessor: text_comps must be (n, 9), '
                                    f'got shape {text_comps.shape}')
        if len(edges) == 0 or len(text_comps) == 0:
            return []
        pairs, pair_scores = link_scores(edges, scores, text_comps,
                                         self.edge_len_thr)
        labels = comps_labels(pairs, pair_scores, len(text_comps),
                              self.link_thr)
        return comps2boundaries(*remove_single(text_comps, labels))

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(link_thr={self.link_thr}, '
                f'edge_len_thr={self.edge_len_thr})')
