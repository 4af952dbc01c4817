"""Pipeline steps of key information extraction (SDMGR)."""
from __future__ import annotations

import random
from typing import Any, Sequence

import numpy as np

from mmocr.datasets.collate import DataContainer as DC
from mmocr.registry import PIPELINES
from mmocr.utils.errors import InvalidValueError

from .formatting import DefaultFormatBundle, to_tensor

__all__ = ['KIEFormatBundle', 'ResizeNoImg']


@PIPELINES.register_module()
class KIEFormatBundle(DefaultFormatBundle):
    """``DefaultFormatBundle`` plus the graph fields of ``ann_info``.

    Adds ``relations`` ``DC(Tensor(K, K, 5))`` and ``texts``
    ``DC(Tensor(K, L))`` (batched as lists). When the boxes were resized
    (``scale_factor`` ``[sx, sy, ...]`` or a float), the relations are
    rescaled by ``[sx, sy, sx / sy, 1, sx / sy]`` to stay consistent with
    ``gt_bboxes``.
    """

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        results = super().__call__(results)
        if 'ann_info' not in results:
            return results
        for key in ('relations', 'texts'):
            if key not in results['ann_info']:
                raise KeyError(f'KIEFormatBundle: ann_info has no "{key}" for '
                               f'{results.get("filename")!r}; is the dataset '
                               'a KIEDataset?')
        relations = results['ann_info']['relations']
        scale_factor = results.get('scale_factor')
        if scale_factor is not None:
            if isinstance(scale_factor, (int, float)):
                sx = sy = float(scale_factor)
            else:
                sx, sy = (float(v) for v in np.asarray(scale_factor)[:2])
            ratio = sx / sy
            factor = np.array([sx, sy, ratio, 1, ratio], dtype=np.float32)
            relations = relations * factor[None, None]
        results['relations'] = DC(to_tensor(np.asarray(relations, np.float32)))
        results['texts'] = DC(to_tensor(results['ann_info']['texts']))
        return results


def _rescale_size(width: int, height: int, scale: Sequence[int]
                  ) -> tuple[int, int]:
    """Size ``(w, h)`` scaled to fit in ``scale`` (long edge <= max(scale),
    short edge <= min(scale)), aspect ratio kept (mmcv's ``rescale_size``)."""
    long_edge, short_edge = max(scale), min(scale)
    factor = min(long_edge / max(height, width), short_edge / min(height, width))
    return int(width * factor + 0.5), int(height * factor + 0.5)


@PIPELINES.register_module()
class ResizeNoImg:
    """Resize the boxes of a document as ``Resize`` would resize its image,
    without an image (SDMGR without visual modality).

    The source size is ``img_info``'s ``height``/``width``. Sets
    ``img_shape`` ``(h, w, 3)``, ``ori_shape``, ``pad_shape``, ``scale``,
    ``scale_factor`` (float32 ``[sx, sy, sx, sy]``) and ``keep_ratio``, and
    rescales every field in ``bbox_fields`` (clipped to the new size when
    ``bbox_clip_border``).

    Args:
        img_scale: ``(long, short)`` target size, or a list of them.
        multiscale_mode: ``'range'`` (random size between two scales) or
            ``'value'`` (one of the scales).
        ratio_range: ``(min, max)`` ratio applied to a single ``img_scale``.
        keep_ratio: Keep the aspect ratio (fit inside ``img_scale``); else
            stretch to exactly ``img_scale`` ``(w, h)``.
        bbox_clip_border: Clip boxes to the resized size.
        backend: Accepted for mmdet config compatibility (no image is
            resized).
        override: Choose a new scale even if ``results['scale']`` is set.
    """

    def __init__(self, img_scale: Sequence | None = None,
                 multiscale_mode: str = 'range',
                 ratio_range: Sequence[float] | None = None,
                 keep_ratio: bool = True, bbox_clip_border: bool = True,
                 backend: str = 'cv2', override: bool = False):
        if img_scale is None:
            self.img_scale = None
        elif isinstance(img_scale, tuple) and all(
                isinstance(v, (int, float)) for v in img_scale):
            self.img_scale = [img_scale]
        else:
            self.img_scale = [tuple(s) for s in img_scale]
        if multiscale_mode not in ('range', 'value'):
            raise InvalidValueError("multiscale_mode must be 'range' or 'value', got "
                                    f'{multiscale_mode!r}')
        if ratio_range is not None and (self.img_scale is None or
                                        len(self.img_scale) != 1):
            raise InvalidValueError('ratio_range needs exactly one img_scale')
        self.multiscale_mode = multiscale_mode
        self.ratio_range = ratio_range
        self.keep_ratio = keep_ratio
        self.bbox_clip_border = bbox_clip_border
        self.override = override

    def _choose_scale(self) -> tuple[int, int]:
        if self.img_scale is None:
            raise InvalidValueError('ResizeNoImg needs img_scale (or results["scale"])')
        if self.ratio_range is not None:
            ratio = random.uniform(*self.ratio_range)
            base = self.img_scale[0]
            return int(base[0] * ratio), int(base[1] * ratio)
        if len(self.img_scale) == 1:
            return tuple(int(v) for v in self.img_scale[0])
        if self.multiscale_mode == 'value':
            return tuple(int(v) for v in random.choice(self.img_scale))
        longs = [max(s) for s in self.img_scale]
        shorts = [min(s) for s in self.img_scale]
        return (random.randint(min(longs), max(longs)),
                random.randint(min(shorts), max(shorts)))

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        if 'img_info' not in results or 'height' not in results['img_info']:
            raise KeyError('ResizeNoImg needs results["img_info"] with height '
                           'and width')
        height = int(results['img_info']['height'])
        width = int(results['img_info']['width'])
        if height <= 0 or width <= 0:
            raise InvalidValueError(f'ResizeNoImg: {results.get("filename")!r} has '
                                    f'size {width}x{height}; height and width must '
                                    'be positive')
        if 'scale' not in results or self.override:
            results['scale'] = self._choose_scale()
        if self.keep_ratio:
            new_w, new_h = _rescale_size(width, height, results['scale'])
        else:
            new_w, new_h = results['scale']
        w_scale, h_scale = new_w / width, new_h / height
        results['ori_shape'] = (height, width, 3)
        results['img_shape'] = results['pad_shape'] = (new_h, new_w, 3)
        results['scale_factor'] = np.array([w_scale, h_scale, w_scale,
                                            h_scale], dtype=np.float32)
        results['keep_ratio'] = self.keep_ratio
        for key in results.get('bbox_fields', []):
            bboxes = results[key] * results['scale_factor']
            if self.bbox_clip_border:
                bboxes[:, 0::2] = np.clip(bboxes[:, 0::2], 0, new_w)
                bboxes[:, 1::2] = np.clip(bboxes[:, 1::2], 0, new_h)
            results[key] = bboxes
        return results

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(img_scale={self.img_scale}, '
                f'multiscale_mode={self.multiscale_mode!r}, '
                f'ratio_range={self.ratio_range}, '
                f'keep_ratio={self.keep_ratio})')
