import gzip

import pytest

from mmocr.utils import (
    atomic_write_text,
    check_file_exist,
    list_from_file,
    list_to_file,
    mkdir_or_exist,
    scandir,
)
from mmocr.utils.errors import InvalidValueError


def test_list_to_file_and_back(tmp_path):
    path = tmp_path / 'sub' / 'dir' / 'lines.txt'  # parents are created
    lines = ['abc', ' with space ', '', 'ünïcödé', 12]
    list_to_file(path, lines)
    assert path.read_bytes() == 'abc\n with space \n\nünïcödé\n12\n'.encode()
    assert list_from_file(path) == ['abc', ' with space ', '', 'ünïcödé', '12']
    # no temporary file is left behind
    assert sorted(p.name for p in path.parent.iterdir()) == ['lines.txt']


def test_list_from_file_crlf_and_encoding(tmp_path):
    path = tmp_path / 'crlf.txt'
    path.write_bytes('a\r\nb\r\nc'.encode('gbk'))
    assert list_from_file(path) == ['a', 'b', 'c']
    path.write_bytes('文字\n'.encode('gbk'))
    assert list_from_file(path, encoding='gbk') == ['文字']
    with pytest.raises(FileNotFoundError, match='missing.txt'):
        list_from_file(tmp_path / 'missing.txt')


@pytest.mark.parametrize('data, expected', [
    (b'\xef\xbb\xbfa b\r\n\r\nc\r\n', ['a b', '', 'c']),  # BOM + CRLF
    (b'\xef\xbb\xbfa\r\nb', ['a', 'b']),  # no line end at the end
    (b'a\rb\r\r', ['a', 'b', '']),  # old Mac line ends
    (b'\xef\xbb\xbf', []),
    (b'', []),
])
def test_list_from_file_drops_a_bom_and_crlf(tmp_path, data, expected):
    path = tmp_path / 'bom.txt'
    path.write_bytes(data)
    assert list_from_file(path) == expected
    assert list_from_file(str(path), encoding='utf-8') == expected


def test_list_from_file_bom_with_another_encoding(tmp_path):
    path = tmp_path / 'utf16.txt'
    path.write_bytes('\ufeff文字\r\n二\r\n'.encode('utf-16-le'))
    assert list_from_file(path, encoding='utf-16-le') == ['文字', '二']


def test_list_from_file_names_the_undecodable_line(tmp_path):
    path = tmp_path / 'latin1.txt'
    path.write_bytes('a\ncaf\xe9\n'.encode('latin-1'))
    with pytest.raises(InvalidValueError, match=r'latin1.txt:2: not UTF-8'):
        list_from_file(path)
    assert list_from_file(path, encoding='latin-1') == ['a', 'café']


def test_list_from_file_reads_gzip(tmp_path):
    """A ``.gz`` file (a shipped lexicon) reads as the text it holds."""
    path = tmp_path / 'words.txt.gz'
    path.write_bytes(gzip.compress('\ufeffOne\r\ntwo\n'.encode()))
    assert list_from_file(path) == ['One', 'two']
    bad = tmp_path / 'plain.gz'
    bad.write_text('not compressed\n')
    with pytest.raises(InvalidValueError, match='plain.gz: not gzip data'):
        list_from_file(bad)


def test_atomic_write_keeps_old_file_on_failure(tmp_path):
    path = tmp_path / 'x.txt'
    atomic_write_text(path, 'old')

    class Boom:
        def __str__(self):
            raise RuntimeError('boom')

    with pytest.raises(RuntimeError):
        list_to_file(path, ['new', Boom()])
    assert path.read_text() == 'old'
    assert [p.name for p in tmp_path.iterdir()] == ['x.txt']


