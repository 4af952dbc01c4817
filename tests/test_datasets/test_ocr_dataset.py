"""OCRDataset / OCRSegDataset: MMOCR's toy annotations read item for item,
evaluation, empty labels and lmdb-backed loading with worker processes."""
from __future__ import annotations

import json

import cv2
import numpy as np
import pytest
import torch

from mmocr.datasets import ConcatDataset, OCRDataset, OCRSegDataset, collate
from mmocr.datasets.utils.errors import AnnotationParseError
from mmocr.registry import DATASETS, UnknownKeyError, build_from_cfg
from mmocr.utils.lmdb_util import recog2lmdb

# Hand-read from ocr_toy_dataset/label.txt, in file order.
TOY_ITEMS = [('1223731.jpg', 'GRAND'), ('1223733.jpg', 'HOTEL'),
             ('1223732.jpg', 'HOTEL'), ('1223729.jpg', 'PACIFIC'),
             ('1036169.jpg', '03/09/2009'), ('1190237.jpg', 'ANING'),
             ('1058891.jpg', 'Virgin'), ('1058892.jpg', 'america'),
             ('1240078.jpg', 'ATTACK'), ('1210236.jpg', 'DAVIDSON')]

STR_PARSER = dict(type='LineStrParser', keys=['filename', 'text'],
                  keys_idx=[0, 1], separator=' ')
JSON_PARSER = dict(type='LineJsonParser', keys=['filename', 'text'])
META = ['filename', 'ori_filename', 'resize_shape', 'valid_ratio', 'text']


def _pipeline(loader: str = 'LoadImageFromFile') -> list[dict]:
    return [
        dict(type=loader, color_type='grayscale'),
        dict(type='ResizeOCR', height=32, min_width=32, max_width=None),
        dict(type='DefaultFormatBundle'),
        dict(type='Collect', keys=['img'], meta_keys=META),
    ]


def _dataset(ann_file: str, img_prefix: str, file_format: str = 'txt',
             parser: dict = STR_PARSER, pipeline: list | None = None,
             repeat: int = 1, **kwargs) -> OCRDataset:
    return OCRDataset(
        ann_file=ann_file, img_prefix=img_prefix,
        loader=dict(type='AnnFileLoader', repeat=repeat,
                    file_format=file_format, parser=parser),
        pipeline=pipeline, **kwargs)


@pytest.fixture(scope='module')
def toy(toy_root):
    return toy_root / 'ocr_toy_dataset'


@pytest.mark.parametrize('ann,fmt,parser', [
    ('label.txt', 'txt', STR_PARSER),
    ('label.jsonl', 'txt', JSON_PARSER),
    ('label.lmdb', 'lmdb', JSON_PARSER),
])
def test_toy_annotations_item_for_item(toy, ann, fmt, parser):
    ds = _dataset(str(toy / ann), str(toy / 'imgs'), fmt, parser,
                  pipeline=_pipeline())
    assert len(ds) == 10
    assert [(ds.data_infos[i]['filename'], ds.data_infos[i]['text'])
            for i in range(10)] == TOY_ITEMS
    sample = ds[3]
    meta = sample['img_metas'].data
    assert meta['text'] == 'PACIFIC'
    assert meta['ori_filename'] == '1223729.jpg'
    ref = cv2.imread(str(toy / 'imgs' / '1223729.jpg'), cv2.IMREAD_GRAYSCALE)
    new_w = meta['resize_shape'][1]
    assert sample['img'].data.shape == (1, 32, new_w)
    expected = cv2.resize(ref, (new_w, 32), interpolation=cv2.INTER_LINEAR)
    np.testing.assert_array_equal(sample['img'].data[0].numpy(), expected)


def test_toy_image_lmdb_matches_loose_files(toy):
    ds = _dataset(str(toy / 'imgs.lmdb'), str(toy / 'imgs.lmdb'), 'lmdb',
                  JSON_PARSER, pipeline=_pipeline('LoadImageFromLMDB'))
    assert len(ds) == 10
    assert [ds.data_infos[i] for i in range(2)] == [
        {'filename': 'image-000000001', 'text': 'GRAND'},
        {'filename': 'image-000000002', 'text': 'HOTEL'}]
    assert [ds.data_infos[i]['text'] for i in range(10)] == [
        text for _, text in TOY_ITEMS]
    files = _dataset(str(toy / 'label.txt'), str(toy / 'imgs'),
                     pipeline=_pipeline())
    for i in (0, 9):
        assert torch.equal(ds[i]['img'].data, files[i]['img'].data)
        assert ds[i]['img_metas'].data['filename'] == f'image-{i + 1:09d}'


