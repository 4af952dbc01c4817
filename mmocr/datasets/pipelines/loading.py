"""Loading steps: images from files, arrays or an lmdb; text annotations into
masks."""
from __future__ import annotations

import os.path as osp
import warnings
from typing import Any, Sequence

import cv2
import numpy as np

from mmocr.core.mask import BitmapMasks, PolygonMasks
from mmocr.registry import PIPELINES
from mmocr.utils.errors import ImageLoadError, InvalidTypeError, InvalidValueError
from mmocr.utils.img_util import check_image_args, imfrombytes, read_image_bytes
from mmocr.utils.lmdb_util import LmdbReader

# imfrombytes and check_image_args are defined in mmocr.utils.img_util (shared
# with the visualisation and the converters) and stay importable from here.
__all__ = [
    'imfrombytes', 'check_image_args', 'LoadImageFromFile',
    'LoadImageFromNdarray', 'LoadTextAnnotations', 'LoadAnnotations',
    'LoadImageFromLMDB'
]


def store_image(results: dict[str, Any], img: np.ndarray,
                filename: str | None, ori_filename: str | None,
                to_float32: bool = False) -> dict[str, Any]:
    """Put a loaded ``img`` into ``results`` with the keys every loader sets:
    ``filename``, ``ori_filename``, ``img`` (float32 when ``to_float32``),
    ``img_shape``, ``ori_shape`` and ``img_fields=['img']``."""
    if to_float32:
        img = img.astype(np.float32)
    results['filename'] = filename
    results['ori_filename'] = ori_filename
    results['img'] = img
    results['img_shape'] = img.shape
    results['ori_shape'] = img.shape
    results['img_fields'] = ['img']
    return results


def _file_reader(file_client_args: dict) -> LmdbReader | None:
    """``None`` for the disk, an :class:`LmdbReader` for
    ``dict(backend='lmdb', db_path=...)`` (mmcv's FileClient arguments)."""
    backend = file_client_args.get('backend', 'disk')
    if backend == 'disk':
        return None
    if backend == 'lmdb':
        if 'db_path' not in file_client_args:
            raise InvalidValueError('file_client_args for lmdb need db_path')
        return LmdbReader(file_client_args['db_path'])
    raise NotImplementedError(
        f'file_client_args backend {backend!r} is not available; use "disk" '
        'or "lmdb" (with db_path)')


def _read_bytes(filename: str, reader: LmdbReader | None) -> bytes:
    """The content of ``filename`` on disk, or under the key ``filename`` in
    the lmdb ``reader``."""
    if reader is not None:
        content = reader.get(filename)
        if content is None:
            raise ImageLoadError(f'image key {filename!r} not found in lmdb '
                                 f'{reader.path}')
        return content
    return read_image_bytes(filename)


@PIPELINES.register_module()
class LoadImageFromFile:
    """Read ``results['img_info']['filename']`` (under ``img_prefix``).

    Adds ``img`` (``uint8`` BGR ``(H, W, 3)`` for color types, ``(H, W)`` for
    grayscale; float32 when ``to_float32``), ``filename``, ``ori_filename``,
    ``img_shape``, ``ori_shape`` and ``img_fields=['img']``.

    Args:
        to_float32: Convert the image to float32.
        color_type: ``'color'``, ``'color_ignore_orientation'``,
            ``'grayscale'``, ``'grayscale_ignore_orientation'`` or
            ``'unchanged'``.
        channel_order: ``'bgr'`` (default) or ``'rgb'``.
        file_client_args: Storage: ``dict(backend='disk')`` or
            ``dict(backend='lmdb', db_path=...)`` (the image file name,
            joined to ``img_prefix``, is the key).
    """

    def __init__(self, to_float32: bool = False, color_type: str = 'color',
                 channel_order: str = 'bgr',
                 file_client_args: dict = dict(backend='disk')):
        check_image_args(color_type, channel_order)
        self.reader = _file_reader(file_client_args)
        self.to_float32 = to_float32
        self.color_type = color_type
        self.channel_order = channel_order
        self.file_client_args = dict(file_client_args)

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        ori_filename = results['img_info']['filename']
        prefix = results.get('img_prefix')
        filename = osp.join(prefix, ori_filename) if prefix else ori_filename
        content = _read_bytes(filename, self.reader)
        img = imfrombytes(content, self.color_type, self.channel_order,
                          source=filename)
        return store_image(results, img, filename, ori_filename,
                           self.to_float32)

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(to_float32={self.to_float32}, '
                f"color_type='{self.color_type}', "
                f"channel_order='{self.channel_order}')")


