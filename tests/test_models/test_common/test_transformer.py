"""Transformer parts: attention (masks hand-checked), feed-forward,
positional encoding, encoder/decoder layers and incremental decoding."""
import math

import pytest
import torch

from mmocr.models.common import (
    MultiHeadAttention,
    PositionalEncoding,
    PositionwiseFeedForward,
    ScaledDotProductAttention,
    TFDecoderLayer,
    TFEncoderLayer,
    get_pad_mask,
    get_subsequent_mask,
)

PRE = ('norm', 'self_attn', 'norm', 'enc_dec_attn', 'norm', 'ffn')
POST = ('self_attn', 'norm', 'enc_dec_attn', 'norm', 'ffn', 'norm')


def test_scaled_dot_product_attention_by_hand():
    attention = ScaledDotProductAttention(temperature=2.0, attn_dropout=0.0)
    q = torch.tensor([[[[2.0, 0.0]]]])                    # (1, 1, 1, 2)
    k = torch.tensor([[[[1.0, 0.0], [0.0, 1.0], [3.0, 0.0]]]])
    v = torch.tensor([[[[1.0], [10.0], [100.0]]]])
    mask = torch.tensor([[[[1, 1, 0]]]])                  # third key padded
    out, attn = attention(q, k, v, mask)
    # scores q.k / 2 = [1, 0, 3]; the padded key gets no weight
    w0, w1 = math.e / (math.e + 1), 1 / (math.e + 1)
    assert attn[0, 0, 0].tolist() == pytest.approx([w0, w1, 0.0])
    assert out.item() == pytest.approx(w0 * 1 + w1 * 10)
    _, unmasked = attention(q, k, v)
    assert unmasked[0, 0, 0, 2] > 0.5


def test_multi_head_attention_masks_padded_keys():
    torch.manual_seed(0)
    mha = MultiHeadAttention(n_head=2, d_model=8, d_k=4, d_v=4,
                             dropout=0.0).eval()
    q, kv = torch.randn(2, 3, 8), torch.randn(2, 5, 8)
    mask = torch.tensor([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]])
    out = mha(q, kv, kv, mask)
    assert out.shape == (2, 3, 8)
    changed = kv.clone()
    changed[0, 3:] = 100.0                     # only padded keys of image 0
    assert torch.allclose(mha(q, changed, changed, mask), out, atol=1e-6)
    changed[1, 4] = 100.0                      # a valid key of image 1
    assert not torch.allclose(mha(q, changed, changed, mask)[1], out[1])
    # 3-D masks (per query) and the split projection API agree
    assert torch.allclose(mha(q, kv, kv, mask[:, None].expand(2, 3, 5)), out)
    assert torch.allclose(mha.attend(q, *mha.project_kv(kv, kv), mask), out)
    assert mha.fc.bias is None and mha.linear_q.bias is None  # qkv_bias=False
    with pytest.raises(ValueError, match='mask'):
        mha(q, kv, kv, mask[None, None])


def test_feed_forward_and_positional_encoding():
    ffn = PositionwiseFeedForward(4, 6, dropout=0.0, act_cfg=dict(type='GELU'))
    assert ffn(torch.randn(2, 3, 4)).shape == (2, 3, 4)
    enc = PositionalEncoding(d_hid=4, n_position=5)
    table = enc.position_table
    assert table.shape == (1, 5, 4)
    assert table[0, 0].tolist() == [0.0, 1.0, 0.0, 1.0]
    assert table[0, 2].tolist() == pytest.approx(
        [math.sin(2), math.cos(2), math.sin(2 / 100), math.cos(2 / 100)])
    x = torch.zeros(1, 2, 4)
    assert torch.equal(enc(x, offset=3), table[:, 3:5])
    with pytest.raises(ValueError, match='n_position'):
        enc(torch.zeros(1, 6, 4))


def test_masks():
    seq = torch.tensor([[5, 7, 0, 0]])
    assert get_pad_mask(seq, 0).tolist() == [[[True, True, False, False]]]
    assert get_subsequent_mask(seq)[0].int().tolist() == [
        [1, 0, 0, 0], [1, 1, 0, 0], [1, 1, 1, 0], [1, 1, 1, 1]]


@pytest.mark.parametrize('order', [None, ('self_attn', 'norm', 'ffn', 'norm')])
def test_encoder_layer(order):
    torch.manual_seed(0)
    layer = TFEncoderLayer(d_model=8, d_inner=16, n_head=2, d_k=4, d_v=4,
                           dropout=0.0, operation_order=order).eval()
    x = torch.randn(2, 5, 8)
    mask = torch.tensor([[1, 1, 1, 0, 0], [1] * 5])
    out = layer(x, mask)
    assert out.shape == (2, 5, 8)
    changed = x.clone()
    changed[0, 3:] += 50.0
    # the valid positions of image 0 do not see its padded ones
    assert torch.allclose(layer(changed, mask)[0, :3], out[0, :3], atol=1e-5)


def test_bad_operation_order():
    with pytest.raises(ValueError, match='operation_order'):
        TFEncoderLayer(operation_order=('ffn', 'norm'))
    with pytest.raises(ValueError, match='operation_order'):
        TFDecoderLayer(operation_order=('self_attn', 'ffn'))


@pytest.mark.parametrize('order', [PRE, POST])
def test_decoder_layer_steps_equal_whole_sequence(order):
    torch.manual_seed(0)
    layer = TFDecoderLayer(d_model=8, d_inner=16, n_head=2, d_k=4, d_v=4,
                           dropout=0.0, operation_order=order).eval()
    dec, enc = torch.randn(2, 4, 8), torch.randn(2, 6, 8)
    enc_mask = torch.tensor([[1] * 4 + [0] * 2, [1] * 6])
    causal = get_subsequent_mask(dec[..., 0]).expand(2, 4, 4)
    whole = layer(dec, enc, causal, enc_mask)
    enc_kv = layer.enc_attn.project_kv(enc, enc)
    past, steps = None, []
    for t in range(4):
        out, past = layer.forward_step(dec[:, t:t + 1], enc_kv, enc_mask, past)
        steps.append(out)
    assert past[0].shape == (2, 2, 4, 4)  # keys of the 4 positions, 2 heads
    assert torch.allclose(torch.cat(steps, 1), whole, atol=1e-5)
