"""NerDataset with NerTransform/ToTensorNER on a generated CLUENER file."""
from __future__ import annotations

import json

import pytest
import torch

from mmocr.datasets import NerDataset
from mmocr.datasets.utils import AnnotationParseError

LOADER = dict(type='AnnFileLoader', repeat=1,
              parser=dict(type='LineJsonParser', keys=['text', 'label']))
CATEGORIES = ['name', 'company']
MAX_LEN = 16
DOCS = [
    {'text': '浙商银行企业信贷部叶老桂', 'label': {'name': {'叶老桂': [[9, 11]]},
                                        'company': {'浙商银行': [[0, 3]]}}},
    {'text': '叶老桂', 'label': {'name': {'叶老桂': [[0, 2]]}}},
]


@pytest.fixture
def files(tmp_path):
    vocab = tmp_path / 'vocab.txt'
    vocab.write_text('\n'.join(['[PAD]'] + ['[unused]'] * 99 + [
        '[UNK]', '[CLS]', '[SEP]'] + list('浙商银行企业信贷部叶老桂')) + '\n')
    ann = tmp_path / 'train.json'
    ann.write_text(''.join(json.dumps(d, ensure_ascii=False) + '\n'
                           for d in DOCS))
    return str(ann), str(vocab)


def _dataset(ann, vocab):
    convertor = dict(type='NerConvertor', annotation_type='bio',
                     vocab_file=vocab, categories=CATEGORIES, max_len=MAX_LEN)
    pipeline = [dict(type='NerTransform', label_convertor=convertor,
                     max_len=MAX_LEN), dict(type='ToTensorNER')]
    return NerDataset(ann, LOADER, pipeline, test_mode=True)


def test_items(files):
    ds = _dataset(*files)
    assert len(ds) == 2
    item = ds[1]
    assert item['img'] == []
    metas = item['img_metas']
    assert metas['input_ids'][:5].tolist() == [101, 112, 113, 114, 102]
    assert metas['attention_masks'].tolist() == [1] * 5 + [0] * 11
    # name: B = 1, I = 3; O = 5 on [CLS] and [SEP]; X = 0 on padding
    assert metas['labels'].tolist() == [5, 1, 3, 3, 5] + [0] * 11
    assert metas['token_type_ids'].sum() == 0
    first = ds[0]['img_metas']['labels']
    assert first[1:5].tolist() == [2, 4, 4, 4]  # company = category 2


def test_evaluate_hand_computed(files):
    ds = _dataset(*files)
    results = [[['name', 9, 11], ['company', 0, 2]], [['name', 0, 2]]]
    out = ds.evaluate(results)
    # 3 gt, 3 predicted, 2 right
    assert out['precision'] == pytest.approx(2 / 3)
    assert out['recall'] == pytest.approx(2 / 3)
    assert out['f1-score'] == pytest.approx(2 / 3)
    assert out['name_f1-score'] == pytest.approx(1.0)
    assert out['company_recall'] == 0.0
    assert all(isinstance(v, float) for v in out.values())


def test_bad_span_names_the_line(tmp_path, files):
    _, vocab = files
    bad = tmp_path / 'bad.json'
    bad.write_text(json.dumps(DOCS[1], ensure_ascii=False) + '\n' +
                   json.dumps({'text': 'ab', 'label': {'name': {'x': [[1, 5]]}}})
                   + '\n')
    ds = _dataset(str(bad), vocab)
    assert isinstance(ds[0]['img_metas']['labels'], torch.Tensor)
    with pytest.raises(AnnotationParseError, match=r'bad.json, line 2: span'):
        ds[1]
