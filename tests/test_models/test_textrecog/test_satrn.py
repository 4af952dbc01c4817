"""SATRN: shallow CNN, adaptive 2D positional encoding, locality-aware
feed-forward, encoder, the recognizer (cached decoding included) and MMOCR
0.x's state_dict names."""
import pytest
import torch

from mmocr.models import build_detector
from mmocr.models.textrecog import (
    Adaptive2DPositionalEncoding,
    LocalityAwareFeedforward,
    SatrnEncoder,
    ShallowCNN,
)
from mmocr.models.textrecog.recognizer import SATRN, EncodeDecodeRecognizer
from mmocr.registry import RECOGNIZERS

D = 16


def tiny_satrn(max_seq_len=8):
    return build_detector(dict(
        type='SATRN',
        backbone=dict(type='ShallowCNN', input_channels=3, hidden_dim=D),
        encoder=dict(type='SatrnEncoder', n_layers=1, n_head=2, d_k=D // 2,
                     d_v=D // 2, d_model=D, n_position=30, d_inner=2 * D,
                     dropout=0.0),
        decoder=dict(type='NRTRDecoder', n_layers=1, d_embedding=D, n_head=2,
                     d_model=D, d_inner=2 * D, d_k=D // 2, d_v=D // 2,
                     dropout=0.0),
        loss=dict(type='TFLoss'),
        label_convertor=dict(type='AttnConvertor', dict_type='DICT90',
                             with_unknown=True),
        max_seq_len=max_seq_len))


def test_satrn_is_encode_decode_recognizer():
    assert RECOGNIZERS.get('SATRN') is SATRN is EncodeDecodeRecognizer


def test_shallow_cnn_and_feedforward_shapes():
    assert ShallowCNN(3, 8)(torch.randn(2, 3, 32, 100)).shape == (2, 8, 8, 25)
    with pytest.raises(ValueError, match='hidden_dim'):
        ShallowCNN(3, 0)
    ffn = LocalityAwareFeedforward(8, 12)
    assert ffn(torch.randn(2, 8, 3, 5)).shape == (2, 8, 3, 5)
    assert ffn.depthwise_conv.conv.groups == 12


def test_adaptive_positional_encoding():
    enc = Adaptive2DPositionalEncoding(d_hid=4, n_height=3, n_width=5,
                                       dropout=0.0)
    assert enc.h_position_encoder.shape == (1, 4, 3, 1)
    assert enc.w_position_encoder.shape == (1, 4, 1, 5)
    # column 1, channel 1: cos(1); row 0: [0, 1, 0, 1]
    assert enc.w_position_encoder[0, 1, 0, 1].item() == pytest.approx(
        torch.cos(torch.tensor(1.0)).item())
    assert enc.h_position_encoder[0, :, 0, 0].tolist() == [0, 1, 0, 1]
    x = torch.zeros(1, 4, 2, 3)
    # zero input: gates are sigmoid(conv(relu(conv(0)))) with zero biases
    out = enc(x)
    half = 0.5 * (enc.h_position_encoder[:, :, :2]
                  + enc.w_position_encoder[:, :, :, :3])
    assert torch.allclose(out, half.expand_as(out))
    with pytest.raises(ValueError, match='n_position'):
        enc(torch.zeros(1, 4, 4, 3))


def test_encoder_masks_padded_columns():
    encoder = SatrnEncoder(n_layers=1, n_head=2, d_k=4, d_v=4, d_model=8,
                           n_position=10, d_inner=8, dropout=0.0).eval()
    layer = encoder.layer_stack[0]
    seen = []

    def spy(x, h, w, mask=None):
        seen.append((h, w, mask))
        return layer.__class__.forward(layer, x, h, w, mask)

    layer.forward = spy
    out = encoder(torch.randn(2, 8, 2, 6),
                  [dict(valid_ratio=0.5), dict(valid_ratio=1.0)])
    assert out.shape == (2, 12, 8)
    h, w, mask = seen[0]
    # ceil(6 * 0.5) = 3 valid columns in each of the 2 rows (row-major)
    assert (h, w) == (2, 6)
    assert mask.int().tolist() == [[1, 1, 1, 0, 0, 0] * 2, [1] * 12]
    # the gates of the 2D encoding pool the whole map, padding included
    # (MMOCR 0.x); the attention itself never reads a padded position
    encoder(torch.randn(1, 8, 2, 6))
    assert seen[1][2] is None
    with pytest.raises(ValueError, match='d_model=8'):
        encoder(torch.randn(1, 4, 2, 6))


