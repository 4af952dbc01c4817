"""ParallelSARDecoderWithBS: beam search of SAR's parallel decoder."""
from pathlib import Path

import pytest
import torch
from torch import nn

from mmocr.inference.model_zoo import get_model_entry
from mmocr.models import build_detector
from mmocr.models.builder import build_decoder
from mmocr.models.textrecog.decoders import (
    ParallelSARDecoder,
    ParallelSARDecoderWithBS,
)
from mmocr.models.textrecog.decoders.sar_decoder_with_bs import DecodeNode
from mmocr.utils.config import Config


def _kwargs(**kwargs):
    cfg = dict(num_classes=7, d_model=8, d_enc=6, d_k=5, max_seq_len=4,
               start_idx=5, padding_idx=6, pred_concat=True)
    cfg.update(kwargs)
    return cfg


@pytest.mark.parametrize('dec_bi_rnn', [False, True])
def test_beam_width_one_is_greedy(dec_bi_rnn):
    torch.manual_seed(0)
    beam = ParallelSARDecoderWithBS(beam_width=1, dec_bi_rnn=dec_bi_rnn,
                                    **_kwargs()).eval()
    greedy = ParallelSARDecoder(dec_bi_rnn=dec_bi_rnn, **_kwargs()).eval()
    greedy.load_state_dict(beam.state_dict(), strict=True)
    feat, out_enc = torch.rand(3, 8, 2, 5), torch.rand(3, 6)
    metas = [dict(valid_ratio=0.6), {}, dict(valid_ratio=0.8)]
    with torch.no_grad():
        ours = beam(feat, out_enc, None, metas, train_mode=False)
        ref = greedy(feat, out_enc, None, metas, train_mode=False)
    assert ours.shape == ref.shape == (3, 4, 6)
    assert torch.equal(ours.argmax(-1), ref.argmax(-1))
    torch.testing.assert_close(ours.amax(-1), ref.amax(-1))
    # only the chosen character of each step is non-zero
    assert ((ours > 0).sum(-1) == 1).all()


class _Echo(nn.Module):
    """An 'RNN' returning its input: the decoder's output at a step is the
    embedding (one-hot, below) of the token fed at that step."""

    def forward(self, x, state=None):
        n = x.size(0)
        return x, (torch.zeros(1, n, 1), torch.zeros(1, n, 1))


def _hand_built(decoder, table):
    """Next-token probabilities ``table[previous token]`` (rows and columns
    over the 4 classes 0..3; 0 is start and end)."""
    decoder.rnn_decoder = _Echo()
    with torch.no_grad():
        decoder.embedding.weight.copy_(torch.eye(5, decoder.enc_out_size))

    def attend(y, key, feat, holistic, mask):
        return torch.log(table[y[..., :4].argmax(-1)])

    decoder._attend = attend
    return decoder


def test_beam_search_finds_what_greedy_misses():
    # 0 = start / end, 1 = A, 2 = B, 3 = C; 4 = padding
    table = torch.tensor([[0.1, 0.5, 0.4, 1e-6],    # after start
                          [0.3, 0.4, 1e-6, 0.3],    # after A
                          [0.9, 0.05, 0.05, 1e-6],  # after B
                          [0.25, 0.25, 0.25, 0.25]])
    table = table / table.sum(1, keepdim=True)
    kwargs = dict(num_classes=5, d_model=4, d_enc=6, d_k=3, max_seq_len=2,
                  start_idx=0, padding_idx=4)
    beam = _hand_built(ParallelSARDecoderWithBS(beam_width=2, **kwargs),
                       table).eval()
    greedy = _hand_built(ParallelSARDecoder(**kwargs), table).eval()
    feat, out_enc = torch.rand(2, 4, 1, 3), torch.rand(2, 6)
    with torch.no_grad():
        greedy_out = greedy(feat, out_enc, None, None, train_mode=False)
        beam_out = beam(feat, out_enc, None, None, train_mode=False)
    # greedy: A (0.5) then A (0.4): 0.9; beam: B (0.4) then end (0.9): 1.3
    assert greedy_out.argmax(-1).tolist() == [[1, 1], [1, 1]]
    assert beam_out.argmax(-1).tolist() == [[2, 0], [2, 0]]
    torch.testing.assert_close(beam_out.amax(-1)[0],
                               torch.tensor([table[0, 2], table[2, 0]]))


