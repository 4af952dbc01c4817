"""Load recognition images stored in an lmdb database."""
from __future__ import annotations

from typing import Any

from mmocr.datasets.utils.errors import ImageLoadError
from mmocr.registry import PIPELINES
from mmocr.utils.lmdb_util import LmdbReader

from .loading import check_image_args, imfrombytes, store_image

__all__ = ['LoadImageFromLMDB']


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
        to_float32: Convert the image to ``float32``.
        color_type: ``'color'``, ``'grayscale'``, ``'unchanged'`` or their
            ``*_ignore_orientation`` variants.
        channel_order: ``'bgr'`` or ``'rgb'`` (color images).
        file_client_args: Accepted for MMOCR config compatibility; only the
            local disk is supported.
    """

    def __init__(self, to_float32: bool = False, color_type: str = 'color',
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
