"""Read and write text recognition lmdb databases (MMOCR 0.x layouts).

Layouts written here, all read by
:class:`mmocr.datasets.utils.LmdbAnnFileBackend` and
:class:`mmocr.datasets.pipelines.LoadImageFromLMDB`:

* image + label (:func:`recog2lmdb`, the academic layout): ``num-samples``,
  ``image-000000001`` (encoded image bytes), ``label-000000001`` (the text);
  keys are 1-based.
* label only (:func:`recog2lmdb` with ``label_only=True``): ``num-samples``
  and ``label-000000001`` holding ``{"filename": ..., "text": ...}`` as json.
* deprecated (:func:`lmdb_converter`, MMOCR's old ``txt2lmdb``):
  ``total_number`` and ``0``, ``1``, ... each holding a raw annotation line.

:func:`acquire_lmdb_env` gives the one read-only handle per process and
database (fork-safe); :class:`LmdbReader` reads keys through it.
"""
from __future__ import annotations

import json
import os
import os.path as osp
import warnings
from typing import Any, Iterable, Iterator, Sequence

from mmocr.utils.errors import InvalidValueError

from .errors import ImageLoadError
from .img_util import imfrombytes

__all__ = [
    'LmdbReader', 'acquire_lmdb_env', 'release_lmdb_env', 'recog2lmdb',
    'lmdb_converter', 'parse_label_line', 'format_label_lines', 'parse_line',
    'check_image_is_valid', 'write_cache', 'write_line_lmdb'
]

# MMOCR 0.6's default map size (1 TiB, recog2lmdb and
# tools/data/utils/lmdb_converter.py); lmdb files are sparse, so only the
# bytes written use disk space.
DEFAULT_MAP_SIZE = 1099511627776


def _import_lmdb():
    try:
        import lmdb
    except ImportError as err:  # pragma: no cover - lmdb is a dependency
        raise ImportError('lmdb databases need the "lmdb" package: '
                          'pip install lmdb') from err
    return lmdb


# Read-only environments by real path: [pid, environment, users]. LMDB
# forbids opening one environment twice in a process and a handle must not
# be used across fork(); see acquire_lmdb_env.
_ENVS: dict[str, list] = {}


def acquire_lmdb_env(path: str):
    """The read-only ``lmdb.Environment`` of ``path`` for this process.

    Opened on first use and shared by every user in the process (LMDB
    refuses a second open of the same files); each call must be paired with
    :func:`release_lmdb_env`. A handle inherited through ``fork()``
    (dataloader workers) is released in the child and the database
    re-opened, since LMDB handles must not cross a fork.

    Raises:
        FileNotFoundError: ``path`` holds no ``data.mdb``.
        OSError: the database cannot be opened (broken, not an lmdb).
    """
    if not osp.isfile(osp.join(path, 'data.mdb')):
        raise FileNotFoundError(
            f'lmdb database not found (no data.mdb in {path!r})')
    key = osp.realpath(path)
    pid = os.getpid()
    entry = _ENVS.get(key)
    if entry is not None and entry[0] != pid:
        entry[1].close()  # this process's copy of the parent's handle
        del _ENVS[key]
        entry = None
    if entry is None:
        lmdb = _import_lmdb()
        try:
            env = lmdb.open(path, readonly=True, lock=False, readahead=False,
                            meminit=False, max_readers=1024, subdir=True)
        except lmdb.Error as err:
            raise OSError(f'cannot open lmdb database {path!r} (broken or '
                          f'not an lmdb): {err}') from None
        entry = _ENVS[key] = [pid, env, 0]
    entry[2] += 1
    return entry[1]


def release_lmdb_env(path: str) -> None:
    """Drop one use of ``path``'s environment; the last closes it."""
    key = osp.realpath(path)
    entry = _ENVS.get(key)
    if entry is None or entry[0] != os.getpid():
        return
    entry[2] -= 1
    if entry[2] <= 0:
        entry[1].close()
        del _ENVS[key]


