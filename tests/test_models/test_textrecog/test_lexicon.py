"""CTCLexicon: Viterbi character scores, lexicon correction scored by the
model's CTC likelihood, and its wiring into recognizers via test_cfg."""
import copy
import math
from pathlib import Path

import pytest
import torch

from mmocr.models import build_detector
from mmocr.models.textrecog.convertors import (
    CTCConvertor,
    CTCLexicon,
    ctc_align_scores,
)
from mmocr.utils.config import Config

REPO = Path(__file__).resolve().parents[3]
CHARS = ['A', 'C', 'G', 'L', 'E', 'R', 'Y', 'a', 'c', 'g', 'l', 'e', 'r', 'y',
         ' ']


def _conv():
    return CTCConvertor(dict_type=None, dict_list=CHARS, with_unknown=False)


def _log_probs(conv, steps):
    """``(T, C)`` log-probabilities from one ``{char: prob}`` per step; the
    remaining mass is spread over the other classes."""
    num_classes = conv.num_classes()
    rows = []
    for step in steps:
        rest = (1 - sum(step.values())) / (num_classes - len(step))
        row = torch.full((num_classes, ), rest, dtype=torch.float64)
        for char, prob in step.items():
            row[0 if char == '' else conv.char2idx[char]] = prob
        rows.append(row)
    return torch.stack(rows).log()


def _reading(conv, word, first_probs):
    """Steps spelling ``word`` one character per step, separated by
    blanks; step 0 is ``first_probs``."""
    steps = [first_probs, {'': 0.99}]
    for char in word[1:]:
        steps += [{char: 0.99}, {'': 0.99}]
    return _log_probs(conv, steps)


def _lexicon(tmp_path, words, **kwargs):
    path = tmp_path / 'lexicon.txt'
    path.write_text('# comment\n' + '\n'.join(words) + '\n\n', encoding='utf-8')
    return CTCLexicon(str(path), **kwargs)


def test_align_scores_follow_the_best_path():
    conv = _conv()
    a = conv.char2idx['A']
    # A A - A: "AA" needs the blank, so it is A(0) and A(3)
    lp = _log_probs(conv, [{'A': 0.9}, {'A': 0.8}, {'': 0.7}, {'A': 0.6}])
    scores = ctc_align_scores(lp, [a, a])
    assert scores == pytest.approx([0.9, 0.6], rel=1e-4)
    # a single "A" takes its likeliest step's run: the first
    assert ctc_align_scores(lp, [a]) == pytest.approx([0.9], rel=1e-4)
    # "AA" does not fit in two steps (it needs a blank between)
    assert ctc_align_scores(lp[:2], [a, a]) == [0.0, 0.0]


def test_align_scores_equal_greedy_scores_on_the_greedy_text():
    conv = _conv()
    torch.manual_seed(0)
    logits = torch.randn(1, 30, conv.num_classes()) * 4
    indexes, scores = conv.tensor2idx(logits)
    lp = torch.log_softmax(logits[0], dim=1)
    assert ctc_align_scores(lp, indexes[0]) == pytest.approx(scores[0],
                                                             rel=1e-4)


def test_uncertain_word_snaps_to_the_lexicon(tmp_path):
    conv = _conv()
    lexicon = _lexicon(tmp_path, ['gallery', 'CLEAR'])
    lp = _reading(conv, 'CALLERY', {'C': 0.6, 'G': 0.39})
    text, scores = lexicon.correct(lp, 'CALLERY', [0.6] + [0.99] * 6, conv)
    assert text == 'GALLERY'
    assert scores[0] == pytest.approx(0.39, rel=1e-3)
    assert scores[1:] == pytest.approx([0.99] * 6, rel=1e-3)
    # lower-case readings get lower-case words
    lp = _reading(conv, 'callery', {'c': 0.6, 'g': 0.39})
    assert lexicon.correct(lp, 'callery', [0.6] + [0.99] * 6,
                           conv)[0] == 'gallery'


def test_confident_or_known_words_are_kept(tmp_path):
    conv = _conv()
    lexicon = _lexicon(tmp_path, ['GALLERY'], max_nll_gap=5.0)
    # 'G' at 1e-4 against 'C' at 0.99: the change costs ~9 nats
    lp = _reading(conv, 'CALLERY', {'C': 0.99, 'G': 1e-4})
    scores = [0.99] * 7
    assert lexicon.correct(lp, 'CALLERY', scores, conv) == ('CALLERY',
                                                            scores)
    # a gap of 0 accepts only a candidate likelier than the reading
    strict = _lexicon(tmp_path, ['GALLERY'], max_nll_gap=0.0)
    lp = _reading(conv, 'CALLERY', {'C': 0.6, 'G': 0.39})
    assert strict.correct(lp, 'CALLERY', scores, conv)[0] == 'CALLERY'
    # known words and short words are never touched
    lex_known = _lexicon(tmp_path, ['CALLERY', 'GALLERY'])
    assert lex_known.correct(lp, 'CALLERY', scores, conv)[0] == 'CALLERY'
    lp = _reading(conv, 'CA', {'C': 0.5, 'G': 0.45})
    assert _lexicon(tmp_path, ['GA']).correct(lp, 'CA', [0.5, 0.99],
                                              conv)[0] == 'CA'