@PIPELINES.register_module()
class LoadImageFromNdarray(LoadImageFromFile):
    """Take an already loaded ``uint8`` image from ``results['img']``.

    ``grayscale`` converts a BGR image to ``(H, W, 1)``; ``color`` converts a
    single-channel image to BGR. ``filename``/``ori_filename`` are ``None``.
    """

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        img = results.get('img')
        if not isinstance(img, np.ndarray) or img.dtype != np.uint8:
            raise InvalidTypeError('LoadImageFromNdarray needs results["img"] to be a '
                                   'uint8 ndarray, got '
                                   f'{getattr(img, "dtype", type(img).__name__)}')
        if img.ndim == 2:
            img = img[..., None]
        if self.color_type.startswith('grayscale') and img.shape[2] == 3:
            img = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)[..., None]
        elif self.color_type.startswith('color') and img.shape[2] == 1:
            img = cv2.cvtColor(img, cv2.COLOR_GRAY2BGR)
        return store_image(results, img, None, None, self.to_float32)


def _polygons_to_bitmap(polygons: Sequence[np.ndarray], height: int,
                        width: int) -> np.ndarray:
    mask = np.zeros((height, width), dtype=np.uint8)
    pts = [np.round(np.asarray(p, dtype=np.float64).reshape(-1, 2)).astype(
        np.int32) for p in polygons]
    if pts:
        cv2.fillPoly(mask, pts, 1)
    return mask


@PIPELINES.register_module()
class LoadTextAnnotations:
    """Load boxes, labels and polygon masks from ``results['ann_info']``.

    Adds ``gt_bboxes`` (float32 ``(K, 4)``), ``gt_bboxes_ignore``,
    ``gt_labels`` (int64 ``(K,)``), ``gt_masks`` and ``gt_masks_ignore``
    (:class:`PolygonMasks`, or :class:`BitmapMasks` ``(K, H, W)`` when
    ``poly2mask``) and registers them in ``bbox_fields``/``mask_fields``.

    Args:
        with_bbox: Load ``bboxes`` (and ``bboxes_ignore``).
        with_label: Load ``labels``.
        with_mask: Load ``masks`` (and ``masks_ignore``).
        with_seg: Load the semantic map ``gt_semantic_seg`` from
            ``seg_prefix/ann_info['seg_map']``.
        poly2mask: Rasterise polygons to bitmaps.
        use_img_shape: Size the masks by the loaded image (``ori_shape``)
            instead of ``img_info``'s height/width.
        file_client_args: Storage of the ``with_seg`` maps (as
            :class:`LoadImageFromFile`).
    """

    def __init__(self, with_bbox: bool = True, with_label: bool = True,
                 with_mask: bool = False, with_seg: bool = False,
                 poly2mask: bool = True, use_img_shape: bool = False,
                 file_client_args: dict = dict(backend='disk')):
        self.with_bbox = with_bbox
        self.with_label = with_label
        self.with_mask = with_mask
        self.with_seg = with_seg
        self.poly2mask = poly2mask
        self.use_img_shape = use_img_shape
        self.file_client_args = dict(file_client_args)
        self.reader = _file_reader(file_client_args)

    @staticmethod
    def process_polygons(polygons: Sequence[Sequence[float]],
                         source: str = '') -> list[np.ndarray]:
        """Polygons of one instance as float32 arrays; a polygon with an odd
        number of coordinates or fewer than 3 points raises ``ValueError``."""
        out = []
        for polygon in polygons:
            arr = np.asarray(polygon, dtype=np.float32).reshape(-1)
            if arr.size % 2 or arr.size < 6:
                raise InvalidValueError(
                    f'{source}: a polygon needs an even number (>= 6) of '
                    f'coordinates, got {arr.size}: {arr.tolist()}')
            out.append(arr)
        return out

    def _mask_size(self, results: dict[str, Any]) -> tuple[int, int]:
        h, w = results['img_info']['height'], results['img_info']['width']
        if self.use_img_shape:
            if results.get('ori_shape'):
                h, w = results['ori_shape'][:2]
                results['img_info']['height'] = h
                results['img_info']['width'] = w
            else:
                warnings.warn('"ori_shape" not in results, use the shape in '
                              '"img_info" instead.', stacklevel=2)
        return int(h), int(w)

    def _to_masks(self, instances: list, height: int, width: int,
                  source: str) -> BitmapMasks | PolygonMasks:
        polys = [self.process_polygons(inst, source) for inst in instances]
        if self.poly2mask:
            return BitmapMasks(
                [_polygons_to_bitmap(p, height, width) for p in polys], height,
                width)
        return PolygonMasks(polys, height, width)

    def _load_bboxes(self, results: dict[str, Any]) -> None:
        ann_info = results['ann_info']
        results['gt_bboxes'] = np.asarray(ann_info['bboxes'],
                                          dtype=np.float32).reshape(-1, 4)
        results.setdefault('bbox_fields', [])
        if ann_info.get('bboxes_ignore') is not None:
            results['gt_bboxes_ignore'] = np.asarray(
                ann_info['bboxes_ignore'], dtype=np.float32).reshape(-1, 4)
            results['bbox_fields'].append('gt_bboxes_ignore')
        results['bbox_fields'].append('gt_bboxes')

    def _load_masks(self, results: dict[str, Any]) -> None:
        ann_info = results['ann_info']
        h, w = self._mask_size(results)
        source = results.get('filename') or results['img_info'].get(
            'filename', '')
        results.setdefault('mask_fields', [])
        if ann_info.get('masks_ignore') is not None:
            results['gt_masks_ignore'] = self._to_masks(
                ann_info['masks_ignore'], h, w, source)
            results['mask_fields'].append('gt_masks_ignore')
        results['gt_masks'] = self._to_masks(ann_info['masks'], h, w, source)
        results['mask_fields'].append('gt_masks')

    def _load_semantic_seg(self, results: dict[str, Any]) -> None:
        prefix = results.get('seg_prefix')
        seg_map = results['ann_info']['seg_map']
        filename = osp.join(prefix, seg_map) if prefix else seg_map
        content = _read_bytes(filename, self.reader)
        results['gt_semantic_seg'] = imfrombytes(content, 'unchanged',
                                                 source=filename)
        results.setdefault('seg_fields', []).append('gt_semantic_seg')

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        if 'ann_info' not in results:
            raise KeyError('LoadTextAnnotations needs results["ann_info"]; '
                           'is the dataset in test mode without annotations?')
        if self.with_bbox:
            self._load_bboxes(results)
        if self.with_label:
            results['gt_labels'] = np.asarray(results['ann_info']['labels'],
                                              dtype=np.int64)
        if self.with_mask:
            self._load_masks(results)
        if self.with_seg:
            self._load_semantic_seg(results)
        return results

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(with_bbox={self.with_bbox}, '
                f'with_label={self.with_label}, with_mask={self.with_mask}, '
                f'with_seg={self.with_seg}, poly2mask={self.poly2mask})')


