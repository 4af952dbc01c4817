"""NerConvertor: tag layout, BIO/BIOES round trips, truncation."""
from __future__ import annotations

import pytest
import torch

from mmocr.models import build_convertor

CATEGORIES = ['address', 'name']


@pytest.fixture
def vocab_file(tmp_path):
    path = tmp_path / 'vocab.txt'
    tokens = ['[PAD]'] + [f'[unused{i}]' for i in range(99)] + [
        '[UNK]', '[CLS]', '[SEP]'] + list('abcdefghij浙商银行叶老桂')
    path.write_text('\n'.join(tokens) + '\n')
    return str(path)


def _convertor(vocab_file, annotation_type='bio', max_len=16):
    return build_convertor(dict(type='NerConvertor',
                                annotation_type=annotation_type,
                                vocab_file=vocab_file, categories=CATEGORIES,
                                max_len=max_len))


def test_bio_tag_layout_matches_mmocr(vocab_file):
    conv = _convertor(vocab_file)
    assert conv.id2label == {0: 'X', 1: 'B-address', 2: 'B-name',
                             3: 'I-address', 4: 'I-name', 5: 'O',
                             6: '[START]', 7: '[END]'}
    assert conv.ignore_id == 5 and conv.num_labels == 8


def test_text_to_ids(vocab_file):
    conv = _convertor(vocab_file, max_len=8)
    # lower-cased, unknown -> 100, [CLS] 101 ... [SEP] 102, zero padding
    assert conv.convert_text2id('Ab?') == [101, 103, 104, 100, 102, 0, 0, 0]
    # truncated to max_len - 2 characters
    assert conv.convert_text2id('abcdefghij') == [101, 103, 104, 105, 106, 107,
                                                  108, 102]


@pytest.mark.parametrize('annotation_type', ['bio', 'bioes'])
def test_entity_round_trip(vocab_file, annotation_type):
    conv = _convertor(vocab_file, annotation_type)
    text = '浙商银行叶老桂a'
    label = {'address': {'浙商银行': [[0, 3]]}, 'name': {'叶老桂': [[4, 6]],
                                                        'a': [[7, 7]]}}
    tags = conv.convert_entity2label(label, len(text))
    assert len(tags) == 16 and tags[0] == conv.ignore_id
    mask = [1] * (len(text) + 2) + [0] * (16 - len(text) - 2)
    entities = conv.convert_pred2entities(torch.tensor([tags]),
                                          torch.tensor([mask]))
    assert sorted(entities[0]) == [['address', 0, 3], ['name', 4, 6],
                                   ['name', 7, 7]]
    if annotation_type == 'bio':
        assert tags[1:5] == [1, 3, 3, 3]
    else:
        names = [conv.id2label[t] for t in tags[1:9]]
        assert names == ['B-address', 'I-address', 'I-address', 'E-address',
                         'B-name', 'I-name', 'E-name', 'S-name']


def test_strict_decoding(vocab_file):
    conv = _convertor(vocab_file)
    # [CLS] I-name B-name I-address O B-address I-address | masked I-address
    preds = torch.tensor([[5, 4, 2, 3, 5, 1, 3, 3]])
    masks = torch.tensor([[1, 1, 1, 1, 1, 1, 1, 0]])
    # a stray I is dropped; an I of another category closes the open entity
    assert conv.convert_pred2entities(preds, masks) == [
        [['name', 1, 1], ['address', 4, 5]]]


def test_truncated_entities_are_cut(vocab_file):
    conv = _convertor(vocab_file, max_len=6)  # room for 4 characters
    tags = conv.convert_entity2label({'name': {'x': [[2, 5]]}}, 8)
    assert tags == [5, 5, 5, 2, 4, 5]


def test_bad_arguments(vocab_file):
    with pytest.raises(ValueError, match='max_len must be > 2'):
        _convertor(vocab_file, max_len=2)
    with pytest.raises(ValueError, match="'bio' or 'bioes'"):
        _convertor(vocab_file, annotation_type='bmes')
    conv = _convertor(vocab_file)
    with pytest.raises(KeyError, match='unknown entity category'):
        conv.convert_entity2label({'game': {'x': [[0, 0]]}}, 3)