class LmdbReader:
    """Read-only access to one lmdb database.

    The database is opened lazily on first access in each process (see
    :func:`acquire_lmdb_env`); pickling drops the handle, so the reader can
    be sent to or inherited by dataloader workers.

    Args:
        path: The lmdb directory (holding ``data.mdb``).
    """

    def __init__(self, path: str):
        if not osp.isfile(osp.join(path, 'data.mdb')):
            raise FileNotFoundError(
                f'lmdb database not found (no data.mdb in {path!r})')
        self.path = path
        self._env = None
        self._pid: int | None = None

    def _get_env(self):
        if self._env is None or self._pid != os.getpid():
            self._env = acquire_lmdb_env(self.path)
            self._pid = os.getpid()
        return self._env

    def get(self, key: str | bytes) -> bytes | None:
        """The value stored under ``key``, or None when absent."""
        if isinstance(key, str):
            key = key.encode('utf-8')
        lmdb = _import_lmdb()
        try:
            with self._get_env().begin(write=False) as txn:
                return txn.get(key)
        except lmdb.Error as err:
            raise OSError(f'reading key {key!r} from lmdb database '
                          f'{self.path!r} failed (broken database?): '
                          f'{err}') from None

    def num_samples(self) -> int | None:
        """``num-samples`` (or legacy ``total_number``) as int, else None."""
        for key in (b'num-samples', b'total_number'):
            value = self.get(key)
            if value is not None:
                return int(value.decode('utf-8'))
        return None

    def close(self) -> None:
        """Release this process's handle (re-opened on next access)."""
        if self._env is not None and self._pid == os.getpid():
            release_lmdb_env(self.path)
        self._env = None
        self._pid = None

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state['_env'] = None
        state['_pid'] = None
        return state

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(path={self.path!r})'


def parse_label_line(line: str, label_format: str, where: str
                     ) -> tuple[str, str] | None:
    """Parse one label line into ``(filename, text)``.

    Args:
        line: ``'img.jpg TEXT'`` (txt: the text is everything after the first
            space) or ``'{"filename": "img.jpg", "text": "TEXT"}'`` (jsonl).
        label_format: ``'txt'`` or ``'jsonl'``.
        where: ``'file:line'`` used in error messages.

    Returns:
        ``(filename, text)``, or None for a blank line.

    Raises:
        ValueError: the line cannot be parsed.
    """
    line = line.rstrip('\r\n')
    if not line.strip():
        return None
    if label_format == 'txt':
        filename, sep, text = line.partition(' ')
        if not filename or not sep:
            raise InvalidValueError(f'{where}: expected "filename text", got '
                                    f'{line!r}')
        return filename, text
    if label_format == 'jsonl':
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            raise InvalidValueError(f'{where}: not valid json ({err.msg}): '
                                    f'{line[:200]!r}') from None
        if not isinstance(obj, dict) or 'filename' not in obj or \
                'text' not in obj:
            raise InvalidValueError(f'{where}: expected a json object with '
                                    f'"filename" and "text", got {line[:200]!r}')
        return str(obj['filename']), str(obj['text'])
    raise InvalidValueError(f'label_format must be "txt" or "jsonl", got '
                            f'{label_format!r}')


def parse_line(line: str, format: str) -> tuple[str, str]:
    """``(filename, text)`` of one label line (MMOCR 0.x's helper of
    :func:`recog2lmdb`); ``format`` is ``'txt'`` (``'img.jpg TEXT'``, the
    text being everything after the first space) or ``'jsonl'``.

    Raises:
        InvalidValueError: the line is blank or cannot be parsed.
    """
    parsed = parse_label_line(line, format, 'label line')
    if parsed is None:
        raise InvalidValueError('label line: blank, expected "filename text" or '
                                'a json object')
    return parsed


