"""Annotation file backends: read an annotation file as a sequence of lines.

* :class:`HardDiskAnnFileBackend`: a local ``txt`` file (one annotation per
  line) or a local label ``lmdb`` directory.
* :class:`HTTPAnnFileBackend`: a ``txt`` file at an ``http(s)://`` URL.
* :class:`PetrelAnnFileBackend`: a ``txt`` file or a label lmdb in a Petrel
  (``s3://``) store, through the optional ``petrel_client`` package; an lmdb
  is first copied to a local folder.
* :class:`LmdbAnnFileBackend`: a label lmdb, in either layout MMOCR 0.x wrote:

  - ``num-samples`` plus ``label-000000001``, ``label-000000002``, ... (1-based;
    ``lmdb_converter``). In a label-only lmdb each value is one annotation line
    (usually json). In an image+label lmdb (``image-000000001`` keys present)
    each label value is the bare text and the line returned is
    ``{"filename": "image-000000001", "text": ...}`` as json.
  - deprecated (``txt2lmdb``): ``total_number`` plus ``0``, ``1``, ... each the
    raw annotation line; a ``filename text`` line is returned as json
    ``{"filename", "text"}`` so that :class:`LineJsonParser` reads both.

The lmdb environment is opened lazily, once per process and path (shared by
every backend reading that path: lmdb refuses a second open in one process):
the backend can be pickled to dataloader workers / DDP processes and each
process opens its own handle.
"""
from __future__ import annotations

import json
import os
import os.path as osp
import urllib.error
import urllib.request
import warnings
from typing import Any

from mmocr.utils.errors import InvalidValueError
from mmocr.utils.lmdb_util import acquire_lmdb_env, release_lmdb_env

__all__ = ['AnnLines', 'HardDiskAnnFileBackend', 'HTTPAnnFileBackend',
           'LmdbAnnFileBackend', 'PetrelAnnFileBackend']

class AnnLines(list):
    """A list of annotation lines that remembers the file they came from."""

    unit = 'line'

    def __init__(self, lines: list[str], path: str):
        super().__init__(lines)
        self.path = path

    def close(self) -> None:
        """Nothing to release (present for API symmetry with lmdb)."""


def _check_format(file_format: str) -> str:
    if file_format not in ('txt', 'lmdb'):
        raise InvalidValueError(f'file_format must be "txt" or "lmdb", got '
                                f'{file_format!r}')
    return file_format


def _text_lines(data: bytes, source: str) -> AnnLines:
    """The non-blank lines of a downloaded annotation file (as MMOCR 0.x's
    remote backends drop blank lines)."""
    try:
        text = data.decode('utf-8')
    except UnicodeDecodeError as err:
        raise InvalidValueError(f'annotation file {source} is not valid utf-8 '
                                f'text: {err}') from None
    return AnnLines([line.rstrip('\r') for line in text.split('\n')
                     if line.strip()], source)


def _read_txt_lines(path: str, encoding: str = 'utf-8') -> AnnLines:
    if not osp.isfile(path):
        raise FileNotFoundError(f'annotation file not found: {path}')
    try:
        with open(path, encoding=encoding) as f:
            lines = [line.rstrip('\n\r') for line in f]
    except UnicodeDecodeError as err:
        raise InvalidValueError(f'annotation file {path} is not valid {encoding} '
                                f'text: {err}') from None
    return AnnLines(lines, path)


class LmdbAnnFileBackend:
    """Random access to the annotation lines of a label lmdb (see module doc).

    Args:
        lmdb_path: The lmdb directory (holding ``data.mdb``); kept as
            ``path`` (and ``lmdb_path``, MMOCR 0.x's attribute).
        encoding: Text encoding of keys and values.
    """

    unit = 'lmdb record'

    def __init__(self, lmdb_path: str, encoding: str = 'utf8'):
        path = self.lmdb_path = lmdb_path
        if not osp.isdir(path) or not osp.isfile(osp.join(path, 'data.mdb')):
            raise FileNotFoundError(
                f'lmdb annotation directory not found (no data.mdb): {path}')
        self.path = path
        self.encoding = encoding
        self._env = None
        self._pid: int | None = None
        with self._get_env().begin(write=False) as txn:
            num = txn.get(b'num-samples')
            self.deprecated_format = num is None
            if num is None:
                num = txn.get(b'total_number')
            if num is None:
                raise InvalidValueError(
                    f'{path}: not an MMOCR label lmdb (neither "num-samples" '
                    'nor "total_number" key)')
            self.total_number = int(num.decode(encoding))
            self.label_only = txn.get(b'image-000000001') is None

    def _get_env(self):
        """Open (once per process) and return the read-only environment."""
        if self._env is None or self._pid != os.getpid():
            self._env = acquire_lmdb_env(self.path)
            self._pid = os.getpid()
        return self._env

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state['_env'] = None
        state['_pid'] = None
        return state

    def __len__(self) -> int:
        return self.total_number

    def __getitem__(self, index: int) -> str:
        if not -self.total_number <= index < self.total_number:
            raise IndexError(f'{self.path}: index {index} out of range '
                             f'(total {self.total_number})')
        index %= self.total_number
        key = (str(index) if self.deprecated_format else
               f'label-{index + 1:09d}')
        with self._get_env().begin(write=False) as txn:
            value = txn.get(key.encode(self.encoding))
        if value is None:
            raise KeyError(f'{self.path}: missing lmdb key {key!r}')
        line = value.decode(self.encoding)
        if self.deprecated_format:
            return self._legacy_line_to_json(line)
        if self.label_only:
            return line
        return json.dumps({'filename': f'image-{index + 1:09d}', 'text': line},
                          ensure_ascii=False)

    @staticmethod
    def _legacy_line_to_json(line: str) -> str:
        stripped = line.strip()
        if stripped.startswith('{'):
            return stripped
        filename, _, text = stripped.partition(' ')
        return json.dumps({'filename': filename, 'text': text},
                          ensure_ascii=False)

    def close(self) -> None:
        """Release this process's environment handle."""
        if self._env is not None and self._pid == os.getpid():
            release_lmdb_env(self.path)
        self._env = None
        self._pid = None