def test_repeat_and_registry(toy):
    ds = build_from_cfg(
        dict(type='OCRDataset', ann_file=str(toy / 'label.txt'),
             img_prefix=str(toy / 'imgs'),
             loader=dict(type='AnnFileLoader', repeat=3, parser=STR_PARSER),
             pipeline=None, test_mode=True), DATASETS)
    assert len(ds) == 30
    assert ds.data_infos[10] == {'filename': '1223731.jpg', 'text': 'GRAND'}
    # No pipeline: the raw results dict.
    assert ds[13]['text'] == 'PACIFIC'
    assert ds[13]['img_prefix'] == str(toy / 'imgs')


def _write_labels(path, lines):
    path.write_text(''.join(line + '\n' for line in lines), encoding='utf-8')
    return str(path)


def _write_images(folder, names, width=24, height=12):
    folder.mkdir(exist_ok=True)
    rng = np.random.default_rng(0)
    for k, name in enumerate(names):
        img = rng.integers(0, 255, (height, width + 8 * k, 3), np.uint8)
        cv2.imwrite(str(folder / name), img)


def test_evaluate_hand_computed(tmp_path):
    ann = _write_labels(tmp_path / 'l.txt', ['a.png Hello', 'b.png World',
                                              'c.png ab'])
    ds = _dataset(ann, str(tmp_path), test_mode=True)
    res = ds.evaluate([{'text': 'Hello'}, {'text': 'world'},
                       {'text': 'xy'}])
    assert res['word_acc'] == pytest.approx(1 / 3, abs=1e-4)
    assert res['word_acc_ignore_case'] == pytest.approx(2 / 3, abs=1e-4)
    assert set(res) == {'word_acc', 'word_acc_ignore_case',
                        'word_acc_ignore_case_symbol', 'char_recall',
                        'char_precision', '1-N.E.D'}
    only = ds.evaluate([{'text': 'Hello'}] * 3, metric=['word_acc'])
    assert only == {'word_acc': pytest.approx(1 / 3, abs=1e-4)}
    with pytest.raises(ValueError, match='3 samples'):
        ds.evaluate([{'text': 'Hello'}])
    # a metric kwarg OCRDataset.evaluate does not take is an error naming
    # the accepted ones, also through a concatenation of datasets
    for target in (ds, ConcatDataset([ds, ds])):
        with pytest.raises(UnknownKeyError) as info:
            target.evaluate([{'text': 'Hello'}] * len(target), metrics='acc')
        assert "'metrics' (did you mean 'metric'?)" in str(info.value)
        assert 'logger' in str(info.value)


def test_empty_labels(tmp_path):
    _write_images(tmp_path, ['a.png', 'b.png'])
    ann = _write_labels(tmp_path / 'l.jsonl', [
        json.dumps({'filename': 'a.png', 'text': ''}),
        json.dumps({'filename': 'b.png', 'text': 'ok'})])
    pipe = _pipeline()
    skip = _dataset(ann, str(tmp_path), parser=JSON_PARSER, pipeline=pipe)
    with pytest.warns(UserWarning, match=r'skipped 1 sample.*l.jsonl, line 1'):
        sample = skip[0]
    assert sample['img_metas'].data['text'] == 'ok'
    assert skip.num_empty_skipped >= 1

    error = _dataset(ann, str(tmp_path), parser=JSON_PARSER, pipeline=pipe,
                     empty_label='error')
    with pytest.raises(AnnotationParseError, match=r'l.jsonl, line 1.*empty'):
        error[0]
    keep = _dataset(ann, str(tmp_path), parser=JSON_PARSER, pipeline=pipe,
                    empty_label='keep')
    assert keep[0]['img_metas'].data['text'] == ''
    test = _dataset(ann, str(tmp_path), parser=JSON_PARSER, pipeline=pipe,
                    test_mode=True)
    assert test[0]['img_metas'].data['text'] == ''
    with pytest.raises(ValueError, match='empty_label'):
        _dataset(ann, str(tmp_path), parser=JSON_PARSER, empty_label='drop')


