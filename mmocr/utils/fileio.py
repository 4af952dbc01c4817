"""Small file helpers: line lists, atomic writes, directory scanning."""
from __future__ import annotations

import contextlib
import errno
import os
import os.path as osp
import tempfile
import uuid
from pathlib import Path
from typing import IO, Iterable, Iterator, Sequence, Union

from mmocr.utils.errors import InvalidTypeError, InvalidValueError
from mmocr.utils.string_util import read_text_lines

__all__ = [
    'list_from_file', 'list_to_file', 'atomic_open', 'atomic_write_text',
    'mkdir_or_exist', 'check_output_file',
    'check_file_exist', 'scandir', 'REPO_ROOT', 'MIM_ROOT', 'repo_path'
]

PathLike = Union[str, Path]

# The folder holding ``mmocr/``: the checkout root, or ``site-packages`` when
# mmocr is installed from a wheel.
REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
# Where a wheel carries the checkout's ``configs/`` (``mmocr/.mim/configs``,
# as in MMOCR 0.x; ``setup.py`` copies it there when building).
MIM_ROOT = osp.join(REPO_ROOT, 'mmocr', '.mim')


def _is_checkout(root: str) -> bool:
    return osp.isfile(osp.join(root, 'setup.py'))


def repo_path(path: str) -> str:
    """Resolve ``path``, written relative to the repository root, in a
    checkout, an editable install or an installed wheel.

    An absolute ``path`` is returned as given. Otherwise the first existing
    candidate of, in order: ``REPO_ROOT/path`` (only when :data:`REPO_ROOT`
    is a checkout, or for paths inside the package such as
    ``mmocr/model_zoo/...``, which every install has) and
    ``MIM_ROOT/path`` (the ``configs/`` a wheel carries). When neither
    exists, ``path`` is returned unchanged: a path relative to the working
    folder then works as usual and a missing one is named by the caller's
    error.
    """
    if osp.isabs(path):
        return path
    roots = [MIM_ROOT]
    if _is_checkout(REPO_ROOT) or Path(path).parts[:1] == ('mmocr',):
        roots.insert(0, REPO_ROOT)
    for root in roots:
        candidate = osp.join(root, path)
        if osp.exists(candidate):
            return candidate
    return path


def mkdir_or_exist(dir_name: PathLike, mode: int = 0o777) -> None:
    """Create ``dir_name`` and its parents; do nothing for ``''``."""
    if dir_name == '':
        return
    os.makedirs(osp.expanduser(str(dir_name)), mode=mode, exist_ok=True)


def check_file_exist(filename: PathLike,
                     msg_tmpl: str = 'file "{}" does not exist') -> None:
    """Raise :class:`FileNotFoundError` (``msg_tmpl`` filled with the name)
    when ``filename`` is not an existing file."""
    if not osp.isfile(str(filename)):
        raise FileNotFoundError(msg_tmpl.format(filename))


def list_from_file(filename: PathLike, encoding: str = 'utf-8') -> list[str]:
    """Read a text file into a list of lines, line endings removed (MMOCR
    0.x's function).

    The lines of :func:`~mmocr.utils.string_util.read_text_lines` (a
    byte-order mark dropped; ``\\n``, ``\\r\\n`` and ``\\r`` end a line;
    other whitespace is kept), except that a line end closing the file
    gives no last, empty line (an empty file gives ``[]``).

    Args:
        filename: Path of the file.
        encoding: Text encoding of the file.

    Raises:
        FileNotFoundError: ``filename`` is not an existing file.
        InvalidValueError: the bytes are not text in ``encoding``, naming
            the file and the line.
    """
    check_file_exist(filename)
    lines = read_text_lines(filename, encoding)
    return lines[:-1] if lines[-1] == '' else lines


def _create_beside(filename: str) -> tuple[int, str]:
    """Create a new hidden file ``.<name>.<random>.tmp`` beside
    ``filename`` as ``open(path, 'w')`` would (mode ``0o666`` less the
    umask, and the folder's default ACL if any: the umask is never changed,
    so other threads are not affected); return its descriptor and path."""
    dirname, basename = osp.split(filename)
    flags = (os.O_WRONLY | os.O_CREAT | os.O_EXCL
             | getattr(os, 'O_BINARY', 0) | getattr(os, 'O_NOFOLLOW', 0))
    for _ in range(100):
        path = osp.join(dirname, f'.{basename}.{uuid.uuid4().hex[:8]}.tmp')
        try:
            return os.open(path, flags, 0o666), path
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, 'no free temporary file name',
                          filename)


