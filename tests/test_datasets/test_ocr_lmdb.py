"""lmdb utilities: writing MMOCR's layouts, lazy fork-safe reading, clear
errors."""
from __future__ import annotations

import json
import os
import pickle

import cv2
import lmdb
import numpy as np
import pytest

from mmocr.datasets.pipelines import LoadImageFromLMDB
from mmocr.datasets.utils import LmdbAnnFileBackend
from mmocr.datasets.utils.errors import ImageLoadError
from mmocr.utils import check_image_is_valid, parse_line, write_cache
from mmocr.utils.lmdb_util import (
    LmdbReader,
    acquire_lmdb_env,
    lmdb_converter,
    parse_label_line,
    recog2lmdb,
    release_lmdb_env,
)


def _dump(path: str) -> dict[bytes, bytes]:
    env = lmdb.open(path, readonly=True, lock=False)
    with env.begin() as txn:
        items = dict(txn.cursor())
    env.close()
    return items


def _make_images(folder, count=3):
    folder.mkdir()
    imgs = []
    for i in range(count):
        img = np.full((8, 10 + i, 3), 40 * i, np.uint8)
        img[0, 0] = (1, 2, 3)
        cv2.imwrite(str(folder / f'{i}.png'), img)
        imgs.append(img)
    return imgs


def test_parse_label_line():
    assert parse_label_line('a.jpg HELLO WORLD\n', 'txt', 'f:1') == (
        'a.jpg', 'HELLO WORLD')
    assert parse_label_line('  \n', 'txt', 'f:1') is None
    assert parse_label_line('{"filename": "a", "text": "b c"}', 'jsonl',
                            'f:2') == ('a', 'b c')
    with pytest.raises(ValueError, match='f:3: expected "filename text"'):
        parse_label_line('lonely', 'txt', 'f:3')
    with pytest.raises(ValueError, match='f:4: not valid json'):
        parse_label_line('{bad', 'jsonl', 'f:4')


def test_recog2lmdb_layouts(tmp_path):
    _make_images(tmp_path / 'imgs')
    label = tmp_path / 'label.txt'
    label.write_text('0.png Hi\n\n1.png two words\n2.png x\n', encoding='utf-8')
    img_db = str(tmp_path / 'imgs.lmdb')
    assert recog2lmdb(str(tmp_path / 'imgs'), str(label), img_db) == 3
    items = _dump(img_db)
    assert items[b'num-samples'] == b'3'
    assert items[b'label-000000002'] == b'two words'
    assert items[b'image-000000003'] == (tmp_path / 'imgs' /
                                         '2.png').read_bytes()

    label_db = str(tmp_path / 'label.lmdb')
    assert recog2lmdb(None, str(label), label_db, label_only=True) == 3
    items = _dump(label_db)
    assert set(items) == {b'num-samples', b'label-000000001',
                          b'label-000000002', b'label-000000003'}
    assert json.loads(items[b'label-000000002']) == {
        'filename': '1.png', 'text': 'two words'}
    backend = LmdbAnnFileBackend(label_db)
    assert backend.label_only and len(backend) == 3
    assert json.loads(backend[2]) == {'filename': '2.png', 'text': 'x'}


def test_recog2lmdb_skips_empty_and_broken(tmp_path):
    _make_images(tmp_path / 'imgs', 2)
    (tmp_path / 'imgs' / 'bad.png').write_bytes(b'not an image')
    label = tmp_path / 'label.jsonl'
    label.write_text('\n'.join(json.dumps(d) for d in [
        {'filename': '0.png', 'text': 'a'},
        {'filename': '1.png', 'text': ''},
        {'filename': 'bad.png', 'text': 'b'}]) + '\n', encoding='utf-8')
    db = str(tmp_path / 'out.lmdb')
    with pytest.warns(UserWarning) as record:
        count = recog2lmdb(str(tmp_path / 'imgs'), str(label), db,
                           label_format='jsonl')
    assert count == 1
    messages = ' '.join(str(r.message) for r in record)
    assert 'label.jsonl:2' in messages and 'label.jsonl:3' in messages
    assert _dump(db)[b'num-samples'] == b'1'
    missing = tmp_path / 'missing.txt'
    missing.write_text('nope.png a\n', encoding='utf-8')
    with pytest.raises(FileNotFoundError, match=r'missing.txt:1.*nope.png'):
        recog2lmdb(str(tmp_path / 'imgs'), str(missing),
                   str(tmp_path / 'o2.lmdb'))


def test_legacy_lmdb_converter_read_by_backend(tmp_path):
    label = tmp_path / 'label.txt'
    label.write_text('a.jpg HELLO\nb.jpg WORLD\n', encoding='utf-8')
    db = str(tmp_path / 'legacy.lmdb')
    with pytest.warns(DeprecationWarning):
        assert lmdb_converter(str(label), db) == 2
    items = _dump(db)
    assert items[b'total_number'] == b'2' and items[b'1'] == b'b.jpg WORLD'
    backend = LmdbAnnFileBackend(db)
    assert json.loads(backend[1]) == {'filename': 'b.jpg', 'text': 'WORLD'}


