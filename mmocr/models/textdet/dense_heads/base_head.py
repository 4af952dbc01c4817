"""The base of the text detection heads: loss, postprocessing and the
mapping of boundaries back to the input image."""
from __future__ import annotations

import warnings
from typing import Sequence

import numpy as np
import torch

from mmocr.models.builder import build_loss, build_postprocessor
from mmocr.models.common.layers.weight_init import BaseModule
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

__all__ = ['BaseTextDetHead', 'HeadMixin']


class BaseTextDetHead(BaseModule):
    """A text detection head: ``forward`` (the subclass's) maps features to
    score maps; this class builds the loss (``loss_module``) and the
    postprocessor from their configs and gives ``loss``, ``get_boundary``
    and ``resize_boundary``.

    Args:
        loss: Config of the loss; it is called as
            ``loss_module(pred_maps, downsample_ratio, **gt_fields)``.
        postprocessor: Config of the postprocessor; it turns one image's
            ``(C, H, W)`` maps into boundaries ``[x1, y1, ..., score]``.
        downsample_ratio: Prediction map size / input image size.
        train_cfg: Kept as ``self.train_cfg`` for the subclass.
        test_cfg: Kept as ``self.test_cfg`` for the subclass.
        text_repr_type, decoding_type: MMOCR 0.x's deprecated head arguments
            (a warning; ``text_repr_type`` is moved into ``postprocessor``),
            for the subclasses that accepted them in 0.x.
    """

    def __init__(self, loss: dict, postprocessor: dict,
                 downsample_ratio: float = 1.0,
                 train_cfg: dict | None = None,
                 test_cfg: dict | None = None,
                 text_repr_type: str | None = None,
                 decoding_type: str | None = None):
        if not isinstance(loss, dict) or not isinstance(postprocessor, dict):
            raise InvalidTypeError(f'{type(self).__name__}: loss and postprocessor '
                                   'must be config dicts, got '
                                   f'{type(loss).__name__} and '
                                   f'{type(postprocessor).__name__}')
        # MMOCR 0.x heads call nn.Module's __init__ (through BaseModule)
        # before HeadMixin.__init__: calling it again would drop the layers
        # they registered.
        if '_modules' not in self.__dict__:
            super().__init__()
        for key, value in (('text_repr_type', text_repr_type),
                           ('decoding_type', decoding_type)):
            if value is not None:
                warnings.warn(f'{type(self).__name__}({key}=...) is '
                              'deprecated; set it in postprocessor',
                              DeprecationWarning, stacklevel=3)
        if text_repr_type is not None:
            postprocessor = dict(postprocessor, text_repr_type=text_repr_type)
        self.loss_module = build_loss(loss)
        #: The config ``postprocessor`` was built from, with what the head
        #: adds (e.g. FCENet's ``fourier_degree``): tools that rebuild the
        #: post-processor with other settings start from it.
        self.postprocessor_cfg = dict(postprocessor)
        self.postprocessor = build_postprocessor(postprocessor)
        self.downsample_ratio = float(downsample_ratio)
        self.train_cfg = train_cfg
        self.test_cfg = test_cfg

    @staticmethod
    def resize_boundary(boundaries: list[list[float]],
                        scale_factor: Sequence[float] | np.ndarray
                        ) -> list[list[float]]:
        """Scale boundaries ``[x1, y1, ..., xn, yn, score]`` in place by
        ``scale_factor`` ``(w_scale, h_scale, w_scale, h_scale)``."""
        scale_factor = np.asarray(scale_factor, dtype=np.float64).reshape(-1)
        if scale_factor.shape[0] != 4:
            raise InvalidValueError('scale_factor must have 4 values (w, h, w, h), '
                                    f'got {scale_factor.tolist()}')
        for b in boundaries:
            num_coords = len(b) - 1
            if num_coords < 8 or num_coords % 2:
                raise InvalidValueError('a boundary needs >= 4 (x, y) points and a '
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
            raise InvalidTypeError('img_metas must be a list of dicts')
        if score_maps.dim() == 4:
            if score_maps.size(0) != 1:
                raise InvalidValueError('get_boundary decodes one image at a time, '
                                        f'got a batch of {score_maps.size(0)}')
            score_maps = score_maps[0]
        return self.boundary_results(self.postprocessor(score_maps),
                                     img_metas, rescale)

    def boundary_results(self, boundaries: list[list[float]],
                         img_metas: list[dict], rescale: bool) -> dict:
        """``dict(boundary_result=boundaries, filename=...)``, the boundaries
        (in prediction-map pixels) scaled by ``1 / (downsample_ratio *
        img_metas[0]['scale_factor'])`` when ``rescale``."""
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


# MMOCR 0.x's name (``class Head(HeadMixin, BaseModule)``, then
# ``HeadMixin.__init__(self, loss, postprocessor)``): the same class.
HeadMixin = BaseTextDetHead