@PIPELINES.register_module()
class LoadAnnotations(LoadTextAnnotations):
    """mmdet's ``LoadAnnotations`` (used by mmdet-style configs such as Mask
    R-CNN's): :class:`LoadTextAnnotations` sizing masks by ``img_info``."""

    def __init__(self, with_bbox: bool = True, with_label: bool = True,
                 with_mask: bool = False, with_seg: bool = False,
                 poly2mask: bool = True, denorm_bbox: bool = False,
                 file_client_args: dict = dict(backend='disk')):
        if denorm_bbox:
            raise NotImplementedError('LoadAnnotations(denorm_bbox=True) is '
                                      'not supported')
        super().__init__(with_bbox, with_label, with_mask, with_seg,
                         poly2mask, use_img_shape=False,
                         file_client_args=file_client_args)


@PIPELINES.register_module()
class LoadImageFromLMDB:
    """Decode the image ``img_info['filename']`` (an lmdb key such as
    ``image-000000001``) from the lmdb at ``img_prefix``.

    In: ``img_prefix`` (the lmdb directory), ``img_info['filename']``.
    Out: ``img`` (``uint8`` HxWx3 in ``channel_order``, or HxW for
    grayscale), ``filename``, ``ori_filename``, ``img_shape``, ``ori_shape``,
    ``img_fields``. A missing key or undecodable bytes raise
    :class:`ImageLoadError` naming the database and key (a dataset with
    ``skip_broken=True`` then replaces the sample).

    The database is opened lazily, once per (worker) process.

    Args:
        color_type: ``'color'``, ``'grayscale'``, ``'unchanged'`` or their
            ``*_ignore_orientation`` variants (first, as in MMOCR 0.x, whose
            only argument it is).
        to_float32: Convert the image to ``float32``.
        channel_order: ``'bgr'`` or ``'rgb'`` (color images).
        file_client_args: Accepted for MMOCR config compatibility; only the
            local disk is supported.
    """

    def __init__(self, color_type: str = 'color', to_float32: bool = False,
                 channel_order: str = 'bgr',
                 file_client_args: dict | None = None):
        check_image_args(color_type, channel_order)
        backend = (file_client_args or {}).get('backend', 'disk')
        if backend != 'disk':
            raise NotImplementedError(f'LoadImageFromLMDB reads local lmdb '
                                      f'files only, got backend={backend!r}')
        self.to_float32 = to_float32
        self.color_type = color_type
        self.channel_order = channel_order
        self._readers: dict[str, LmdbReader] = {}

    def _reader(self, path: str) -> LmdbReader:
        reader = self._readers.get(path)
        if reader is None:
            reader = self._readers[path] = LmdbReader(path)
        return reader

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        lmdb_path = results.get('img_prefix')
        if not lmdb_path:
            raise KeyError('LoadImageFromLMDB needs results["img_prefix"] '
                           '(the lmdb directory); set img_prefix in the '
                           'dataset config')
        img_key = results['img_info']['filename']
        reader = self._reader(lmdb_path)
        img_bytes = reader.get(img_key)
        if img_bytes is None:
            raise ImageLoadError(
                f'{lmdb_path}: no image under key {img_key!r} '
                f'(num-samples={reader.num_samples()})')
        img = imfrombytes(img_bytes, self.color_type, self.channel_order,
                          source=f'{lmdb_path}[{img_key}]')
        return store_image(results, img, img_key, img_key, self.to_float32)

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state['_readers'] = {}
        return state

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(to_float32={self.to_float32}, '
                f'color_type={self.color_type!r}, '
                f'channel_order={self.channel_order!r})')