@contextlib.contextmanager
def atomic_open(filename: PathLike, mode: str = 'wb',
                encoding: str | None = None) -> Iterator[IO]:
    """Open a temporary file beside ``filename`` that replaces it on success.

    A reader never sees a half-written file: the data goes to a temporary
    file in the same directory, which is flushed to disk and renamed over
    ``filename`` when the ``with`` block ends without error; on error it is
    removed and ``filename`` is left as it was. Missing parent directories
    are created; the file gets the permissions a plain ``open()`` gives
    (``0o666 & ~umask``).
    """
    if 'w' not in mode:
        raise InvalidValueError(f'atomic_open writes files; got mode {mode!r}')
    filename = osp.abspath(str(filename))
    dirname = osp.dirname(filename)
    try:
        mkdir_or_exist(dirname)
        fd, tmp_path = _create_beside(filename)
    except OSError as err:  # name the file asked for, not a temporary one
        raise type(err)(err.errno, f'cannot write {filename}: '
                        f'{err.strerror}', err.filename) from None
    try:
        kwargs = {} if 'b' in mode else dict(encoding=encoding or 'utf-8',
                                             newline='')
        with os.fdopen(fd, mode, **kwargs) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp_path, filename)
    finally:
        if osp.exists(tmp_path):
            os.remove(tmp_path)


def atomic_write_text(filename: PathLike, text: str,
                      encoding: str = 'utf-8') -> None:
    """Write ``text`` to ``filename`` atomically (see :func:`atomic_open`)."""
    with atomic_open(filename, 'w', encoding=encoding) as f:
        f.write(text)


def check_output_file(filename: PathLike, what: str = 'output') -> None:
    """Create the folder of ``filename`` and check that a file can be
    written there, so that a long run stops at its start, not at its end.

    Args:
        filename: The file the run will write.
        what: How error messages name it (e.g. ``'--out'``).

    Raises:
        OSError: the folder cannot be created or written to (the message
            names ``what`` and ``filename``).
    """
    folder = osp.dirname(osp.abspath(str(filename)))
    try:
        mkdir_or_exist(folder)
        fd, probe = tempfile.mkstemp(dir=folder, prefix='.write_probe.')
        os.close(fd)
        os.remove(probe)
    except OSError as err:
        raise type(err)(err.errno, f'{what} {filename} cannot be written: '
                        f'{err.strerror}', err.filename) from None


def list_to_file(filename: PathLike, lines: Iterable) -> None:
    """Write one item of ``lines`` per line (``str(item)`` + ``\\n``) to
    ``filename`` atomically, creating missing parent directories."""
    atomic_write_text(filename, ''.join(f'{line}\n' for line in lines))


def scandir(dir_path: PathLike,
            suffix: str | Sequence[str] | None = None,
            recursive: bool = False,
            case_sensitive: bool = True) -> Iterator[str]:
    """Yield the paths of the files in ``dir_path``, relative to it.

    Args:
        dir_path: Directory to scan.
        suffix: Only yield files whose names end with this suffix (or one of
            these suffixes). ``None`` yields every file.
        recursive: Descend into sub-directories.
        case_sensitive: Whether ``suffix`` matching is case sensitive.

    Raises:
        NotADirectoryError: ``dir_path`` is not a directory.
        TypeError: ``suffix`` is neither a string nor a sequence of strings.
    """
    root = str(dir_path)
    if not osp.isdir(root):
        raise NotADirectoryError(f'"{root}" is not a directory')
    if suffix is None:
        suffixes = None
    elif isinstance(suffix, str):
        suffixes = (suffix, )
    elif isinstance(suffix, (list, tuple)) and all(
            isinstance(s, str) for s in suffix):
        suffixes = tuple(suffix)
    else:
        raise InvalidTypeError(f'suffix must be a str or a sequence of str, got '
                               f'{suffix!r}')
    if suffixes is not None and not case_sensitive:
        suffixes = tuple(s.lower() for s in suffixes)
    yield from _scan(root, root, suffixes, recursive, case_sensitive)


def _scan(root: str, current: str, suffixes: tuple[str, ...] | None,
          recursive: bool, case_sensitive: bool) -> Iterator[str]:
    with os.scandir(current) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name.startswith('.'):
                continue
            if entry.is_file():
                name = entry.name if case_sensitive else entry.name.lower()
                if suffixes is None or name.endswith(suffixes):
                    yield osp.relpath(entry.path, root)
            elif recursive and entry.is_dir():
                yield from _scan(root, entry.path, suffixes, recursive,
                                 case_sensitive)
