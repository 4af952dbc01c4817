"""Character segmentation targets for segmentation-based recognizers."""
from __future__ import annotations

from typing import Any, Sequence

import cv2
import numpy as np

from mmocr.core.mask import BitmapMasks
from mmocr.registry import CONVERTORS, PIPELINES
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

__all__ = ['OCRSegTargets']


@PIPELINES.register_module()
class OCRSegTargets:
    """Rasterize character boxes into segmentation targets.

    Run after :class:`ResizeOCR`: boxes are scaled from ``img_shape`` (the
    image before resizing) to ``resize_shape`` (the image is resized, then
    padded on the right).

    In: ``ann_info['chars']`` (K strings), ``ann_info[box_type]`` (K boxes
    in ``img_shape`` pixels), ``img_shape``, ``resize_shape``,
    ``pad_shape``.
    Out: ``gt_kernels``, a :class:`BitmapMasks` ``(3, Hp, Wp)`` (int32) of

    * a binary map: 1 inside the characters shrunk by ``attn_shrink_ratio``,
      0 elsewhere in the image, ``pad_val`` in the padding;
    * a class map: the character's index (from ``label_convertor``)
      inside the characters shrunk by ``seg_shrink_ratio``, 0 elsewhere in
      the image, ``pad_val`` in the padding (what :class:`SegLoss` learns);
    * a validity mask: 1 over the resized image, 0 over the padding;

    and ``mask_fields`` gains ``'gt_kernels'``. As in MMOCR 0.x, the box
    coordinates are rounded after scaling, each shrunk box is filled as a
    convex polygon, and a character the convertor cannot index (not in the
    dictionary, no ``<UKN>``) is left out of the maps.

    Args:
        label_convertor: Convertor config (or object) with ``str2idx``; a
            config is built through ``mmocr.registry.CONVERTORS``
            (importing ``mmocr.models`` registers the convertors).
        attn_shrink_ratio: Shrink ratio of the class-map boxes.
        seg_shrink_ratio: Shrink ratio of the binary-map boxes.
        box_type: ``'char_rects'`` (``[x1, y1, x2, y2]``) or
            ``'char_quads'`` (``[x1, y1, ..., x4, y4]``).
        pad_val: Value of the padding in the binary and class maps.
    """

    def __init__(self, label_convertor: dict | Any = None,
                 attn_shrink_ratio: float = 0.5,
                 seg_shrink_ratio: float = 0.25,
                 box_type: str = 'char_rects', pad_val: int = 255):
        if label_convertor is None:
            raise InvalidValueError('OCRSegTargets needs a label_convertor (e.g. '
                                    "dict(type='SegConvertor', dict_type='DICT36'))")
        if isinstance(label_convertor, dict):
            label_convertor = CONVERTORS.build(label_convertor)
        if not hasattr(label_convertor, 'str2idx'):
            raise InvalidTypeError(f'label_convertor must have str2idx, got '
                                   f'{label_convertor!r}')
        if box_type not in ('char_rects', 'char_quads'):
            raise InvalidValueError(f'box_type must be "char_rects" or "char_quads", '
                                    f'got {box_type!r}')
        for name, ratio in (('attn_shrink_ratio', attn_shrink_ratio),
                            ('seg_shrink_ratio', seg_shrink_ratio)):
            if not 0 < ratio <= 1:
                raise InvalidValueError(f'{name} must be in (0, 1], got {ratio}')
        self.label_convertor = label_convertor
        self.attn_shrink_ratio = attn_shrink_ratio
        self.seg_shrink_ratio = seg_shrink_ratio
        self.box_type = box_type
        self.pad_val = pad_val

    @staticmethod
    def shrink_char_quad(char_quad: Sequence[float],
                         shrink_ratio: float) -> np.ndarray:
        """Move each corner of a quadrilateral towards its two neighbours
        by ``shrink_ratio`` times the shorter of its two adjacent edges.

        Returns:
            Rounded corners ``(4, 2)``.
        """
        points = np.asarray(char_quad, dtype=np.float64).reshape(4, 2)
        prev_pts = np.roll(points, 1, axis=0)
        next_pts = np.roll(points, -1, axis=0)
        v_prev = prev_pts - points
        v_next = next_pts - points
        d_prev = np.linalg.norm(v_prev, axis=1)
        d_next = np.linalg.norm(v_next, axis=1)
        min_dist = np.minimum(d_prev, d_next)
        with np.errstate(divide='ignore', invalid='ignore'):
            s_prev = np.where(d_prev > 0, shrink_ratio * min_dist / d_prev, 0.)
            s_next = np.where(d_next > 0, shrink_ratio * min_dist / d_next, 0.)
        shrunk = points + v_prev * s_prev[:, None] + v_next * s_next[:, None]
        return np.round(shrunk)

    @staticmethod
    def shrink_char_rect(char_rect: Sequence[float],
                         shrink_ratio: float) -> list[int]:
        """Scale ``[x1, y1, x2, y2]`` about its centre by ``shrink_ratio``
        (rounded)."""
        x_min, y_min, x_max, y_max = char_rect
        w, h = x_max - x_min, y_max - y_min
        return [
            round((x_min + x_max - w * shrink_ratio) / 2),
            round((y_min + y_max - h * shrink_ratio) / 2),
            round((x_min + x_max + w * shrink_ratio) / 2),
            round((y_min + y_max + h * shrink_ratio) / 2)
        ]

    def generate_kernels(self, resize_shape: tuple[int, int],
                         pad_shape: tuple[int, int],
                         char_boxes: list[list[float]], char_inds: list[int],
                         shrink_ratio: float = 0.5,
                         binary: bool = True) -> np.ndarray:
        """One target map ``pad_shape`` (int32): ``pad_val`` over the
        padding, 0 over the image, then each shrunk box filled with 1
        (``binary``) or its character index."""
        char_map = np.full(pad_shape, self.pad_val, dtype=np.int32)
        char_map[:resize_shape[0], :resize_shape[1]] = 0
        for box, char_ind in zip(char_boxes, char_inds):
            value = 1 if binary else int(char_ind)
            if self.box_type == 'char_rects':
                x1, y1, x2, y2 = self.shrink_char_rect(box, shrink_ratio)
                quad = np.array([[x1, y1], [x2, y1], [x2, y2], [x1, y2]])
            else:
                quad = self.shrink_char_quad(box, shrink_ratio)
            cv2.fillConvexPoly(char_map, quad.astype(np.int32), value)
        return char_map

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        ori_h, ori_w = results['img_shape'][:2]
        resize_shape = tuple(results['resize_shape'][:2])
        pad_shape = tuple(results['pad_shape'][:2])
        h_scale = resize_shape[0] / ori_h
        w_scale = resize_shape[1] / ori_w
        chars = results['ann_info']['chars']
        boxes = results['ann_info'][self.box_type]
        if len(chars) != len(boxes):
            raise InvalidValueError(f'{results.get("filename")}: {len(chars)} chars '
                                    f'but {len(boxes)} {self.box_type}')
        char_boxes, char_inds = [], []
        for box, index in zip(boxes,
                              self.label_convertor.str2idx(list(chars))):
            if not index:  # not in the dictionary and no <UKN>
                continue
            scaled = np.asarray(box, dtype=np.float64).copy()
            scaled[0::2] *= w_scale
            scaled[1::2] *= h_scale
            char_boxes.append(np.round(scaled).tolist())
            char_inds.append(index[0])
        binary_target = self.generate_kernels(resize_shape, pad_shape,
                                              char_boxes, char_inds,
                                              self.attn_shrink_ratio, True)
        seg_target = self.generate_kernels(resize_shape, pad_shape,
                                           char_boxes, char_inds,
                                           self.seg_shrink_ratio, False)
        mask = np.zeros(pad_shape, dtype=np.int32)
        mask[:resize_shape[0], :resize_shape[1]] = 1
        results['gt_kernels'] = BitmapMasks(
            [binary_target, seg_target, mask], pad_shape[0], pad_shape[1])
        mask_fields = list(results.get('mask_fields', []))
        if 'gt_kernels' not in mask_fields:
            mask_fields.append('gt_kernels')
        results['mask_fields'] = mask_fields
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(box_type={self.box_type!r}, '
                f'attn_shrink_ratio={self.attn_shrink_ratio}, '
                f'seg_shrink_ratio={self.seg_shrink_ratio})')
