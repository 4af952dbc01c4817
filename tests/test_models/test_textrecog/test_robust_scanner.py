"""RobustScanner: attention, position-aware and fusion layers, the two
decoder branches, batched greedy decoding (LSTM state kept between steps
equals MMOCR 0.x's re-run of the LSTM), the recognizer and MMOCR 0.x's
state_dict names."""
import pytest
import torch

from mmocr.models import build_detector
from mmocr.models.textrecog import (
    DotProductAttentionLayer,
    PositionAttentionDecoder,
    PositionAwareLayer,
    RobustScannerDecoder,
    RobustScannerFusionLayer,
    SequenceAttentionDecoder,
)
from mmocr.models.textrecog.layers.dot_product_attention_layer import padding_mask
from mmocr.models.textrecog.recognizer import EncodeDecodeRecognizer, RobustScanner
from mmocr.registry import RECOGNIZERS


def tiny_decoder(**kwargs):
    return RobustScannerDecoder(
        num_classes=7, dim_input=6, dim_model=4, max_seq_len=5, start_idx=0,
        padding_idx=6, hybrid_decoder=dict(type='SequenceAttentionDecoder'),
        position_decoder=dict(type='PositionAttentionDecoder'), **kwargs)


def tiny_robust_scanner(max_seq_len=6):
    return build_detector(dict(
        type='RobustScanner',
        backbone=dict(type='ResNet31OCR', layers=[1, 1, 1, 1],
                      channels=[4, 8, 8, 8, 16, 16, 16]),
        encoder=dict(type='ChannelReductionEncoder', in_channels=16,
                     out_channels=8),
        decoder=dict(type='RobustScannerDecoder', dim_input=16, dim_model=8,
                     hybrid_decoder=dict(type='SequenceAttentionDecoder'),
                     position_decoder=dict(type='PositionAttentionDecoder')),
        loss=dict(type='SARLoss'),
        label_convertor=dict(type='AttnConvertor', dict_type='DICT36',
                             with_unknown=True, lower=True),
        max_seq_len=max_seq_len))


def test_registry_name():
    assert RECOGNIZERS.get('RobustScanner') is RobustScanner \
        is EncodeDecodeRecognizer


def test_padding_mask_by_hand():
    mask = padding_mask([dict(valid_ratio=0.5), dict(valid_ratio=0.3), {}],
                        3, 2, 4, torch.device('cpu'))
    # widths ceil(4 * r): 2, 2 (ceil 1.2), 4
    expected = torch.tensor([[0, 0, 1, 1], [0, 0, 1, 1], [0, 0, 0, 0]],
                            dtype=torch.bool)
    assert torch.equal(mask, expected.repeat(1, 2))


def test_dot_product_attention_by_hand():
    layer = DotProductAttentionLayer()
    query = torch.tensor([[[1.0], [0.0]]])  # (1, 2, 1)
    key = torch.tensor([[[0.0, 2.0, 9.0], [0.0, 0.0, 0.0]]])  # (1, 2, 3)
    value = torch.tensor([[[1.0, 3.0, 100.0]]])  # (1, 1, 3)
    mask = torch.tensor([[False, False, True]])
    out = layer(query, key, value, mask)
    w = torch.softmax(torch.tensor([0.0, 2.0]), 0)
    assert out.shape == (1, 1, 1)
    assert torch.allclose(out[0, 0, 0], w[0] * 1 + w[1] * 3)
    assert layer(query, key, value).shape == (1, 1, 1)  # no mask
    assert DotProductAttentionLayer(dim_model=4).scale == 0.5


def test_position_aware_and_fusion_layers():
    layer = PositionAwareLayer(4, rnn_layers=1)
    assert layer(torch.randn(2, 4, 3, 5)).shape == (2, 4, 3, 5)
    fusion = RobustScannerFusionLayer(4)
    assert fusion(torch.randn(2, 3, 4), torch.randn(2, 3, 4)).shape == \
        (2, 3, 4)
    with pytest.raises(AssertionError, match='shape'):
        fusion(torch.randn(2, 4), torch.randn(2, 3))


def test_branch_shapes():
    feat, out_enc = torch.randn(2, 6, 2, 5), torch.randn(2, 4, 2, 5)
    metas = [dict(valid_ratio=1.0), dict(valid_ratio=0.6)]
    targets = dict(padded_targets=torch.randint(0, 6, (2, 4)))
    seq = SequenceAttentionDecoder(num_classes=7, dim_input=6, dim_model=4,
                                   max_seq_len=5, padding_idx=6)
    assert seq.forward_train(feat, out_enc, targets, metas).shape == (2, 4, 6)
    assert seq(feat, out_enc, None, metas, train_mode=False).shape[2] == 6
    pos = PositionAttentionDecoder(num_classes=7, dim_input=6, dim_model=4,
                                   max_seq_len=5, return_feature=True)
    assert pos.forward_train(feat, out_enc, targets, metas).shape == (2, 4, 6)
    assert pos.forward_test(feat, out_enc, metas).shape == (2, 5, 6)
    with pytest.raises(AssertionError, match='dim_model=4'):
        pos.forward_test(feat, torch.randn(2, 3, 2, 5), metas)