def test_mkdir_check_and_scandir(tmp_path):
    mkdir_or_exist(tmp_path / 'a' / 'b')
    mkdir_or_exist(tmp_path / 'a' / 'b')  # exists: no error
    mkdir_or_exist('')
    for name in ('a/1.jpg', 'a/b/2.PNG', 'a/b/3.png', 'top.txt', '.hidden'):
        (tmp_path / name).write_text('x')
    check_file_exist(tmp_path / 'top.txt')
    with pytest.raises(FileNotFoundError, match='nope'):
        check_file_exist(tmp_path / 'nope')
    assert list(scandir(tmp_path)) == ['top.txt']
    assert list(scandir(tmp_path, recursive=True)) == [
        'a/1.jpg', 'a/b/2.PNG', 'a/b/3.png', 'top.txt']
    assert list(scandir(tmp_path, '.png', recursive=True)) == ['a/b/3.png']
    assert list(scandir(tmp_path, ('.png', '.jpg'), recursive=True,
                        case_sensitive=False)) == [
                            'a/1.jpg', 'a/b/2.PNG', 'a/b/3.png']
    with pytest.raises(TypeError):
        list(scandir(tmp_path, 3))
    with pytest.raises(NotADirectoryError):
        list(scandir(tmp_path / 'top.txt'))


def test_atomic_open_binary_permissions_and_rollback(tmp_path):
    import os
    import stat

    from mmocr.utils.fileio import atomic_open
    target = tmp_path / 'sub' / 'blob.bin'
    with atomic_open(target, 'wb') as f:
        f.write(b'abc')
    assert target.read_bytes() == b'abc'
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    with pytest.raises(RuntimeError):
        with atomic_open(target, 'wb') as f:
            f.write(b'partial')
            raise RuntimeError('interrupted')
    assert target.read_bytes() == b'abc'
    assert sorted(p.name for p in target.parent.iterdir()) == ['blob.bin']
    with pytest.raises(ValueError, match='writes files'):
        with atomic_open(target, 'rb'):
            pass


def test_atomic_open_error_names_the_target(tmp_path):
    blocker = tmp_path / 'a_file'
    blocker.write_text('x')
    target = blocker / 'sub' / 'out.txt'
    with pytest.raises(NotADirectoryError,
                       match=f'cannot write {target}: Not a directory'):
        atomic_write_text(target, 'data')
    assert blocker.read_text() == 'x'


def test_check_output_file(tmp_path):
    from mmocr.utils.fileio import check_output_file
    target = tmp_path / 'new' / 'dir' / 'results.pkl'
    check_output_file(target, '--out')
    assert target.parent.is_dir() and list(target.parent.iterdir()) == []
    blocker = tmp_path / 'a_file'
    blocker.write_text('x')
    with pytest.raises(FileExistsError, match=f'--out {blocker}/r.pkl cannot '
                       'be written: File exists'):
        check_output_file(blocker / 'r.pkl', '--out')


@pytest.mark.parametrize('umask', [0o022, 0o077, 0o002])
def test_atomic_open_mode_is_that_of_open_without_touching_the_umask(
        tmp_path, monkeypatch, umask):
    """The file gets the mode a plain open() gives, and the process umask
    is never changed (changing it races with other threads)."""
    import os
    import stat

    from mmocr.utils.fileio import atomic_open
    old = os.umask(umask)
    try:
        plain = tmp_path / 'plain.txt'
        with open(plain, 'w') as f:
            f.write('x')
        calls = []
        monkeypatch.setattr(os, 'umask', lambda *a: calls.append(a))
        for mode in ('w', 'wb'):
            target = tmp_path / f'atomic_{mode}.txt'
            with atomic_open(target, mode) as f:
                f.write('x' if mode == 'w' else b'x')
            assert stat.S_IMODE(target.stat().st_mode) == stat.S_IMODE(
                plain.stat().st_mode) == 0o666 & ~umask
        assert calls == []
    finally:
        monkeypatch.undo()
        os.umask(old)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        'atomic_w.txt', 'atomic_wb.txt', 'plain.txt']
