"""Base class of text recognizers."""
from __future__ import annotations

import warnings
from typing import Sequence

import numpy as np
import torch

from mmocr.core.visualize import imshow_text_label
from mmocr.models.base import BaseModel
from mmocr.models.common.layers.weight_init import check_init_cfg
from mmocr.utils.checkpoint import load_checkpoint
from mmocr.utils.errors import InvalidValueError

__all__ = ['BaseRecognizer']


class BaseRecognizer(BaseModel):
    """A recognizer maps images ``(N, C, H, W)`` to one result per image,
    ``{'text': str, 'score': list[float]}`` (per-character scores).

    Args:
        init_cfg: mmcv's init config (see
            :func:`~mmocr.models.common.layers.weight_init.init_by_cfg`),
            applied by :meth:`init_weights` after the components' own
            initialisation and pretrained weights.
    """

    def __init__(self, init_cfg: dict | list | None = None):
        super().__init__()
        self.pretrained: str | None = None
        self.init_cfg = check_init_cfg(init_cfg, type(self).__name__)

    def set_pretrained(self, pretrained: str | None,
                       init_cfg: dict | list | None) -> None:
        """Record what :meth:`init_weights` applies: ``pretrained`` (a
        checkpoint path or URL) into the backbone, then ``init_cfg``
        (mmcv's init config, see
        :func:`~mmocr.models.common.layers.weight_init.init_by_cfg`;
        ``dict(type='Pretrained', checkpoint=...)`` loads the whole model)."""
        self.pretrained = pretrained
        self.init_cfg = check_init_cfg(init_cfg, type(self).__name__)

    def default_init(self) -> None:
        """Initialise the components and load ``pretrained`` into the
        backbone (:meth:`init_weights` then applies ``init_cfg``)."""
        super().default_init()
        if self.pretrained is not None:
            load_checkpoint(self.backbone, self.pretrained, map_location='cpu')

    @staticmethod
    def with_valid_ratio(img: torch.Tensor,
                          img_metas: Sequence[dict]) -> list[dict]:
        """Copies of ``img_metas`` with ``valid_ratio`` relative to the batch
        width (from ``resize_shape`` when present)."""
        if img_metas is None or len(img_metas) != img.size(0):
            raise InvalidValueError(f'expected {img.size(0)} img_metas, got '
                                    f'{None if img_metas is None else len(img_metas)}')
        metas = []
        for meta in img_metas:
            meta = dict(meta)
            if 'resize_shape' in meta:
                meta['valid_ratio'] = min(
                    1.0, float(meta['resize_shape'][1]) / img.size(-1))
            metas.append(meta)
        return metas

    @staticmethod
    def gt_texts(img_metas: Sequence[dict]) -> list[str]:
        """The labels of a training batch, ``img_metas[i]['text']``."""
        try:
            return [meta['text'] for meta in img_metas]
        except KeyError as err:
            raise KeyError('img_metas lack the ground-truth "text": add it to '
                           "Collect's meta_keys") from err

    @staticmethod
    def merge_aug_results(aug_results: Sequence[Sequence[dict]]) -> list[dict]:
        """Per image, keep the view with the highest mean character score.

        ``aug_results`` is one list of results per view; the merged score is
        that mean (a float), as in MMOCR 0.x.
        """
        merged = []
        for views in zip(*aug_results):
            best_text, best_score = '', -1.0
            for result in views:
                score = sum(result['score']) / max(1, len(result['text']))
                if score > best_score:
                    best_text, best_score = result['text'], score
            merged.append(dict(text=best_text, score=best_score))
        return merged

    def aug_test(self, imgs: Sequence[torch.Tensor],
                 img_metas: Sequence[Sequence[dict]], **kwargs) -> list[dict]:
        """Test each view (e.g. rotations from ``MultiRotateAugOCR``) and
        merge with :meth:`merge_aug_results`."""
        return self.merge_aug_results([
            self.simple_test(img, metas, **kwargs)
            for img, metas in zip(imgs, img_metas)])

    def extract_feat(self, imgs):
        raise NotImplementedError(
            f'{type(self).__name__} does not implement extract_feat')

    def show_result(self, img, result: dict, gt_label: str = '',
                    win_name: str = '', show: bool = False, wait_time: int = 0,
                    out_file: str | None = None, **kwargs) -> np.ndarray:
        """Draw the predicted (and ground-truth) text under the image.

        Args:
            img: Image path or BGR ``(H, W, 3)`` array.
            result: A result dict with a ``text`` key.
            gt_label: Ground truth drawn in a third row when not empty.
            show: Display the drawing in a window (ignored with
                ``out_file``).
            out_file: Write the drawing there.

        Returns:
            The drawing, BGR ``uint8``.
        """
        if 'text' not in result:
            raise KeyError(f'result has no "text" key: {sorted(result)}')
        if out_file is not None:
            show = False
        drawn = imshow_text_label(img, result['text'], gt_label, show=show,
                                  win_name=win_name, wait_time=wait_time,
                                  out_file=out_file)
        if not (show or out_file):
            warnings.warn('show==False and out_file is not specified, only '
                          'result image will be returned', stacklevel=2)
        return drawn
