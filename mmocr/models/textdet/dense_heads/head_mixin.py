"""Loss and postprocessing shared by the text detection heads."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import torch

from mmocr.models.builder import build_loss, build_postprocessor

__all__ = ['HeadMixin']


class HeadMixin:
    """Gives a head ``loss`` (via ``loss_module``), ``get_boundary`` (via
    ``postprocessor``) and ``resize_boundary``.

    The host class sets ``downsample_ratio`` (prediction map size / input
    size).
    """

    downsample_ratio: float

    def __init__(self, loss: dict, postprocessor: dict):
        if not isinstance(loss, dict) or not isinstance(postprocessor, dict):
            raise TypeError('loss and postprocessor must be config dicts')
        self.loss_module = build_loss(loss)
        self.postprocessor = build_postprocessor(postprocessor)

    @staticmethod
    def resize_boundary(boundaries: list[list[float]],
                        scale_factor: Sequence[float] | np.ndarray
                        ) -> list[list[float]]:
        """Scale boundaries ``[x1, y1, ..., xn, yn, score]`` in place by
        ``scale_factor`` ``(w_scale, h_scale, w_scale, h_scale)``."""
        scale_factor = np.asarray(scale_factor, dtype=np.float64).reshape(-1)
        if scale_factor.shape[0] != 4:
            raise ValueError('scale_factor must have 4 values (w, h, w, h), '
                             f'got {scale_factor.tolist()}')
        for b in boundaries:
            num_coords = len(b) - 1
            if num_coords < 8 or num_coords % 2:
                raise ValueError('a boundary needs >= 4 (x, y) points and a '
                                 f'score, got {len(b)} values')
            coords = np.asarray(b[:num_coords], dtype=np.float64).reshape(-1, 2)
            b[:num_coords] = (coords * scale_factor[:2]).ravel().tolist()
        return boundaries

    def get_boundary(self, score_maps: torch.Tensor, img_metas: list[dict],
                     rescale: bool) -> dict:
        """Decode one image's maps into ``dict(boundary_result=[...])``.

        Args:
            score_maps: ``(C, H, W)`` or ``(1, C, H, W)`` head output of one
                image.
            img_metas: A one-element list with the image's meta dict.
            rescale: Map boundaries back to the original image with
                ``1 / (downsample_ratio * img_metas[0]['scale_factor'])``.
        """
        if not isinstance(img_metas, (list, tuple)) or not all(
                isinstance(m, dict) for m in img_metas):
            raise TypeError('img_metas must be a list of dicts')
        if score_maps.dim() == 4:
            if score_maps.size(0) != 1:
                raise ValueError('get_boundary decodes one image at a time, '
                                 f'got a batch of {score_maps.size(0)}')
            score_maps = score_maps[0]
        boundaries = self.postprocessor(score_maps)
        if rescale:
            if 'scale_factor' not in img_metas[0]:
                raise KeyError("rescale=True needs 'scale_factor' in img_metas")
            scale = np.asarray(img_metas[0]['scale_factor'], dtype=np.float64)
            if scale.size == 1:
                scale = np.repeat(scale.reshape(1), 4)
            boundaries = self.resize_boundary(
                boundaries, 1.0 / self.downsample_ratio / scale)
        results = dict(boundary_result=boundaries)
        if 'filename' in img_metas[0]:
            results['filename'] = img_metas[0]['filename']
        return results

    def loss(self, pred_maps: torch.Tensor, **kwargs) -> dict:
        """Losses of ``pred_maps`` against the gt fields in ``kwargs``."""
        return self.loss_module(pred_maps, self.downsample_ratio, **kwargs)