def test_padded_columns_are_ignored():
    torch.manual_seed(0)
    decoder = tiny_decoder().eval()
    feat, out_enc = torch.randn(1, 6, 2, 6), torch.randn(1, 4, 2, 6)
    metas = [dict(valid_ratio=0.5)]
    changed_feat, changed_enc = feat.clone(), out_enc.clone()
    changed_feat[..., 3:] = 50.0
    changed_enc[..., 3:] = -50.0
    with torch.no_grad():
        # the position branch's LSTM runs along rows, so only the hybrid
        # branch is independent of padded columns: compare its glimpses
        hyb = decoder.hybrid_decoder
        a = hyb.forward_test_step(feat, out_enc, torch.zeros(1, 5).long(), 2,
                                  metas)
        b = hyb.forward_test_step(changed_feat, changed_enc,
                                  torch.zeros(1, 5).long(), 2, metas)
    assert torch.allclose(a, b, atol=1e-6)


def test_cached_decoding_equals_mmocr0_loop():
    torch.manual_seed(0)
    decoder = tiny_decoder(end_idx=6).eval()
    feat, out_enc = torch.randn(3, 6, 2, 5), torch.randn(3, 4, 2, 5)
    metas = [dict(valid_ratio=r) for r in (1.0, 0.4, 0.8)]
    with torch.no_grad():
        cached = decoder.greedy_decode(feat, out_enc, metas)
        full = decoder.greedy_decode(feat, out_enc, metas, use_cache=False)
    assert full.shape == (3, 5, 6)
    steps = cached.size(1)
    assert torch.allclose(cached, full[:, :steps], atol=1e-5)


def test_decoding_stops_when_all_sequences_end():
    decoder = tiny_decoder(end_idx=2).eval()
    torch.nn.init.zeros_(decoder.prediction.weight)
    with torch.no_grad():
        decoder.prediction.bias.copy_(torch.tensor([0., 0., 9., 0., 0., 0.]))
        out = decoder.forward_test(torch.randn(2, 6, 2, 5),
                                   torch.randn(2, 4, 2, 5), None)
    assert out.shape == (2, 1, 6)


def test_mmocr0_state_dict_keys():
    decoder = tiny_decoder()

    def lstm(prefix, layers=2):
        return [f'{prefix}.{p}_l{i}' for i in range(layers)
                for p in ('weight_ih', 'weight_hh', 'bias_ih', 'bias_hh')]

    expected = ['hybrid_decoder.embedding.weight']
    expected += lstm('hybrid_decoder.sequence_layer')
    expected += ['position_decoder.embedding.weight']
    expected += lstm('position_decoder.position_aware_module.rnn')
    expected += [f'position_decoder.position_aware_module.mixer.{i}.{p}'
                 for i in (0, 2) for p in ('weight', 'bias')]
    expected += ['fusion_module.linear_layer.weight',
                 'fusion_module.linear_layer.bias', 'prediction.weight',
                 'prediction.bias']
    assert list(decoder.state_dict()) == expected
    assert decoder.position_decoder.embedding.num_embeddings == 6
    assert decoder.prediction.out_features == 6  # padding not predicted
    # the branches take the decoder's arguments
    assert decoder.hybrid_decoder.start_idx == 0
    assert decoder.hybrid_decoder.prediction is None


def test_recognizer_loss_and_output():
    torch.manual_seed(0)
    model = tiny_robust_scanner()
    assert model.decoder.end_idx == model.label_convertor.end_idx
    img = torch.randn(2, 3, 48, 64)
    losses = model.forward_train(img, [dict(text='ab', valid_ratio=1.0),
                                       dict(text='xyz', valid_ratio=0.5)])
    assert losses['loss_ce'].dim() == 0 and losses['loss_ce'] > 0
    losses['loss_ce'].backward()
    model.eval()
    with torch.no_grad():
        results = model.simple_test(img, [dict(valid_ratio=1.0)] * 2)
    assert len(results) == 2
    for result in results:
        assert len(result['score']) == len(result['text']) <= 6
        assert all(0.0 <= s <= 1.0 for s in result['score'])
