"""Base class of text recognizers."""
from __future__ import annotations

import warnings

import numpy as np

from mmocr.core.visualize import imshow_text_label
from mmocr.models.base import BaseModel
from mmocr.models.common.layers.weight_init import init_by_cfg

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
        self.init_cfg = init_cfg

    def init_weights(self) -> None:
        """The components' ``init_weights``, :meth:`load_pretrained`, then
        ``init_cfg``."""
        super().init_weights()
        self.load_pretrained()
        init_by_cfg(self, self.init_cfg)

    def load_pretrained(self) -> None:
        """Load pretrained component weights (none here)."""

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