def test_nll_gap_is_the_ctc_likelihood_ratio(tmp_path):
    """The decision compares -log P(line) of the reading and the candidate:
    here P differs only in the first step, so the gap is log(0.6 / 0.39)."""
    conv = _conv()
    lp = _reading(conv, 'CALLERY', {'C': 0.6, 'G': 0.39})
    nll = CTCLexicon._nll(lp, conv.str2idx(['CALLERY', 'GALLERY']))
    assert nll[1] - nll[0] == pytest.approx(math.log(0.6 / 0.39), abs=1e-3)
    below = _lexicon(tmp_path, ['GALLERY'], max_nll_gap=0.45)
    above = _lexicon(tmp_path, ['GALLERY'], max_nll_gap=0.41)
    assert below.correct(lp, 'CALLERY', [1] * 7, conv)[0] == 'GALLERY'
    assert above.correct(lp, 'CALLERY', [1] * 7, conv)[0] == 'CALLERY'


def test_each_word_of_a_line_is_corrected(tmp_path):
    conv = _conv()
    lexicon = _lexicon(tmp_path, ['GALLERY', 'CLEAR'])
    line = 'CALLERY CLEAY'
    # one character per step, blanks between; the uncertain ones are the
    # first C (G close behind) and the last Y (R close behind)
    uncertain = {0: {'C': 0.6, 'G': 0.39}, len(line) - 1: {'Y': 0.55, 'R': 0.44}}
    steps = []
    for i, char in enumerate(line):
        steps += [uncertain.get(i, {char: 0.99}), {'': 0.99}]
    lp = _log_probs(conv, steps)
    assert conv.idx2str(conv.tensor2idx(lp[None])[0]) == [line]
    text, scores = lexicon.correct(lp, line, [0.9] * len(line), conv)
    assert text == 'GALLERY CLEAR'
    assert scores[0] == pytest.approx(0.39, rel=1e-3)
    assert scores[-1] == pytest.approx(0.44, rel=1e-3)
    assert len(scores) == len(text)


def test_lexicon_file_errors(tmp_path):
    with pytest.raises(ValueError, match='runs of letters'):
        _lexicon(tmp_path, ['OK', 'NOT OK'])
    with pytest.raises(ValueError, match='empty lexicon'):
        _lexicon(tmp_path, [])
    with pytest.raises(ValueError, match='max_nll_gap'):
        _lexicon(tmp_path, ['A'], max_nll_gap=-1)
    with pytest.raises(FileNotFoundError, match='lexicon_file .*missing.txt'):
        CTCLexicon(str(tmp_path / 'missing.txt'))


def _crnn_cfg(**test_cfg):
    cfg = copy.deepcopy(Config.fromfile(
        str(REPO / 'configs/_base_/recog_models/crnn.py')).model)
    cfg = cfg.to_dict() if hasattr(cfg, 'to_dict') else dict(cfg)
    cfg['test_cfg'] = test_cfg
    return cfg


def test_recognizer_applies_the_lexicon(tmp_path, monkeypatch):
    path = tmp_path / 'lex.txt'
    path.write_text('gallery\n', encoding='utf-8')
    plain = build_detector(_crnn_cfg()).eval()
    with_lex = build_detector(_crnn_cfg(lexicon=dict(
        lexicon_file=str(path), max_nll_gap=5.0))).eval()
    assert plain.lexicon is None and isinstance(with_lex.lexicon, CTCLexicon)
    conv = plain.label_convertor
    logits = _reading(conv, 'callery', {'c': 0.6, 'g': 0.39})
    # the second image's padding (valid_ratio 0.5) would read 'y' if used
    padded = torch.cat([logits, _log_probs(conv, [{'y': 0.99}] * 14)])
    for model in (plain, with_lex):
        monkeypatch.setattr(model, 'decode_logits',
                            lambda img, metas: padded[None].expand(2, -1, -1))
    img = torch.zeros(2, 1, 32, 112)
    metas = [dict(resize_shape=(32, 112, 1)), dict(resize_shape=(32, 56, 1))]
    before = plain.simple_test(img, metas)
    after = with_lex.simple_test(img, metas)
    assert [r['text'] for r in before] == ['callery' + 'y', 'callery']
    # 'gallery' would have to read a blank step as 'y': kept
    assert [r['text'] for r in after] == ['calleryy', 'gallery']
    assert after[1]['score'][0] == pytest.approx(0.39, rel=1e-3)


def test_recognizer_lexicon_config_errors(tmp_path):
    path = tmp_path / 'lex.txt'
    path.write_text('hello\n', encoding='utf-8')
    with pytest.raises(TypeError, match='test_cfg.lexicon'):
        build_detector(_crnn_cfg(lexicon=dict(lexicon_file=str(path),
                                              max_gap=3)))
    sar = copy.deepcopy(Config.fromfile(
        str(REPO / 'configs/_base_/recog_models/sar.py')).model)
    sar = sar.to_dict() if hasattr(sar, 'to_dict') else dict(sar)
    sar['test_cfg'] = dict(lexicon=dict(lexicon_file=str(path)))
    with pytest.raises(TypeError, match='CTCConvertor'):
        build_detector(sar)
