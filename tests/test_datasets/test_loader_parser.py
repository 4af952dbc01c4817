"""AnnFileLoader, backends and parsers (txt and lmdb)."""
from __future__ import annotations

import json
import pickle

import lmdb
import pytest

from mmocr.datasets.utils import (
    AnnFileLoader,
    AnnotationParseError,
    HardDiskLoader,
    LineJsonParser,
    LineStrParser,
    LmdbAnnFileBackend,
    LmdbLoader,
)
from mmocr.registry import LOADERS, PARSERS, build_from_cfg


def _write_lmdb(path, items: dict[bytes, bytes]) -> str:
    env = lmdb.open(str(path), map_size=1 << 20)
    with env.begin(write=True) as txn:
        for k, v in items.items():
            txn.put(k, v)
    env.close()
    return str(path)


def test_registered():
    for name in ('AnnFileLoader', 'HardDiskLoader', 'LmdbLoader'):
        assert name in LOADERS
    for name in ('LineStrParser', 'LineJsonParser'):
        assert name in PARSERS


def test_line_str_parser_fields_and_repeat(tmp_path):
    ann = tmp_path / 'label.txt'
    ann.write_text('a.jpg HELLO\nb.jpg 10 20 WORLD\n')
    loader = AnnFileLoader(
        str(ann),
        parser=dict(type='LineStrParser', keys=['filename', 'text'],
                    keys_idx=[0, 1], separator=' '),
        repeat=2)
    assert len(loader) == 4
    assert loader[0] == {'filename': 'a.jpg', 'text': 'HELLO'}
    with pytest.warns(UserWarning, match='line 2: more fields'):
        assert loader[3] == {'filename': 'b.jpg', 'text': '10'}
    assert [x['filename'] for x in loader] == ['a.jpg', 'b.jpg'] * 2
    with pytest.raises(IndexError):
        loader[4]


def test_line_str_parser_error_names_file_and_line(tmp_path):
    ann = tmp_path / 'label.txt'
    ann.write_text('a.jpg HELLO\nbroken\n')
    loader = AnnFileLoader(str(ann), parser=dict(type='LineStrParser'))
    with pytest.raises(AnnotationParseError, match=r'label\.txt, line 2'):
        loader[1]


def test_line_json_parser(tmp_path):
    ann = tmp_path / 'label.jsonl'
    ann.write_text('{"filename": "a.jpg", "text": "A B", "x": 1}\n'
                   '{"filename": "b.jpg"\n'
                   '{"text": "no filename"}\n')
    loader = AnnFileLoader(
        str(ann), parser=dict(type='LineJsonParser',
                              keys=['filename', 'text']))
    assert loader[0] == {'filename': 'a.jpg', 'text': 'A B'}
    with pytest.raises(AnnotationParseError, match=r'label\.jsonl, line 2.*json'):
        loader[1]
    with pytest.raises(AnnotationParseError, match=r'line 3.*filename'):
        loader[2]


def test_parser_arguments_checked():
    with pytest.raises(ValueError):
        LineStrParser(keys=['a', 'b'], keys_idx=[0])
    with pytest.raises(ValueError):
        LineJsonParser(keys=[])


def test_loader_arguments_checked(tmp_path):
    ann = tmp_path / 'x.txt'
    ann.write_text('a b\n')
    parser = dict(type='LineStrParser')
    with pytest.raises(ValueError, match='repeat'):
        AnnFileLoader(str(ann), parser, repeat=0)
    with pytest.raises(NotImplementedError):
        AnnFileLoader(str(ann), parser, file_storage_backend='petrel')
    with pytest.raises(ValueError, match='file_format'):
        AnnFileLoader(str(ann), parser, file_format='csv')
    with pytest.raises(ValueError, match='LineJsonParser'):
        AnnFileLoader(str(ann), parser, file_format='lmdb')
    with pytest.raises(FileNotFoundError, match='missing.txt'):
        AnnFileLoader(str(tmp_path / 'missing.txt'), parser)


def test_legacy_hard_disk_loader(tmp_path):
    ann = tmp_path / 'x.txt'
    ann.write_text('a.jpg T\n')
    with pytest.warns(UserWarning, match='deprecated'):
        loader = build_from_cfg(
            dict(type='HardDiskLoader', ann_file=str(ann), repeat=1,
                 parser=dict(type='LineStrParser')), LOADERS)
    assert isinstance(loader, HardDiskLoader)
    assert loader[0]['text'] == 'T'


def test_lmdb_new_layout_label_only(tmp_path):
    lines = [json.dumps({'filename': f'{i}.jpg', 'text': f't {i}'})
             for i in range(3)]
    items = {f'label-{i + 1:09d}'.encode(): s.encode()
             for i, s in enumerate(lines)}
    items[b'num-samples'] = b'3'
    path = _write_lmdb(tmp_path / 'label.lmdb', items)
    loader = AnnFileLoader(path, dict(type='LineJsonParser',
                                      keys=['filename', 'text']),
                           file_format='lmdb')
    assert len(loader) == 3
    assert loader[2] == {'filename': '2.jpg', 'text': 't 2'}
    # Picklable without the env; reopened lazily after unpickling.
    clone = pickle.loads(pickle.dumps(loader))
    assert clone.ori_data_infos._env is None
    assert clone[1] == {'filename': '1.jpg', 'text': 't 1'}
    loader.close()


def test_lmdb_image_and_label_layout(tmp_path):
    path = _write_lmdb(tmp_path / 'imgs.lmdb', {
        b'num-samples': b'2', b'image-000000001': b'x', b'label-000000001':
        b'GRAND', b'image-000000002': b'y', b'label-000000002': b'HO TEL'})
    backend = LmdbAnnFileBackend(path)
    assert not backend.label_only
    assert json.loads(backend[1]) == {'filename': 'image-000000002',
                                      'text': 'HO TEL'}


def test_lmdb_deprecated_layout(tmp_path):
    path = _write_lmdb(tmp_path / 'old.lmdb', {
        b'total_number': b'2', b'0': b'a.jpg HELLO', b'1':
        b'{"filename": "b.jpg", "text": "W"}'})
    with pytest.warns(UserWarning, match='deprecated'):
        loader = LmdbLoader(path, dict(type='LineJsonParser',
                                       keys=['filename', 'text']))
    assert loader[0] == {'filename': 'a.jpg', 'text': 'HELLO'}
    assert loader[1] == {'filename': 'b.jpg', 'text': 'W'}


def test_lmdb_missing_dir(tmp_path):
    with pytest.raises(FileNotFoundError, match='nope'):
        LmdbAnnFileBackend(str(tmp_path / 'nope'))
    assert not (tmp_path / 'nope').exists()


def test_toy_label_files_agree(toy_root):
    """The toy txt, jsonl and lmdb label files give the same items."""
    root = toy_root / 'ocr_toy_dataset'
    txt = AnnFileLoader(str(root / 'label.txt'), dict(type='LineStrParser'))
    jsonl = AnnFileLoader(str(root / 'label.jsonl'), dict(
        type='LineJsonParser', keys=['filename', 'text']))
    lmdb_loader = AnnFileLoader(str(root / 'label.lmdb'), dict(
        type='LineJsonParser', keys=['filename', 'text']), file_format='lmdb')
    assert len(txt) == len(jsonl) == len(lmdb_loader) == 10
    assert list(txt) == list(jsonl) == list(lmdb_loader)
    assert lmdb_loader[0] == {'filename': '1223731.jpg', 'text': 'GRAND'}