class HardDiskAnnFileBackend:
    """Load annotation files from the local disk.

    Args:
        file_format: ``'txt'`` or ``'lmdb'``.
    """

    def __init__(self, file_format: str = 'txt'):
        self.file_format = _check_format(file_format)

    def __call__(self, ann_file: str) -> AnnLines | LmdbAnnFileBackend:
        if self.file_format == 'lmdb':
            return LmdbAnnFileBackend(ann_file)
        return _read_txt_lines(ann_file)


class HTTPAnnFileBackend:
    """Load a ``txt`` annotation file from an ``http(s)://`` URL.

    Args:
        file_format: ``'txt'``; ``'lmdb'`` is accepted by the constructor
            (as in MMOCR 0.x) but loading one over HTTP raises
            ``NotImplementedError``.
        timeout: Seconds to wait for the server.
    """

    def __init__(self, file_format: str = 'txt', timeout: float = 60):
        self.file_format = _check_format(file_format)
        self.timeout = timeout

    def __call__(self, ann_file: str) -> AnnLines:
        if self.file_format == 'lmdb':
            raise NotImplementedError(
                f'{ann_file}: lmdb annotations cannot be read over http; copy '
                'the lmdb folder to a local disk')
        try:
            with urllib.request.urlopen(ann_file, timeout=self.timeout) as resp:
                data = resp.read()
        except urllib.error.HTTPError as err:
            raise OSError(f'annotation file {ann_file}: HTTP {err.code} '
                          f'{err.reason}') from None
        except (urllib.error.URLError, OSError) as err:
            reason = getattr(err, 'reason', err)
            raise OSError(f'annotation file {ann_file} cannot be fetched: '
                          f'{reason}') from None
        return _text_lines(data, ann_file)


def _petrel_client():
    try:
        from petrel_client.client import Client
    except ImportError as err:
        raise ImportError(
            'file_storage_backend="petrel" needs the "petrel_client" package '
            '(the Petrel OSS SDK, installed from its vendor); it is not '
            'installed') from err
    return Client()


class PetrelAnnFileBackend:
    """Load an annotation file from a Petrel (``s3://``) store.

    Needs the optional ``petrel_client`` package (an ``ImportError`` naming
    it is raised when loading without it).

    Args:
        file_format: ``'txt'`` or ``'lmdb'``.
        save_dir: Local folder an lmdb is copied into (under its path in the
            store) before it is opened; an existing copy is reused, with a
            warning.
    """

    def __init__(self, file_format: str = 'txt', save_dir: str = 'tmp_dir'):
        self.file_format = _check_format(file_format)
        self.save_dir = save_dir

    def __call__(self, ann_file: str) -> AnnLines | LmdbAnnFileBackend:
        client = _petrel_client()
        if self.file_format == 'txt':
            return _text_lines(client.get(ann_file), ann_file)
        local_dir = osp.join(self.save_dir,
                             ann_file.split('s3://')[-1].strip('/'))
        if osp.isdir(local_dir):
            warnings.warn(f'{local_dir} exists and is used as the local copy of '
                          f'{ann_file}; remove it (or change save_dir) if it is '
                          'stale', UserWarning, stacklevel=2)
        else:
            os.makedirs(local_dir)
            base = ann_file.rstrip('/')
            for name in client.list(base):
                with open(osp.join(local_dir, name), 'wb') as f:
                    f.write(client.get(f'{base}/{name}'))
        return LmdbAnnFileBackend(local_dir)