def test_registered_with_0x_arguments_and_checked():
    decoder = build_decoder(dict(type='ParallelSARDecoderWithBS',
                                 beam_width=3, **_kwargs()))
    assert isinstance(decoder, ParallelSARDecoderWithBS)
    assert decoder.beam_width == 3
    assert ParallelSARDecoderWithBS().beam_width == 5
    with pytest.raises(AssertionError, match='beam_width'):
        ParallelSARDecoderWithBS(beam_width=0, **_kwargs())
    with pytest.raises(AssertionError, match='beam_width'):
        ParallelSARDecoderWithBS(beam_width=7, **_kwargs())
    with pytest.raises(TypeError, match='beam_width'):
        ParallelSARDecoderWithBS(beam_width=2.0, **_kwargs())


def test_chinese_config_builds_with_a_dictionary_file(tmp_path):
    """sar_r31_parallel_decoder_chinese.py: an AttnConvertor over a
    dictionary file (0.x's format, one character per line); with the small
    shipped dictionary, a shrunk model reads a batch of Chinese labels."""
    repo = Path(__file__).resolve().parents[3]
    cfg = Config.fromfile(
        str(repo / 'configs/textrecog/sar/sar_r31_parallel_decoder_chinese.py'))
    assert cfg.model.label_convertor.dict_file == \
        'data/chineseocr/labels/dict_printed_chinese_english_digits.txt'
    dict_file = repo / 'mmocr/model_zoo/dicts/chinese_common.txt'
    chars = dict_file.read_text(encoding='utf-8').splitlines()
    assert len(chars) == len(set(chars)) > 200 and all(len(c) == 1
                                                       for c in chars)
    cfg.model.label_convertor.dict_file = str(dict_file)
    cfg.model.backbone.update(layers=[1, 1, 1, 1],
                              channels=[8, 8, 8, 8, 16, 16, 16])
    cfg.model.encoder.update(d_model=16, d_enc=16)
    cfg.model.decoder.update(type='ParallelSARDecoderWithBS', beam_width=2,
                             d_model=16, d_enc=16, d_k=8)
    cfg.model.max_seq_len = 5
    model = build_detector(cfg.model).eval()
    convertor = model.label_convertor
    assert convertor.idx2str(convertor.str2idx(['总计12元'])) == ['总计12元']
    img = torch.rand(2, 3, 48, 64)
    metas = [dict(resize_shape=(48, 64, 3)), dict(resize_shape=(48, 40, 3))]
    assert model.forward_train(img, [dict(m, text=t) for m, t in zip(
        metas, ['收款', '找零5元'])])['loss_ce'] > 0
    results = model.simple_test(img, metas)
    assert len(results) == 2 and all(len(r['text']) <= 5 for r in results)
    entry = get_model_entry('SAR_CN', 'textrecog')
    assert entry.checkpoint == (
        'https://download.openmmlab.com/mmocr/textrecog/sar/'
        'sar_r31_parallel_decoder_chineseocr_20210507-b4be8214.pth')


def test_beam_search_refuses_onnx_export_and_names_the_greedy_decoder():
    decoder = ParallelSARDecoderWithBS(beam_width=2, **_kwargs()).eval()
    with pytest.raises(NotImplementedError, match='type=ParallelSARDecoder'):
        torch.jit.trace(
            lambda f, e: decoder(f, e, None, None, train_mode=False),
            (torch.rand(1, 8, 2, 5), torch.rand(1, 6)))


def test_decode_node_scores_a_prefix_by_its_probability_sum():
    assert DecodeNode().eval() == pytest.approx(0.9)
    assert DecodeNode([1, 4], [0.5, 0.25]).eval() == 0.75
    with pytest.raises(AssertionError, match='2 indexes and 1 scores'):
        DecodeNode([1, 2], [0.5])
