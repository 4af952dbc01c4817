"""Recognition data tools: lmdb converters, IIIT5K and SROIE converters."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import cv2
import lmdb
import numpy as np
import pytest

from mmocr.apis.utils import run_tool
from mmocr.datasets import OCRDataset
from mmocr.datasets.utils.sroie import read_sroie_boxes, sroie_samples, sroie_split
from mmocr.utils.scripts import load_script

REPO = Path(__file__).resolve().parents[2]


def _load_tool(rel_path: str):
    path = REPO / rel_path
    return load_script(path, path.stem + '_tool')


def _make_recog_set(root: Path) -> list[np.ndarray]:
    (root / 'imgs').mkdir(parents=True)
    imgs = []
    for i in range(3):
        img = np.random.default_rng(i).integers(0, 255, (10, 20 + 4 * i, 3),
                                                np.uint8)
        cv2.imwrite(str(root / 'imgs' / f'{i}.png'), img)
        imgs.append(img)
    (root / 'label.txt').write_text('0.png zero\n1.png one\n2.png two\n',
                                    encoding='utf-8')
    return imgs


@pytest.mark.slow
def test_lmdb_converter_cli_round_trip(tmp_path):
    imgs = _make_recog_set(tmp_path)
    db = tmp_path / 'imgs.lmdb'
    proc = subprocess.run(
        [sys.executable, str(REPO / 'tools/data/utils/lmdb_converter.py'),
         str(tmp_path / 'label.txt'), str(db), '-i', str(tmp_path / 'imgs')],
        capture_output=True, text=True, cwd=REPO, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert 'wrote 3 samples' in proc.stdout
    ds = OCRDataset(
        ann_file=str(db), img_prefix=str(db),
        loader=dict(type='AnnFileLoader', file_format='lmdb',
                    parser=dict(type='LineJsonParser',
                                keys=['filename', 'text'])),
        pipeline=[dict(type='LoadImageFromLMDB')], test_mode=True)
    assert [ds[i]['text'] for i in range(3)] == ['zero', 'one', 'two']
    for i in range(3):
        np.testing.assert_array_equal(ds[i]['img'], imgs[i])


def test_lmdb_converter_label_only_and_errors(tmp_path, capsys):
    tool = _load_tool('tools/data/utils/lmdb_converter.py')
    _make_recog_set(tmp_path)
    label = tmp_path / 'label.jsonl'
    label.write_text(json.dumps({'filename': 'a b.png', 'text': 'x y'}) + '\n',
                     encoding='utf-8')
    db = tmp_path / 'label.lmdb'
    assert tool.main([str(label), str(db), '--label-only', '-f',
                      'jsonl']) == 0
    env = lmdb.open(str(db), readonly=True, lock=False)
    with env.begin() as txn:
        assert json.loads(txn.get(b'label-000000001')) == {
            'filename': 'a b.png', 'text': 'x y'}
    env.close()
    with pytest.raises(SystemExit) as exc:  # a usage error, as argparse's
        tool.main([str(tmp_path / 'label.txt'), str(tmp_path / 'o')])
    assert exc.value.code == 2
    assert 'error: -i/--img-root is required' in capsys.readouterr().err
    assert run_tool(tool.main, 'lmdb_converter.py',
                    [str(tmp_path / 'nope.txt'), str(tmp_path / 'o'),
                     '--label-only']) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith('lmdb_converter.py: error: ')
    assert 'nope.txt' in err and '\n' not in err


def test_txt2lmdb_legacy_layout(tmp_path):
    tool = _load_tool('tools/data/utils/txt2lmdb.py')
    label = tmp_path / 'label.txt'
    label.write_text('a.jpg HELLO\nb.jpg WORLD\n', encoding='utf-8')
    db = tmp_path / 'label.lmdb'
    assert tool.main(['-i', str(label), '-o', str(db)]) == 0
    ds = OCRDataset(
        ann_file=str(db), img_prefix='',
        loader=dict(type='AnnFileLoader', file_format='lmdb',
                    parser=dict(type='LineJsonParser',
                                keys=['filename', 'text'])),
        pipeline=None, test_mode=True)
    assert [ds.data_infos[i] for i in range(2)] == [
        {'filename': 'a.jpg', 'text': 'HELLO'},
        {'filename': 'b.jpg', 'text': 'WORLD'}]


def test_iiit5k_converter_synthetic(tmp_path, capsys):
    tool = _load_tool('tools/data/textrecog/iiit5k_converter.py')
    root = tmp_path / 'iiit5k'
    (root / 'train').mkdir(parents=True)
    for i in range(10):
        cv2.imwrite(str(root / 'train' / f'{i}.png'),
                    np.zeros((4, 8), np.uint8))
    lines = [f'train/{i}.png w{i}' for i in range(10)]
    lines += ['train/missing.png gone', 'train/0.png ']
    (root / 'train.tags').write_text('\n'.join(lines) + '\n',
                                     encoding='utf-8')
    out = tmp_path / 'out'
    assert tool.main([str(root), '-o', str(out), '--val-ratio', '0.2']) == 0
    err = capsys.readouterr().err
    assert 'train.tags:11: image file not found' in err
    assert 'train.tags:12: empty label' in err
    train = (out / 'train_label.txt').read_text().splitlines()
    val = (out / 'val_label.txt').read_text().splitlines()
    assert len(train) == 8 and len(val) == 2
    assert sorted(train + val) == sorted(lines[:10])
    # Deterministic for a fixed seed.
    assert tool.main([str(root), '-o', str(tmp_path / 'again'), '--val-ratio',
                      '0.2', '-f', 'jsonl']) == 0
    again = [json.loads(x) for x in (tmp_path / 'again' /
                                     'val_label.jsonl').read_text()
             .splitlines()]
    assert [f"{d['filename']} {d['text']}" for d in again] == val
    capsys.readouterr()
    assert run_tool(tool.main, 'iiit5k_converter.py',
                    [str(tmp_path / 'empty')]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith('iiit5k_converter.py: error: FileNotFoundError: '
                          f'no train.tags or test.tags in {tmp_path / "empty"}')
    with pytest.raises(SystemExit) as exc:
        tool.main([str(root), '--val-ratio', '1'])
    assert exc.value.code == 2
    assert 'error: --val-ratio must be in [0, 1), got 1.0' in \
        capsys.readouterr().err


def test_iiit5k_converter_choice_split(tmp_path, capsys):
    """A choice split is cut after val: val stays the split it was."""
    tool = _load_tool('tools/data/textrecog/iiit5k_converter.py')
    root = tmp_path / 'iiit5k'
    lines = [f'train/{i}.png w{i}' for i in range(20)]
    root.mkdir()
    (root / 'train.tags').write_text('\n'.join(lines) + '\n',
                                     encoding='utf-8')

    def read(out, split):
        return (out / f'{split}_label.txt').read_text().splitlines()

    plain, with_choice = tmp_path / 'plain', tmp_path / 'choice'
    assert tool.main([str(root), '-o', str(plain), '--val-ratio', '0.2',
                      '--no-check-images']) == 0
    assert tool.main([str(root), '-o', str(with_choice), '--val-ratio', '0.2',
                      '--choice-ratio', '0.25', '--no-check-images']) == 0
    assert read(with_choice, 'val') == read(plain, 'val')
    choice, train = read(with_choice, 'choice'), read(with_choice, 'train')
    assert len(choice) == 5 and len(train) == 11
    assert not set(choice) & set(read(plain, 'val'))
    assert sorted(choice + train) == sorted(read(plain, 'train'))
    # each part keeps the order of the tags file
    assert train == sorted(train, key=lines.index)
    capsys.readouterr()
    with pytest.raises(SystemExit) as exc:
        tool.main([str(root), '--val-ratio', '0.5', '--choice-ratio', '0.5'])
    assert exc.value.code == 2
    assert '--val-ratio plus --choice-ratio must be below 1' in \
        capsys.readouterr().err


def test_iiit5k_converter_shared_data(shared_data, tmp_path):
    root = shared_data / 'iiit5k_train'
    if not (root / 'train.tags').is_file():
        pytest.skip('iiit5k_train not available')
    tool = _load_tool('tools/data/textrecog/iiit5k_converter.py')
    assert tool.main([str(root), '-o', str(tmp_path)]) == 0
    lines = (tmp_path / 'train_label.txt').read_text().splitlines()
    assert len(lines) == 2000
    assert lines[0] == 'train/1009_2.png You'


def _make_sroie(root: Path, count: int = 4) -> None:
    (root / 'img').mkdir(parents=True)
    (root / 'box').mkdir()
    for i in range(count):
        img = np.full((60, 80, 3), 255, np.uint8)
        img[10:20, 10:50] = 0  # box 1: 40x10
        cv2.imwrite(str(root / 'img' / f'{i:03d}.jpg'), img)
        (root / 'box' / f'{i:03d}.csv').write_text(
            '10,10,50,10,50,20,10,20,TOTAL: 1,00\n'
            '5,30,40,30,40,45,5,45,  \n'
            '60,40,60.5,40,60.5,50,60,50,THIN\n', encoding='utf-8')


def test_sroie_split_deterministic(tmp_path):
    _make_sroie(tmp_path, 10)
    (tmp_path / 'img' / 'extra.jpg').write_bytes(b'')  # no box file
    assert sroie_samples(str(tmp_path)) == [f'{i:03d}' for i in range(10)]
    train, val = sroie_split(str(tmp_path), 0.2, seed=3)
    assert len(val) == 2 and len(train) == 8
    assert sorted(train + val) == [f'{i:03d}' for i in range(10)]
    assert sroie_split(str(tmp_path), 0.2, seed=3) == (train, val)
    assert sroie_split(str(tmp_path), 0.0) == (sorted(train + val), [])
    with pytest.raises(FileNotFoundError, match='ROOT/img'):
        sroie_split(str(tmp_path / 'nowhere'))
    boxes = read_sroie_boxes(str(tmp_path / 'box' / '000.csv'))
    assert boxes[0] == ([10., 10., 50., 10., 50., 20., 10., 20.],
                       'TOTAL: 1,00')
    bad = tmp_path / 'bad.csv'
    bad.write_text('1,2,3,TEXT\n', encoding='utf-8')
    with pytest.raises(ValueError, match='bad.csv:1'):
        read_sroie_boxes(str(bad))


def test_sroie_crops_converter(tmp_path, capsys):
    tool = _load_tool('tools/data/textrecog/sroie_crops_converter.py')
    root = tmp_path / 'sroie'
    _make_sroie(root)
    out = tmp_path / 'crops'
    assert tool.main([str(root), '-o', str(out), '--val-ratio', '0.25']) == 0
    err = capsys.readouterr().err
    assert 'box 2: empty text' in err and 'box 3: crop' in err
    train, val = sroie_split(str(root), 0.25, 0)
    labels = {split: [json.loads(x) for x in (out / f'{split}_label.jsonl')
                      .read_text(encoding='utf-8').splitlines()]
              for split in ('train', 'val')}
    assert [d['filename'] for d in labels['val']] == [
        f'val/{name}_000.jpg' for name in val]
    assert [d['filename'] for d in labels['train']] == [
        f'train/{name}_000.jpg' for name in train]
    assert {d['text'] for d in labels['train']} == {'TOTAL: 1,00'}
    crop = cv2.imread(str(out / labels['val'][0]['filename']))
    assert crop.shape == (10, 40, 3) and crop.mean() < 30
    ds = OCRDataset(
        ann_file=str(out / 'train_label.jsonl'), img_prefix=str(out),
        loader=dict(type='AnnFileLoader', parser=dict(
            type='LineJsonParser', keys=['filename', 'text'])),
        pipeline=[dict(type='LoadImageFromFile')], test_mode=True)
    assert len(ds) == 3 and ds[0]['img'].shape == (10, 40, 3)


def test_lmdb_converter_skips_empty_and_corrupt_images(tmp_path):
    """A 0-byte image used to crash cv2.imdecode; now it is skipped with a
    warning like a corrupt one, and the good images are written."""
    tool = _load_tool('tools/data/utils/lmdb_converter.py')
    _make_recog_set(tmp_path)
    (tmp_path / 'imgs' / 'empty.jpg').write_bytes(b'')
    (tmp_path / 'imgs' / 'corrupt.jpg').write_bytes(b'\xff\xd8 not a jpeg')
    cv2.imwrite(str(tmp_path / 'imgs' / 'tiny.png'), np.zeros((1, 1, 3),
                                                             np.uint8))
    label = tmp_path / 'bad.txt'
    label.write_text('0.png zero\nempty.jpg e\ncorrupt.jpg c\ntiny.png t\n',
                     encoding='utf-8')
    with pytest.warns(UserWarning, match=r'2 undecodable image\(s\) skipped, '
                      r'first: .*bad\.txt:2'):
        assert tool.main([str(label), str(tmp_path / 'db'), '-i',
                          str(tmp_path / 'imgs')]) == 0
    env = lmdb.open(str(tmp_path / 'db'), readonly=True, lock=False)
    with env.begin() as txn:
        assert txn.get(b'num-samples') == b'2'  # 0.png and the 1x1 image
    env.close()


def _bad_sroie(root: Path) -> None:
    """Four receipts: 000 and 001 good, 002 with a corrupt image, 003 with
    a malformed box line."""
    _make_sroie(root)
    (root / 'img' / '002.jpg').write_bytes(b'\x00' * 10)
    with (root / 'box' / '003.csv').open('a', encoding='utf-8') as f:
        f.write('1,2,3,4,5,6,7,seven coordinates\n')


def test_sroie_crops_converter_skips_bad_receipts(tmp_path, capsys):
    tool = _load_tool('tools/data/textrecog/sroie_crops_converter.py')
    root = tmp_path / 'sroie'
    _bad_sroie(root)
    out = tmp_path / 'crops'
    assert tool.main([str(root), '-o', str(out), '--val-ratio', '0']) == 0
    err = capsys.readouterr().err
    assert 'skipped receipt 002: cannot decode image' in err
    assert 'skipped receipt 003: ' in err and '003.csv:4' in err
    labels = (out / 'train_label.jsonl').read_text().splitlines()
    assert [json.loads(x)['filename'] for x in labels] == [
        'train/000_000.jpg', 'train/001_000.jpg']
    blocker = tmp_path / 'a_file'
    blocker.write_text('x')
    assert run_tool(tool.main, 'sroie_crops_converter.py',
                    [str(root), '-o', str(blocker / 'out')]) == 1
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last.startswith('sroie_crops_converter.py: error: ')
    assert str(blocker / 'out') in last
    assert run_tool(tool.main, 'sroie_crops_converter.py',
                    [str(tmp_path / 'nope')]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith('sroie_crops_converter.py: error: ')
    assert str(tmp_path / 'nope') in err and '\n' not in err


def test_iiit5k_converter_skips_undecodable_images(tmp_path, capsys):
    tool = _load_tool('tools/data/textrecog/iiit5k_converter.py')
    root = tmp_path / 'iiit5k'
    (root / 'train').mkdir(parents=True)
    cv2.imwrite(str(root / 'train' / 'ok.png'), np.zeros((4, 8), np.uint8))
    cv2.imwrite(str(root / 'train' / 'tiny.png'), np.zeros((1, 1), np.uint8))
    (root / 'train' / 'empty.png').write_bytes(b'')
    (root / 'train' / 'corrupt.png').write_bytes(b'\x89PNG garbage')
    (root / 'train.tags').write_text(
        'train/ok.png A\ntrain/empty.png B\ntrain/corrupt.png C\n'
        'train/tiny.png D\n', encoding='utf-8')
    out = tmp_path / 'out'
    assert tool.main([str(root), '-o', str(out)]) == 0
    err = capsys.readouterr().err
    assert 'train.tags:2: image file is empty' in err
    assert 'train.tags:3: cannot decode image' in err
    assert (out / 'train_label.txt').read_text().splitlines() == [
        'train/ok.png A', 'train/tiny.png D']
    blocker = tmp_path / 'a_file'
    blocker.write_text('x')
    assert run_tool(tool.main, 'iiit5k_converter.py',
                    [str(root), '-o', str(blocker / 'out')]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith('iiit5k_converter.py: error: ')
    assert str(blocker / 'out') in err[-1]


def test_make_lexicon(tmp_path, capsys):
    tool = _load_tool('tools/data/textrecog/make_lexicon.py')
    (tmp_path / 'a.jsonl').write_text(
        '{"filename": "x.jpg", "text": "TOTAL: 1.00 Total"}\n\n'
        '{"filename": "y.jpg", "text": "GST 6% x"}\n', encoding='utf-8')
    (tmp_path / 'b.txt').write_text('1.png Hello\n2.png total tax\n',
                                    encoding='utf-8')
    out = tmp_path / 'lex.txt'
    assert tool.main([str(tmp_path / 'a.jsonl'), str(tmp_path / 'b.txt'),
                      '-o', str(out)]) == 0
    assert out.read_text().split() == ['GST', 'HELLO', 'TAX', 'TOTAL']
    assert '4 words' in capsys.readouterr().out
    assert tool.make_lexicon([str(tmp_path / 'a.jsonl'),
                              str(tmp_path / 'b.txt')], min_count=3) == [
                                  'TOTAL']
    (tmp_path / 'bad.jsonl').write_text(
        '{"filename": "a.jpg", "text": "A"}\n{"name": 1}\n')
    with pytest.raises(ValueError, match='bad.jsonl:2'):
        tool.make_lexicon([str(tmp_path / 'bad.jsonl')])
    (tmp_path / 'bad.txt').write_text('1.png A\nnospace\n')
    with pytest.raises(ValueError, match='bad.txt:2'):
        tool.make_lexicon([str(tmp_path / 'bad.txt')])
    with pytest.raises(ValueError, match='.jsonl or .txt'):
        tool.make_lexicon([str(tmp_path / 'label.csv')])
