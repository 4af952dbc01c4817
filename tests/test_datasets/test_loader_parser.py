"""AnnFileLoader, backends and parsers (txt and lmdb)."""
from __future__ import annotations

import functools
import http.server
import json
import os
import pickle
import sys
import threading
import types

import lmdb
import pytest

from mmocr.datasets import build_loader, build_parser
from mmocr.datasets.utils import (
    AnnFileLoader,
    AnnotationParseError,
    HardDiskLoader,
    HTTPAnnFileBackend,
    LineJsonParser,
    LineStrParser,
    LmdbAnnFileBackend,
    LmdbLoader,
    PetrelAnnFileBackend,
)
from mmocr.registry import LOADERS, PARSERS, UnknownKeyError, build_from_cfg


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
    with pytest.raises(ValueError, match='file_storage_backend'):
        AnnFileLoader(str(ann), parser, file_storage_backend='ftp')
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


def test_0x_argument_forms(tmp_path):
    """keys_idx as a tuple, StringStrip keywords, a float repeat, and the
    build_loader / build_parser builders."""
    ann = tmp_path / 'x.txt'
    ann.write_text('  a.jpg HELLO  \n#b.jpg WORLD#\n')
    loader = build_loader(dict(
        type='AnnFileLoader', ann_file=str(ann), repeat=1.5,
        parser=dict(type='LineStrParser', keys=('filename', 'text'),
                    keys_idx=(0, 1))))
    assert len(loader) == 3
    assert loader[0] == {'filename': 'a.jpg', 'text': 'HELLO'}  # stripped
    assert loader[2] == loader[0]
    parser = build_parser(dict(type='LineStrParser', strip_str='#'))
    assert parser.get_item(['#b.jpg WORLD#'], 0) == {'filename': 'b.jpg',
                                                     'text': 'WORLD'}
    keep = LineStrParser(strip=False)
    with pytest.warns(UserWarning, match='more fields'):
        assert keep.get_item([' a.jpg T'], 0) == {'filename': '', 'text': 'a.jpg'}
    with pytest.raises(UnknownKeyError, match='strip_mode'):
        build_parser(dict(type='LineStrParser', strip_mode='left'))
    with pytest.raises(UnknownKeyError, match='save_dir'):
        AnnFileLoader(str(ann), dict(type='LineStrParser'), save_dir='x')


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output quiet
        pass


def test_http_backend_reads_a_url(tmp_path):
    (tmp_path / 'label.txt').write_text('a.jpg HELLO\n\nb.jpg WORLD\n')
    handler = functools.partial(_Handler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f'http://127.0.0.1:{server.server_address[1]}'
        loader = AnnFileLoader(f'{base}/label.txt', dict(type='LineStrParser'),
                               file_storage_backend='http')
        assert [x['text'] for x in loader] == ['HELLO', 'WORLD']  # blank dropped
        with pytest.raises(OSError, match='missing.txt: HTTP 404'):
            HTTPAnnFileBackend()(f'{base}/missing.txt')
        with pytest.raises(NotImplementedError, match='lmdb'):
            HTTPAnnFileBackend('lmdb')(f'{base}/label.txt')
    finally:
        server.shutdown()
        server.server_close()


def test_petrel_backend(tmp_path, monkeypatch):
    """Without petrel_client: an ImportError naming it; with a client (a
    stand-in here): txt lines, and an lmdb copied to save_dir."""
    monkeypatch.setitem(sys.modules, 'petrel_client', None)
    with pytest.raises(ImportError, match='"petrel_client" package'):
        AnnFileLoader('s3://bucket/label.txt', dict(type='LineStrParser'),
                      file_storage_backend='petrel')
    lmdb_dir = _write_lmdb(tmp_path / 'src', {
        b'num-samples': b'1',
        b'label-000000001': b'{"filename": "a.jpg", "text": "T"}'})
    store = {'s3://bucket/label.txt': b'a.jpg HELLO\n'}
    for name in os.listdir(lmdb_dir):
        with open(os.path.join(lmdb_dir, name), 'rb') as f:
            store[f's3://bucket/db.lmdb/{name}'] = f.read()

    class Client:
        def get(self, path):
            return store[path]

        def list(self, prefix):
            return [k[len(prefix) + 1:] for k in store if k.startswith(prefix)]

    fake = types.ModuleType('petrel_client.client')
    fake.Client = Client
    monkeypatch.setitem(sys.modules, 'petrel_client', types.ModuleType('p'))
    monkeypatch.setitem(sys.modules, 'petrel_client.client', fake)
    loader = AnnFileLoader('s3://bucket/label.txt', dict(type='LineStrParser'),
                           file_storage_backend='petrel')
    assert loader[0] == {'filename': 'a.jpg', 'text': 'HELLO'}
    loader = AnnFileLoader(
        's3://bucket/db.lmdb', dict(type='LineJsonParser', keys=['text']),
        file_storage_backend='petrel', file_format='lmdb',
        save_dir=str(tmp_path / 'cache'))
    assert loader[0] == {'text': 'T'}
    assert os.path.isfile(tmp_path / 'cache' / 'bucket' / 'db.lmdb' / 'data.mdb')
    loader.close()
    with pytest.warns(UserWarning, match='local copy'):
        PetrelAnnFileBackend('lmdb', str(tmp_path / 'cache'))(
            's3://bucket/db.lmdb').close()
