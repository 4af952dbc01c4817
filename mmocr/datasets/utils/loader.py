"""Annotation loaders: an annotation file as a lazily parsed sequence of dicts.

``AnnFileLoader(ann_file, parser=dict(type='LineJsonParser', keys=[...]))``
reads the file with a backend (:mod:`.backend`) and parses line ``i`` with the
parser (:mod:`.parser`) when item ``i`` is asked for. ``repeat`` repeats the
file's lines.
"""
from __future__ import annotations

import warnings
from typing import Any, Iterator

from mmocr.registry import LOADERS, PARSERS, build_from_cfg, check_kwargs
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

from .backend import HardDiskAnnFileBackend, HTTPAnnFileBackend, PetrelAnnFileBackend

__all__ = ['AnnFileLoader', 'HardDiskLoader', 'LmdbLoader']


@LOADERS.register_module()
class AnnFileLoader:
    """Load and parse an annotation file.

    Args:
        ann_file: Annotation file path (a txt file or a label lmdb
            directory), or URL for the ``http``/``petrel`` backends.
        parser: Parser config (``LineStrParser``/``LineJsonParser``) or object.
        repeat: How many times the annotations are repeated (> 0; a float
            gives ``int(len * repeat)`` items, as in MMOCR 0.x).
        file_storage_backend: ``'disk'``, ``'http'``
            (:class:`HTTPAnnFileBackend`) or ``'petrel'``
            (:class:`PetrelAnnFileBackend`, needs ``petrel_client``).
        file_format: ``'txt'`` or ``'lmdb'``.
        kwargs: Passed to the backend (``save_dir`` of ``'petrel'``).
    """

    _backends = {'disk': HardDiskAnnFileBackend, 'http': HTTPAnnFileBackend,
                 'petrel': PetrelAnnFileBackend}
    #: ``**kwargs`` go to the backend, which checks them (registry builds).
    forwards_kwargs = True

    def __init__(self, ann_file: str, parser: dict | Any, repeat: int | float = 1,
                 file_storage_backend: str = 'disk', file_format: str = 'txt',
                 **kwargs: Any):
        if not isinstance(ann_file, str):
            raise InvalidTypeError(f'ann_file must be a str, got {ann_file!r}')
        if not isinstance(repeat, (int, float)) or isinstance(repeat, bool) \
                or not repeat > 0:
            raise InvalidValueError(f'repeat must be a number > 0, got {repeat!r}')
        if file_storage_backend not in self._backends:
            raise InvalidValueError(f'unknown file_storage_backend '
                                    f'{file_storage_backend!r}; choose one of '
                                    f'{sorted(self._backends)}')
        if file_format not in ('txt', 'lmdb'):
            raise InvalidValueError(f'file_format must be "txt" or "lmdb", got '
                                    f'{file_format!r}')
        if isinstance(parser, dict):
            if file_format == 'lmdb' and parser.get('type') == 'LineStrParser':
                raise InvalidValueError(
                    f'{ann_file}: lmdb annotations are json lines; use '
                    'parser=dict(type="LineJsonParser", keys=[...])')
            parser = build_from_cfg(parser, PARSERS)
        elif not hasattr(parser, 'get_item'):
            raise InvalidTypeError(f'parser must be a config dict or have get_item, '
                                   f'got {parser!r}')
        self.ann_file = ann_file
        self.parser = parser
        self.repeat = repeat
        backend_cls = self._backends[file_storage_backend]
        check_kwargs(backend_cls, kwargs, f'AnnFileLoader ({backend_cls.__name__})')
        self.ann_file_backend = backend_cls(file_format, **kwargs)
        self.ori_data_infos = self._load(ann_file)

    def _load(self, ann_file: str):
        return self.ann_file_backend(ann_file)

    def __len__(self) -> int:
        return int(len(self.ori_data_infos) * self.repeat)

    def __getitem__(self, index: int) -> dict[str, Any]:
        if not -len(self) <= index < len(self):
            raise IndexError(f'index {index} out of range for {len(self)} '
                             f'annotations in {self.ann_file}')
        return self.parser.get_item(self.ori_data_infos, index % len(self))

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for index in range(len(self)):
            yield self[index]

    def close(self) -> None:
        """Release the backend's resources (e.g. an lmdb handle)."""
        self.ori_data_infos.close()


@LOADERS.register_module()
class HardDiskLoader(AnnFileLoader):
    """Deprecated: ``AnnFileLoader`` with a txt file on disk."""

    forwards_kwargs = False

    def __init__(self, ann_file: str, parser: dict | Any, repeat: int = 1):
        warnings.warn('HardDiskLoader is deprecated, use AnnFileLoader '
                      'instead', UserWarning, stacklevel=2)
        super().__init__(ann_file, parser, repeat,
                         file_storage_backend='disk', file_format='txt')


@LOADERS.register_module()
class LmdbLoader(AnnFileLoader):
    """Deprecated: ``AnnFileLoader`` with a label lmdb on disk."""

    forwards_kwargs = False

    def __init__(self, ann_file: str, parser: dict | Any, repeat: int = 1):
        warnings.warn('LmdbLoader is deprecated, use AnnFileLoader with '
                      'file_format="lmdb" instead', UserWarning, stacklevel=2)
        super().__init__(ann_file, parser, repeat,
                         file_storage_backend='disk', file_format='lmdb')