def test_reader_errors_and_pickling(tmp_path):
    _make_images(tmp_path / 'imgs', 1)
    label = tmp_path / 'l.txt'
    label.write_text('0.png a\n', encoding='utf-8')
    db = str(tmp_path / 'db.lmdb')
    recog2lmdb(str(tmp_path / 'imgs'), str(label), db)
    reader = LmdbReader(db)
    assert reader.num_samples() == 1
    assert reader.get('label-000000001') == b'a'
    assert reader.get('label-000000009') is None
    clone = pickle.loads(pickle.dumps(reader))
    assert clone._env is None and clone.get('label-000000001') == b'a'
    reader.close()
    clone.close()
    with pytest.raises(FileNotFoundError, match='no data.mdb'):
        LmdbReader(str(tmp_path / 'nowhere'))
    broken = tmp_path / 'broken.lmdb'
    broken.mkdir()
    (broken / 'data.mdb').write_bytes(b'garbage' * 100)
    with pytest.raises(OSError, match='broken.lmdb'):
        LmdbReader(str(broken)).get('x')


def test_shared_env_is_reopened_after_fork(tmp_path):
    _make_images(tmp_path / 'imgs', 1)
    label = tmp_path / 'l.txt'
    label.write_text('0.png a\n', encoding='utf-8')
    db = str(tmp_path / 'db.lmdb')
    recog2lmdb(str(tmp_path / 'imgs'), str(label), db)
    env = acquire_lmdb_env(db)
    assert acquire_lmdb_env(db) is env  # one handle per process
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: the inherited handle must be replaced
        try:
            ok = LmdbReader(db).get('label-000000001') == b'a'
            os.write(write, b'1' if ok else b'0')
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    assert os.read(read, 1) == b'1'
    release_lmdb_env(db)
    release_lmdb_env(db)


def test_load_image_from_lmdb(tmp_path):
    imgs = _make_images(tmp_path / 'imgs', 2)
    label = tmp_path / 'l.txt'
    label.write_text('0.png a\n1.png b\n', encoding='utf-8')
    db = str(tmp_path / 'db.lmdb')
    recog2lmdb(str(tmp_path / 'imgs'), str(label), db)
    load = LoadImageFromLMDB()
    out = load({'img_prefix': db, 'img_info': {'filename': 'image-000000002'}})
    np.testing.assert_array_equal(out['img'], imgs[1])
    assert out['img_shape'] == out['ori_shape'] == (8, 11, 3)
    assert out['filename'] == out['ori_filename'] == 'image-000000002'
    gray = LoadImageFromLMDB(color_type='grayscale', to_float32=True)(
        {'img_prefix': db, 'img_info': {'filename': 'image-000000001'}})
    assert gray['img'].shape == (8, 10) and gray['img'].dtype == np.float32
    # MMOCR 0.x's only argument, color_type, comes first
    positional = LoadImageFromLMDB('grayscale')(
        {'img_prefix': db, 'img_info': {'filename': 'image-000000001'}})
    assert positional['img'].shape == (8, 10)
    clone = pickle.loads(pickle.dumps(load))
    with pytest.raises(ImageLoadError,
                       match=r"db.lmdb: no image under key 'image-000000007'"
                       r'.*num-samples=2'):
        clone({'img_prefix': db, 'img_info': {'filename': 'image-000000007'}})
    with pytest.raises(KeyError, match='img_prefix'):
        load({'img_prefix': '', 'img_info': {'filename': 'image-000000001'}})
    with pytest.raises(ValueError, match='color_type'):
        LoadImageFromLMDB(color_type='sepia')


def test_0x_lmdb_helpers(tmp_path):
    """check_image_is_valid, parse_line and write_cache at mmocr.utils."""
    ok, png = cv2.imencode('.png', np.zeros((4, 5, 3), np.uint8))
    assert ok and check_image_is_valid(png.tobytes())
    assert not check_image_is_valid(None)
    assert not check_image_is_valid(b'')
    assert not check_image_is_valid(b'not an image')
    assert parse_line('a.jpg HELLO WORLD\n', 'txt') == ('a.jpg', 'HELLO WORLD')
    assert parse_line('{"filename": "b.jpg", "text": "x y"}', 'jsonl') == (
        'b.jpg', 'x y')
    with pytest.raises(AssertionError, match='blank'):
        parse_line('  \n', 'txt')
    env = lmdb.open(str(tmp_path / 'db'), map_size=1 << 20)
    write_cache(env, [(b'k1', b'v1'), (b'k2', b'v2')])
    write_cache(env, [(b'k1', b'new')])
    with env.begin() as txn:
        assert txn.get(b'k1') == b'new' and txn.get(b'k2') == b'v2'
    env.close()