@pytest.mark.filterwarnings('ignore:.*more fields than keys')
def test_missing_text_key_is_named(tmp_path):
    ann = _write_labels(tmp_path / 'l.txt', ['a.png A'])
    ds = _dataset(ann, str(tmp_path), parser=dict(
        type='LineStrParser', keys=['filename'], keys_idx=[0]))
    with pytest.raises(AnnotationParseError, match=r'l.txt, line 1.*"text"'):
        ds[0]


def test_lmdb_dataset_with_two_workers(tmp_path):
    names = [f'{i}.png' for i in range(6)]
    _write_images(tmp_path / 'imgs', names)
    ann = _write_labels(tmp_path / 'l.txt',
                        [f'{n} w{i}' for i, n in enumerate(names)])
    db = str(tmp_path / 'imgs.lmdb')
    assert recog2lmdb(str(tmp_path / 'imgs'), ann, db) == 6
    ds = _dataset(db, db, 'lmdb', JSON_PARSER,
                  pipeline=_pipeline('LoadImageFromLMDB'))
    loader = torch.utils.data.DataLoader(ds, batch_size=3, num_workers=2,
                                         collate_fn=collate)
    texts, widths = [], []
    for batch in loader:
        assert batch['img'].dim() == 4 and batch['img'].shape[:3] == (3, 1,
                                                                       32)
        widths.append(batch['img'].shape[3])
        for meta in batch['img_metas']:
            texts.append(meta['text'])
            assert meta['resize_shape'][1] <= batch['img'].shape[3]
    assert texts == [f'w{i}' for i in range(6)]
    # Images of different widths are padded to the widest of the batch.
    assert widths == [max(ds[i]['img'].data.shape[2] for i in range(3)),
                      max(ds[i]['img'].data.shape[2] for i in range(3, 6))]


def test_ocr_seg_dataset_toy(toy_root):
    root = toy_root / 'ocr_char_ann_toy_dataset'
    ds = OCRSegDataset(
        ann_file=str(root / 'instances_train.txt'),
        img_prefix=str(root / 'imgs'),
        loader=dict(type='AnnFileLoader', repeat=1, parser=dict(
            type='LineJsonParser', keys=['file_name', 'annotations',
                                         'text'])),
        pipeline=None)
    assert len(ds) == 10
    first = ds[0]
    assert first['img_info'] == {'filename': 'resort_88_101_1.png',
                                 'text': 'From:'}
    assert first['text'] == 'From:'
    ann = first['ann_info']
    assert ann['chars'] == ['F', 'r', 'o', 'm', ':']
    # Hand-read: "F" has char_box [11, 0, 22, 0, 12, 12, 0, 12].
    assert ann['char_quads'][0] == [11., 0., 22., 0., 12., 12., 0., 12.]
    assert ann['char_rects'][0] == [0., 0., 22., 12.]
    assert ds[1]['ann_info']['chars'] == ['o', 'u', 't']


def test_ocr_seg_dataset_box_formats_and_errors(tmp_path):
    lines = [
        json.dumps({'file_name': 'a.png', 'text': 'ab', 'annotations': [
            {'char_text': 'a', 'char_box': [1, 2, 5, 6]},
            {'char_text': 'b', 'char_box': [1, 2, 3, 4],
             'char_box_type': 'xywh'}]}),
        json.dumps({'file_name': 'b.png', 'annotations': [
            {'char_text': 'a', 'char_box': [1, 2, 3]}]}),
    ]
    ann = _write_labels(tmp_path / 'inst.txt', lines)
    ds = OCRSegDataset(
        ann_file=ann, img_prefix=str(tmp_path),
        loader=dict(type='AnnFileLoader', parser=dict(
            type='LineJsonParser', keys=['file_name', 'annotations'])),
        pipeline=None)
    info = ds[0]['ann_info']
    assert info['char_rects'] == [[1, 2, 5, 6], [1, 2, 4, 6]]
    assert info['char_quads'][1] == [1, 2, 4, 2, 4, 6, 1, 6]
    with pytest.raises(AnnotationParseError,
                       match=r'inst.txt, line 2.*4 or 8 values'):
        ds[1]
