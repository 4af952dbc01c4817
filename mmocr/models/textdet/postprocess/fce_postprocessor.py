"""FCENet's postprocessor: Fourier coefficient maps -> scored polygons."""
from __future__ import annotations

from typing import Sequence

import cv2
import numpy as np
import torch

from mmocr.registry import POSTPROCESSOR
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

from .base_postprocessor import BasePostprocessor
from .utils import fill_hole, fourier2poly, poly_nms

__all__ = ['FCEPostprocessor']


@POSTPROCESSOR.register_module()
class FCEPostprocessor(BasePostprocessor):
    """Decode one FCENet level (MMOCR 0.x).

    The score of a pixel is ``p_text ** alpha * p_center ** beta`` (softmax
    of the two class pairs). Pixels above ``score_thr`` (holes filled) form
    8-connected text regions; every pixel of a region with a positive score
    predicts a polygon: its Fourier coefficients (``c_0`` made absolute by
    adding the pixel position ``x + 1j * y``), scaled by ``scale`` and
    reconstructed with ``num_reconstr_points`` points by
    :func:`~mmocr.models.textdet.postprocess.utils.fourier2poly`. Polygons
    are suppressed (:func:`~mmocr.models.textdet.postprocess.utils.poly_nms`,
    ``nms_thr``) within each region, then across regions.

    Args:
        fourier_degree: The maximum Fourier degree ``K``.
        num_reconstr_points: Points of each reconstructed polygon.
        text_repr_type: ``'poly'`` or ``'quad'`` (the minimum-area rectangle
            of each kept polygon).
        alpha: Exponent of the text-region probability.
        beta: Exponent of the text-center probability.
        score_thr: Score threshold of text pixels.
        nms_thr: IoU threshold of the polygon NMS.
    """

    def __init__(self, fourier_degree: int, num_reconstr_points: int,
                 text_repr_type: str = 'poly', alpha: float = 1.0,
                 beta: float = 2.0, score_thr: float = 0.3,
                 nms_thr: float = 0.1):
        super().__init__(text_repr_type)
        if not isinstance(fourier_degree, int) or fourier_degree < 1:
            raise InvalidValueError('FCEPostprocessor: fourier_degree must be an '
                                    f'int >= 1, got {fourier_degree!r}')
        if (not isinstance(num_reconstr_points, int)
                or num_reconstr_points <= 2 * fourier_degree):
            raise InvalidValueError(
                'FCEPostprocessor: num_reconstr_points must be an int > 2 * '
                f'fourier_degree = {2 * fourier_degree}, got '
                f'{num_reconstr_points!r}')
        self.fourier_degree = fourier_degree
        self.num_reconstr_points = num_reconstr_points
        self.alpha = alpha
        self.beta = beta
        self.score_thr = score_thr
        self.nms_thr = nms_thr

    def __call__(self, preds: Sequence[torch.Tensor],
                 scale: float) -> list[list[float]]:
        """
        Args:
            preds: ``[cls, reg]`` of one image: ``cls`` ``(4, H, W)`` logits
                (text region pair, then text center pair), ``reg`` ``(4K +
                2, H, W)`` (the ``2K + 1`` real parts, then the imaginary
                parts); a leading batch dim of 1 is allowed.
            scale: The level's stride (input pixels per map pixel).

        Returns:
            ``[x1, y1, ..., xn, yn, score]`` per text, in input pixels.
        """
        if not isinstance(preds, (list, tuple)) or len(preds) != 2:
            raise InvalidTypeError('FCEPostprocessor expects [cls_pred, reg_pred], '
                                   f'got {type(preds).__name__}')
        cls_pred, reg_pred = (p.detach()[0] if p.dim() == 4 else p.detach()
                              for p in preds)
        k = self.fourier_degree
        if cls_pred.shape[0] != 4 or reg_pred.shape[0] != 4 * k + 2:
            raise InvalidValueError(
                f'FCEPostprocessor: expected 4 class maps and {4 * k + 2} '
                f'regression maps (fourier_degree={k}), got '
                f'{cls_pred.shape[0]} and {reg_pred.shape[0]}')
        tr_pred = cls_pred[0:2].float().softmax(dim=0)[1].cpu().numpy()
        tcl_pred = cls_pred[2:4].float().softmax(dim=0)[1].cpu().numpy()
        reg = reg_pred.float().permute(1, 2, 0).cpu().numpy()
        x_pred, y_pred = reg[..., :2 * k + 1], reg[..., 2 * k + 1:]

        score_pred = (tr_pred**self.alpha) * (tcl_pred**self.beta)
        tr_mask = fill_hole(score_pred > self.score_thr)
        num_labels, labels = cv2.connectedComponents(
            tr_mask.astype(np.uint8), connectivity=8)
        boundaries = []
        for label in range(1, num_labels):
            region = (labels == label) & (score_pred > 0)
            ys, xs = np.nonzero(region)
            coeff = x_pred[region] + 1j * y_pred[region]
            coeff[:, k] += xs + 1j * ys
            coeff *= scale
            polygons = fourier2poly(coeff, self.num_reconstr_points)
            scored = np.hstack([polygons, score_pred[region][:, None]])
            boundaries += poly_nms(scored.tolist(), self.nms_thr)
        boundaries = poly_nms(boundaries, self.nms_thr)
        if self.text_repr_type == 'quad':
            boundaries = [self._to_quad(b) for b in boundaries]
        return boundaries

    @staticmethod
    def _to_quad(boundary: list[float]) -> list[float]:
        """The minimum-area rectangle of ``[x1, y1, ..., score]`` (int
        corners), with its score."""
        pts = np.asarray(boundary[:-1], dtype=np.float32).reshape(-1, 2)
        quad = cv2.boxPoints(cv2.minAreaRect(pts)).astype(np.int32)
        return quad.reshape(-1).astype(np.float64).tolist() + [boundary[-1]]

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(fourier_degree={self.fourier_degree}, '
                f'num_reconstr_points={self.num_reconstr_points}, '
                f'text_repr_type={self.text_repr_type!r}, alpha={self.alpha}, '
                f'beta={self.beta}, score_thr={self.score_thr}, '
                f'nms_thr={self.nms_thr})')
