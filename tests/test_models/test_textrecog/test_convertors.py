import logging

import pytest
import torch

from mmocr.models.builder import build_convertor
from mmocr.models.textrecog.convertors import (
    DICT36,
    DICT90,
    DICT91,
    AttnConvertor,
    BaseConvertor,
    CTCConvertor,
)


def test_builtin_dicts():
    assert len(DICT36) == 36 and len(set(DICT36)) == 36
    assert len(DICT90) == 90 and len(set(DICT90)) == 90
    assert DICT91 == DICT90 + ' '
    assert DICT90.startswith(DICT36 + 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')
    assert not set('^{|} ') & set(DICT90)
    assert BaseConvertor('DICT91').num_classes() == 91


def test_dict_sources(tmp_path):
    dict_file = tmp_path / 'dict.txt'
    dict_file.write_text('a\n \nb\n\nc\r\n', encoding='utf-8')
    conv = BaseConvertor(dict_file=str(dict_file), dict_list=['x'])
    assert conv.idx2char == ['a', ' ', 'b', 'c']
    assert BaseConvertor(dict_list=['x', 'y']).idx2char == ['x', 'y']

    bad = tmp_path / 'bad.txt'
    bad.write_text('a\nbc\n', encoding='utf-8')
    with pytest.raises(ValueError, match='bad.txt:2'):
        BaseConvertor(dict_file=str(bad))
    with pytest.raises(ValueError, match='duplicated'):
        BaseConvertor(dict_list=['a', 'a'])
    with pytest.raises(ValueError, match='dict_type'):
        BaseConvertor('DICT12')
    with pytest.raises(FileNotFoundError):
        BaseConvertor(dict_file=str(tmp_path / 'missing.txt'))


def test_ctc_dictionary_layout():
    conv = build_convertor(dict(type='CTCConvertor', dict_type='DICT36'))
    assert conv.idx2char[0] == '<BLK>' and conv.blank_idx == 0
    assert conv.idx2char[-1] == '<UKN>' and conv.unknown_idx == 37
    assert conv.num_classes() == 38
    no_ukn = CTCConvertor('DICT36', with_unknown=False)
    assert no_ukn.num_classes() == 37 and no_ukn.unknown_idx is None


def test_ctc_str2tensor_roundtrip_with_space_and_lower():
    conv = CTCConvertor('DICT91', lower=True)
    out = conv.str2tensor(['Ab 1', 'z'])
    a, b, sp, one, z = (conv.char2idx[c] for c in 'ab 1z')
    assert out['targets'][0].tolist() == [a, b, sp, one]
    assert out['flatten_targets'].tolist() == [a, b, sp, one, z]
    assert out['target_lengths'].tolist() == [4, 1]
    assert conv.idx2str(conv.str2idx(['Ab 1'])) == ['ab 1']
    cased = CTCConvertor('DICT90')
    assert cased.idx2str(cased.str2idx(['AbC'])) == ['AbC']


def test_unknown_chars_mapped_or_skipped_and_counted():
    mapped = CTCConvertor('DICT36', with_unknown=True)
    assert mapped.idx2str(mapped.str2idx(['a#b'])) == ['a<UKN>b']
    skipped = CTCConvertor('DICT36', with_unknown=False)
    skipped.unknown_log_interval = 2
    records = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = records.append
    mmocr_logger = logging.getLogger('mmocr')
    mmocr_logger.addHandler(handler)
    try:
        assert skipped.str2idx(['a#b', '##', 'é']) == [
            [skipped.char2idx['a'], skipped.char2idx['b']], [], []]
    finally:
        mmocr_logger.removeHandler(handler)
    assert skipped.num_unknown == 4
    assert skipped.unknown_counts == {'#': 3, 'é': 1}
    # logged at the 1st, 2nd and 4th unknown character
    messages = [r.getMessage() for r in records]
    assert len(messages) == 3 and 'skipped' in messages[0]
    assert "'#': 3" in messages[-1]


def _one_hot_logits(seq, num_classes):
    logits = torch.full((len(seq), num_classes), -10.0)
    logits[torch.arange(len(seq)), torch.tensor(seq)] = 10.0
    return logits


def test_ctc_greedy_decode_hand_cases():
    conv = CTCConvertor(dict_list=list('ab'), with_unknown=False)
    a, b, blank = 1, 2, 0
    cases = {
        (a, a, blank, a, b): 'aab',
        (blank, blank): '',
        (a, a, a): 'a',
        (b, blank, b, b, blank): 'bb',
        (blank, a, b, a, blank): 'aba',
    }
    seqs = list(cases)
    length = max(len(s) for s in seqs)
    padded = [s + (blank,) * (length - len(s)) for s in seqs]
    logits = torch.stack([_one_hot_logits(s, 3) for s in padded])
    indexes, scores = conv.tensor2idx(logits, [{} for _ in seqs])
    assert conv.idx2str(indexes) == [cases[s] for s in seqs]
    assert all(len(sc) == len(ix) for sc, ix in zip(scores, indexes))
    assert scores[0][0] == pytest.approx(1.0, abs=1e-6)


def test_ctc_decode_respects_valid_ratio_and_topk():
    conv = CTCConvertor(dict_list=list('ab'), with_unknown=False)
    logits = _one_hot_logits([1, 0, 2, 0], 3)[None]
    indexes, _ = conv.tensor2idx(logits, [dict(valid_ratio=0.5)])
    assert conv.idx2str(indexes) == ['a']
    logits = torch.tensor([[[0.0, 3.0, 2.0]]])
    idx_topk, score_topk = conv.tensor2idx(logits, [{}], topk=2,
                                           return_topk=True)
    assert idx_topk == [[[1, 2]]]
    probs = torch.softmax(logits[0, 0], 0)
    assert score_topk[0][0] == pytest.approx(probs[[1, 2]].tolist())
    with pytest.raises(ValueError, match='img_metas'):
        conv.tensor2idx(logits, [{}, {}])


def test_attn_dictionary_layout_and_targets():
    conv = AttnConvertor(dict_list=list('abc'), max_seq_len=6)
    assert conv.idx2char == ['a', 'b', 'c', '<UKN>', '<BOS/EOS>', '<PAD>']
    assert (conv.unknown_idx, conv.start_idx, conv.end_idx,
            conv.padding_idx) == (3, 4, 4, 5)
    out = conv.str2tensor(['ab', 'cxcab'])
    assert out['targets'][0].tolist() == [0, 1]
    assert out['padded_targets'].tolist() == [
        [4, 0, 1, 4, 5, 5],
        [4, 2, 3, 2, 0, 1],  # cut at max_seq_len: no end token
    ]
    separate = AttnConvertor(dict_list=list('abc'), start_end_same=False,
                             with_unknown=False)
    assert (separate.start_idx, separate.end_idx,
            separate.padding_idx) == (3, 4, 5)
    assert separate.num_classes() == 6


def test_attn_decode_stops_at_end_and_skips_padding():
    conv = AttnConvertor(dict_list=list('abc'))
    # a, <PAD>, b, <EOS>, c  -> 'ab'
    probs = torch.softmax(_one_hot_logits([0, 5, 1, 4, 2], 6), -1)[None]
    indexes, scores = conv.tensor2idx(probs)
    assert conv.idx2str(indexes) == ['ab']
    assert len(scores[0]) == 2 and scores[0][0] == pytest.approx(1.0, abs=1e-6)


def test_convertor_rejects_bad_input():
    conv = AttnConvertor()
    with pytest.raises(TypeError):
        conv.str2idx('abc')
    with pytest.raises(ValueError):
        AttnConvertor(max_seq_len=1)
    with pytest.raises(IndexError, match='out of range'):
        conv.idx2str([[1000]])