def format_label_lines(samples: Iterable[tuple[str, str]],
                       label_format: str) -> str:
    """The label file content of ``(filename, text)`` samples, one line each
    in the format :func:`parse_label_line` reads: ``'filename text'``
    (``'txt'``) or ``{"filename": ..., "text": ...}`` json lines
    (``'jsonl'``, the format for texts with spaces)."""
    if label_format == 'jsonl':
        lines = [json.dumps({'filename': name, 'text': text},
                            ensure_ascii=False) for name, text in samples]
    elif label_format == 'txt':
        lines = [f'{name} {text}' for name, text in samples]
    else:
        raise InvalidValueError(f'label_format must be "txt" or "jsonl", got '
                                f'{label_format!r}')
    return ''.join(line + '\n' for line in lines)


def _read_labels(label_path: str, label_format: str, encoding: str
                 ) -> Iterator[tuple[str, str, str]]:
    """Yield ``(where, filename, text)`` for each non-blank label line."""
    if not osp.isfile(label_path):
        raise FileNotFoundError(f'label file not found: {label_path}')
    with open(label_path, encoding=encoding) as f:
        for line_no, line in enumerate(f, 1):
            where = f'{label_path}:{line_no}'
            parsed = parse_label_line(line, label_format, where)
            if parsed is not None:
                yield (where, *parsed)


def check_image_is_valid(imageBin: bytes | None) -> bool:
    """Whether the encoded image bytes ``imageBin`` decode to a non-empty
    image (what the loaders accept); ``None`` or empty bytes are not.
    (The argument keeps MMOCR 0.x's name.)"""
    if not imageBin:
        return False
    try:
        imfrombytes(imageBin, 'unchanged')
    except ImageLoadError:  # empty or undecodable
        return False
    return True


def _open_for_writing(output: str, lmdb_map_size: int):
    lmdb = _import_lmdb()
    if osp.isfile(output):
        raise FileExistsError(f'lmdb output {output!r} is a file')
    if osp.isfile(osp.join(output, 'data.mdb')):
        warnings.warn(f'{output} already holds an lmdb database; its keys '
                      'are overwritten', UserWarning, stacklevel=3)
    os.makedirs(output, exist_ok=True)
    return lmdb.open(output, map_size=lmdb_map_size)


def recog2lmdb(img_root: str | None, label_path: str, output: str,
               label_format: str = 'txt', label_only: bool = False,
               batch_size: int = 1000, encoding: str = 'utf-8',
               lmdb_map_size: int = DEFAULT_MAP_SIZE, verify: bool = True,
               show_progress: bool = False) -> int:
    """Pack a recognition dataset into an lmdb database.

    Args:
        img_root: Folder the label file's filenames are relative to (unused
            when ``label_only``).
        label_path: ``filename text`` lines (txt) or json lines with
            ``filename`` and ``text`` (jsonl).
        output: lmdb directory to write.
        label_format: ``'txt'`` or ``'jsonl'``.
        label_only: Write only labels (as json) and no images.
        batch_size: Records per write transaction.
        encoding: Encoding of the label file and of the stored text.
        lmdb_map_size: Maximum database size in bytes.
        verify: Skip (with a warning) images that do not decode.
        show_progress: Show a tqdm progress bar.

    Returns:
        The number of samples written (``num-samples``).
    """
    if label_format not in ('txt', 'jsonl'):
        raise InvalidValueError(f'label_format must be "txt" or "jsonl", got '
                                f'{label_format!r}')
    if batch_size < 1:
        raise InvalidValueError(f'batch_size must be >= 1, got {batch_size}')
    if not label_only and (not img_root or not osp.isdir(img_root)):
        raise FileNotFoundError(
            f'image folder not found: {img_root!r} (pass the folder holding '
            'the images, or label_only=True)')
    records = list(_read_labels(label_path, label_format, encoding))
    env = _open_for_writing(output, lmdb_map_size)
    bar = None
    if show_progress:
        from tqdm import tqdm
        bar = tqdm(total=len(records), desc=f'writing {output}', unit='img')
    cache: list[tuple[bytes, bytes]] = []
    count = 0
    skipped_empty: list[str] = []
    skipped_bad: list[str] = []
    try:
        for where, filename, text in records:
            if bar is not None:
                bar.update(1)
            if not text.strip():
                skipped_empty.append(where)
                continue
            index = count + 1
            label_key = f'label-{index:09d}'.encode(encoding)
            if label_only:
                value = json.dumps({'filename': filename, 'text': text},
                                   ensure_ascii=False)
                cache.append((label_key, value.encode(encoding)))
            else:
                img_path = osp.join(img_root, filename)
                if not osp.isfile(img_path):
                    raise FileNotFoundError(f'{where}: image not found: '
                                            f'{img_path}')
                with open(img_path, 'rb') as f:
                    img_bytes = f.read()
                if verify and not check_image_is_valid(img_bytes):
                    skipped_bad.append(f'{where} ({img_path})')
                    continue
                cache.append((f'image-{index:09d}'.encode(encoding),
                              img_bytes))
                cache.append((label_key, text.encode(encoding)))
            count += 1
            if len(cache) >= batch_size * (1 if label_only else 2):
                write_cache(env, cache)
                cache = []
        cache.append((b'num-samples', str(count).encode(encoding)))
        write_cache(env, cache)
    finally:
        if bar is not None:
            bar.close()
        env.close()
    if skipped_empty:
        warnings.warn(f'{len(skipped_empty)} empty label(s) skipped, first: '
                      f'{skipped_empty[0]}', UserWarning, stacklevel=2)
    if skipped_bad:
        warnings.warn(f'{len(skipped_bad)} undecodable image(s) skipped, '
                      f'first: {skipped_bad[0]}', UserWarning, stacklevel=2)
    return count


