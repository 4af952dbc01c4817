"""Bad dictionary files, for every label convertor taking ``dict_file``: a
clear error naming the file and line (duplicates, several characters on a
line, no character, not UTF-8); a byte-order mark and Windows / old Mac line
ends are read as plain UTF-8 lines."""
from __future__ import annotations

import inspect

import pytest

import mmocr.models  # noqa: F401 (registers the convertors)
from mmocr.registry import CONVERTORS

CONVERTOR_TYPES = sorted(
    name for name, cls in CONVERTORS.module_dict.items()
    if 'dict_file' in inspect.signature(cls.__init__).parameters)


def _build(name: str, path) -> object:
    return CONVERTORS.build(dict(type=name, dict_file=str(path)))


def _chars(convertor) -> list[str]:
    """The dictionary characters, special tokens left out."""
    return [c for c in convertor.idx2char if not c.startswith('<')]


def test_every_dict_file_convertor_is_covered():
    assert {'BaseConvertor', 'CTCConvertor', 'AttnConvertor',
            'SegConvertor'} <= set(CONVERTOR_TYPES)


@pytest.mark.parametrize('name', CONVERTOR_TYPES)
def test_duplicate_character_names_both_lines(name, tmp_path):
    path = tmp_path / 'dup.txt'
    path.write_text('a\nb\nc\nb\n', encoding='utf-8')
    with pytest.raises(ValueError,
                       match=r"dup.txt:4: character 'b' is already on line 2"):
        _build(name, path)


@pytest.mark.parametrize('name', CONVERTOR_TYPES)
@pytest.mark.parametrize('content', ['', '\n\n', '\r\n'])
def test_empty_file_is_an_error_naming_it(name, content, tmp_path):
    path = tmp_path / 'empty.txt'
    path.write_bytes(content.encode())
    with pytest.raises(ValueError, match=r'empty.txt: empty dictionary'):
        _build(name, path)


@pytest.mark.parametrize('name', CONVERTOR_TYPES)
def test_empty_lines_are_skipped_as_in_mmocr_0x(name, tmp_path):
    path = tmp_path / 'gaps.txt'
    path.write_bytes(b'\na\n\n\nb\n\n')
    assert _chars(_build(name, path)) == ['a', 'b']


@pytest.mark.parametrize('name', CONVERTOR_TYPES)
def test_multi_character_line_names_file_and_line(name, tmp_path):
    path = tmp_path / 'multi.txt'
    path.write_text('a\nb\nab\n', encoding='utf-8')
    with pytest.raises(ValueError, match=r"multi.txt:3: expected one "
                       r"character per line, got 2 characters 'ab'"):
        _build(name, path)
    # a trailing space makes two characters too
    path.write_text('a\nb \n', encoding='utf-8')
    with pytest.raises(ValueError, match=r"multi.txt:2: .*'b '"):
        _build(name, path)


@pytest.mark.parametrize('name', CONVERTOR_TYPES)
def test_bom_and_crlf_are_handled(name, tmp_path):
    plain = tmp_path / 'plain.txt'
    plain.write_bytes(b'a\n \nb\n')
    expected = _chars(_build(name, plain))
    assert expected == ['a', ' ', 'b']
    for i, data in enumerate([
            b'\xef\xbb\xbfa\n \nb\n',           # UTF-8 byte-order mark
            b'a\r\n \r\nb\r\n',                  # Windows line ends
            b'\xef\xbb\xbfa\r\n \r\n\r\nb',      # both, an empty line, no end
            b'a\r \rb\r']):                      # old Mac line ends
        path = tmp_path / f'variant{i}.txt'
        path.write_bytes(data)
        assert _chars(_build(name, path)) == expected, data


def test_non_utf8_file_names_the_line(tmp_path):
    path = tmp_path / 'latin1.txt'
    path.write_bytes('a\nb\n\xe9\n'.encode('latin-1'))
    with pytest.raises(ValueError, match=r'latin1.txt:3: not UTF-8'):
        _build('BaseConvertor', path)


def test_dict_list_duplicates_still_rejected():
    with pytest.raises(ValueError, match='duplicated'):
        CONVERTORS.build(dict(type='SegConvertor', dict_list=['a', 'a']))