def test_forward_train_test_and_cached_decoding():
    torch.manual_seed(0)
    model = tiny_satrn(max_seq_len=10)
    img = torch.randn(2, 3, 32, 100)
    metas = [dict(valid_ratio=1.0, text='Hello'), dict(valid_ratio=1.0,
                                                       text='a')]
    losses = model.forward_train(img, metas)
    assert losses['loss_ce'].shape == (2 * 9,)
    model.eval()
    with torch.no_grad():
        results = model.simple_test(img, metas)
        out_enc = model.encoder(model.extract_feat(img), metas)
        cached = model.decoder.greedy_decode(out_enc, metas)
        recomputed = model.decoder.greedy_decode(out_enc, metas,
                                                 use_cache=False)
    assert [set(r) for r in results] == [{'text', 'score'}] * 2
    steps = cached.size(1)
    assert torch.equal(cached.argmax(-1), recomputed[:, :steps].argmax(-1))
    assert torch.allclose(cached, recomputed[:, :steps], atol=1e-5)


ATTN = ['linear_q.weight', 'linear_k.weight', 'linear_v.weight', 'fc.weight']
LN = ['weight', 'bias']
BN = ['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']
BACKBONE = [f'conv{i}.{k}' for i in (1, 2)
            for k in ['conv.weight'] + [f'bn.{b}' for b in BN]]
GATE = ['0.weight', '0.bias', '2.weight', '2.bias']
FFN = [f'{c}.{k}' for c in ('conv1', 'depthwise_conv', 'conv2')
       for k in ['conv.weight'] + [f'bn.{b}' for b in BN]]
DECODER_LAYER = ([f'norm{i}.{k}' for i in (1, 2, 3) for k in LN]
                 + [f'{a}.{k}' for a in ('self_attn', 'enc_attn') for k in ATTN]
                 + ['mlp.w_1.weight', 'mlp.w_1.bias', 'mlp.w_2.weight',
                    'mlp.w_2.bias'])
# MMOCR 0.x's names, from its module definitions (shallow_cnn, satrn_encoder,
# satrn_layers, nrtr_decoder, transformer_layers, transformer_module)
SATRN_KEYS = (
    [f'backbone.{k}' for k in BACKBONE]
    + [f'encoder.position_enc.{k}' for k in
       ['h_position_encoder', 'w_position_encoder']
       + [f'h_scale.{g}' for g in GATE] + [f'w_scale.{g}' for g in GATE]]
    + [f'encoder.layer_stack.0.{k}' for k in
       [f'norm1.{n}' for n in LN] + [f'attn.{a}' for a in ATTN]
       + [f'norm2.{n}' for n in LN] + [f'feed_forward.{f}' for f in FFN]]
    + ['encoder.layer_norm.weight', 'encoder.layer_norm.bias',
       'decoder.trg_word_emb.weight', 'decoder.position_enc.position_table']
    + [f'decoder.layer_stack.0.{k}' for k in DECODER_LAYER]
    + ['decoder.layer_norm.weight', 'decoder.layer_norm.bias',
       'decoder.classifier.weight', 'decoder.classifier.bias'])


def test_state_dict_names_are_mmocr0s():
    state = tiny_satrn().state_dict()
    assert sorted(state) == sorted(SATRN_KEYS)
    assert state['encoder.position_enc.h_position_encoder'].shape == (
        1, D, 30, 1)
    assert state['backbone.conv1.conv.weight'].shape == (D // 2, 3, 3, 3)