def write_cache(env, cache: list[tuple[bytes, bytes]]) -> None:
    """Write the ``(key, value)`` byte pairs of ``cache`` to the lmdb
    environment ``env`` in one transaction, replacing existing keys."""
    with env.begin(write=True) as txn:
        txn.cursor().putmulti(cache, dupdata=False, overwrite=True)


def lmdb_converter(img_list_file: str, output: str, batch_size: int = 1000,
                   coding: str = 'utf-8',
                   lmdb_map_size: int = DEFAULT_MAP_SIZE) -> int:
    """Deprecated: write a label file's lines to an lmdb (``txt2lmdb``).

    Each line ``i`` (0-based, blank lines included as in MMOCR) is stored
    under key ``str(i)``; ``total_number`` holds the line count. Use
    :func:`recog2lmdb` for the current layouts.

    Returns:
        The number of lines written.
    """
    warnings.warn('lmdb_converter writes the deprecated txt2lmdb layout; use '
                  'recog2lmdb (tools/data/utils/lmdb_converter.py) instead',
                  DeprecationWarning, stacklevel=2)
    if not osp.isfile(img_list_file):
        raise FileNotFoundError(f'label file not found: {img_list_file}')
    with open(img_list_file, encoding=coding) as f:
        lines = [line.rstrip('\r\n') for line in f]
    return write_line_lmdb(lines, output, batch_size, coding, lmdb_map_size)


def write_line_lmdb(lines: Sequence[str], output: str, batch_size: int = 1000,
                    coding: str = 'utf-8',
                    lmdb_map_size: int = DEFAULT_MAP_SIZE) -> int:
    """Write ``lines`` to an lmdb under keys ``'0'``, ``'1'``, ... and their
    count under ``total_number`` (the layout of ``txt2lmdb`` and of MMOCR
    0.x's SynthText detection lmdb, read by ``LmdbLoader``).

    Returns:
        The number of lines written.
    """
    env = _open_for_writing(output, lmdb_map_size)
    try:
        for begin in range(0, len(lines), batch_size):
            write_cache(env, [(str(i).encode(coding), lines[i].encode(coding))
                               for i in range(begin,
                                              min(begin + batch_size,
                                                  len(lines)))])
        write_cache(env, [(b'total_number', str(len(lines)).encode(coding))])
    finally:
        env.close()
    return len(lines)
