"""NRTR: modality transform, encoder, decoder (cached greedy decoding equals
MMOCR 0.x's recomputation), TFLoss, the recognizer and MMOCR 0.x's
state_dict names."""
from pathlib import Path

import pytest
import torch

from mmocr.models import build_detector
from mmocr.models.textrecog import (
    NRTRDecoder,
    NRTREncoder,
    NRTRModalityTransform,
    ResNet31OCR,
    TFLoss,
)
from mmocr.models.textrecog.recognizer import NRTR, EncodeDecodeRecognizer
from mmocr.registry import RECOGNIZERS
from mmocr.utils.config import Config

CONFIGS = Path(__file__).resolve().parents[3] / 'configs' / 'textrecog'
TINY = dict(n_head=2, d_k=256, d_v=256, d_inner=16, dropout=0.0)


def tiny_nrtr(max_seq_len=8, **convertor):
    return build_detector(dict(
        type='NRTR',
        backbone=dict(type='NRTRModalityTransform'),
        encoder=dict(type='NRTREncoder', n_layers=1, **TINY),
        decoder=dict(type='NRTRDecoder', n_layers=1, **TINY),
        loss=dict(type='TFLoss'),
        label_convertor=dict(type='AttnConvertor', dict_type='DICT36',
                             with_unknown=True, lower=True, **convertor),
        max_seq_len=max_seq_len))


def _metas(*ratios, texts=None):
    texts = texts or ['hello'] * len(ratios)
    return [dict(valid_ratio=r, text=t) for r, t in zip(ratios, texts)]


def test_nrtr_is_encode_decode_recognizer():
    assert RECOGNIZERS.get('NRTR') is NRTR is EncodeDecodeRecognizer


def test_modality_transform_shapes():
    backbone = NRTRModalityTransform(input_channels=3, input_height=32)
    assert backbone(torch.randn(2, 3, 32, 100)).shape == (2, 512, 1, 25)
    with pytest.raises(ValueError, match='input_height=32'):
        backbone(torch.randn(1, 3, 48, 100))
    assert NRTRModalityTransform(input_channels=1, input_height=48)(
        torch.randn(1, 1, 48, 40)).shape == (1, 512, 1, 10)


@pytest.mark.parametrize('last_stage_pool,shape', [(True, (2, 20)),
                                                   (False, (4, 40))])
def test_resnet31_with_mmocr0_nrtr_channels(last_stage_pool, shape):
    # NRTR's 0.x configs give 6 channels: the last conv keeps channels[5]
    backbone = ResNet31OCR(layers=[1, 1, 1, 1],
                           channels=[4, 8, 8, 8, 16, 16],
                           last_stage_pool=last_stage_pool)
    assert backbone(torch.randn(1, 3, 32, 160)).shape == (1, 16, *shape)
    assert backbone.conv5.out_channels == 16


def test_encoder_masks_padded_positions():
    torch.manual_seed(0)
    encoder = NRTREncoder(n_layers=1, d_model=8, n_head=2, d_k=4, d_v=4,
                          d_inner=16, dropout=0.0).eval()
    feat = torch.randn(1, 8, 1, 10)
    out = encoder(feat, [dict(valid_ratio=0.5)])
    assert out.shape == (1, 10, 8)
    changed = feat.clone()
    changed[..., 5:] = 100.0  # the padded half: ceil(10 * 0.5) = 5 valid
    assert torch.allclose(encoder(changed, [dict(valid_ratio=0.5)])[:, :5],
                          out[:, :5], atol=1e-5)
    with pytest.raises(ValueError, match='d_model=8'):
        encoder(torch.randn(1, 4, 1, 10))


def test_tf_loss_shifts_and_ignores_padding():
    loss = TFLoss(ignore_index=3, reduction='mean')
    # targets [start=2, 0, 1, pad=3]: outputs 0..2 predict 0, 1, pad
    targets = dict(padded_targets=torch.tensor([[2, 0, 1, 3]]))
    logits = torch.full((1, 4, 3), -10.0)
    logits[0, 0, 0] = logits[0, 1, 1] = 10.0
    assert loss(logits, targets)['loss_ce'].item() < 1e-6
    per_step = TFLoss(ignore_index=3)(logits, targets)['loss_ce']
    assert per_step.shape == (3,) and per_step[2] == 0  # 0.x: flat, 'none'
    not_flat = TFLoss(ignore_index=3, flatten=False)(logits, targets)
    assert not_flat['loss_ce'].shape == (1, 3)
    with pytest.raises(ValueError, match='do not match'):
        loss(logits[:, :3], targets)


def test_decoder_arguments():
    with pytest.raises(ValueError, match='n_position'):
        NRTRDecoder(max_seq_len=200, n_position=200)
    with pytest.raises(ValueError, match='d_embedding'):
        NRTRDecoder(d_embedding=256)
    # the recognizer passes the convertor's tokens, end included
    model = tiny_nrtr(start_end_same=False)
    convertor = model.label_convertor
    assert (model.decoder.start_idx, model.decoder.end_idx,
            model.decoder.padding_idx) == (convertor.start_idx,
                                           convertor.end_idx,
                                           convertor.padding_idx)
    assert convertor.end_idx == convertor.start_idx + 1


def test_forward_train_and_test_formats():
    torch.manual_seed(0)
    model = tiny_nrtr()
    img = torch.randn(2, 3, 32, 40)
    losses = model.forward_train(img, _metas(1.0, 0.5, texts=['hello', 'ab']))
    # per step, 0.x's reduction='none': N * (max_seq_len - 1) values
    assert losses['loss_ce'].shape == (2 * 7,)
    assert torch.isfinite(losses['loss_ce']).all()
    model.eval()
    with torch.no_grad():
        results = model.simple_test(img, _metas(1.0, 0.5))
    assert len(results) == 2
    for result in results:
        assert set(result) == {'text', 'score'}
        assert len(result['score']) == len(result['text']) <= 8


def test_label_longer_than_max_seq_len_is_truncated():
    # the one AttnConvertor rule (MMOCR 0.x): [start, chars..., end] is cut
    # at max_seq_len, the end token dropped with the tail
    model = tiny_nrtr(max_seq_len=6)
    targets = model.label_convertor.str2tensor(['abcdefghij'])
    assert targets['padded_targets'].shape == (1, 6)
    assert model.label_convertor.idx2str(
        [targets['padded_targets'][0, 1:].tolist()]) == ['abcde']
    losses = model.forward_train(torch.randn(1, 3, 32, 40),
                                 _metas(1.0, texts=['abcdefghij']))
    assert torch.isfinite(losses['loss_ce']).all()


def _encoded(model, img, metas):
    with torch.no_grad():
        return model.encoder(model.extract_feat(img), metas)


def test_cached_decoding_equals_recomputation():
    torch.manual_seed(1)
    model = tiny_nrtr(max_seq_len=12).eval()
    metas = _metas(1.0, 0.6, 0.3)
    out_enc = _encoded(model, torch.randn(3, 3, 32, 48), metas)
    with torch.no_grad():
        cached = model.decoder.greedy_decode(out_enc, metas)
        recomputed = model.decoder.greedy_decode(out_enc, metas,
                                                 use_cache=False)
    assert recomputed.shape == (3, 12, 38)
    steps = cached.size(1)
    assert torch.equal(cached.argmax(-1), recomputed[:, :steps].argmax(-1))
    assert torch.allclose(cached, recomputed[:, :steps], atol=1e-5)
    texts = [model.label_convertor.idx2str(
        model.label_convertor.tensor2idx(p)[0]) for p in (cached, recomputed)]
    assert texts[0] == texts[1]
    # forward_test is the cached path; one image alone decodes the same
    with torch.no_grad():
        assert torch.equal(model.decoder(None, out_enc, None, metas,
                                         train_mode=False), cached)
        alone = model.decoder.greedy_decode(out_enc[1:2], metas[1:2])
    assert torch.allclose(alone, cached[1:2, :alone.size(1)], atol=1e-5)


def test_decoding_stops_when_every_sequence_has_ended():
    model = tiny_nrtr(max_seq_len=12).eval()
    end = model.decoder.end_idx
    metas = _metas(1.0, 1.0)
    out_enc = _encoded(model, torch.randn(2, 3, 32, 40), metas)
    with torch.no_grad():
        model.decoder.classifier.bias[end] = 1e4  # everyone ends at once
        cached = model.decoder.greedy_decode(out_enc, metas)
        assert cached.shape == (2, 1, 38)
        assert model.decoder.greedy_decode(
            out_enc, metas, use_cache=False).shape == (2, 12, 38)
        model.decoder.classifier.bias[end] = -1e4  # nobody ends
        assert model.decoder.greedy_decode(out_enc, metas).shape == (2, 12, 38)


def _layer_keys(prefix, names):
    return [f'{prefix}.{n}' for n in names]


ATTN = ['linear_q.weight', 'linear_k.weight', 'linear_v.weight', 'fc.weight']
LN = ['weight', 'bias']
BN = ['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']
MLP = ['w_1.weight', 'w_1.bias', 'w_2.weight', 'w_2.bias']
# MMOCR 0.x's names, from its module definitions (nrtr_modality_transformer,
# nrtr_encoder, nrtr_decoder, transformer_layers, transformer_module)
def nrtr_decoder_keys():
    """The decoder's 0.x names (one layer)."""
    return (['decoder.trg_word_emb.weight',
             'decoder.position_enc.position_table']
            + _layer_keys('decoder.layer_stack.0',
                          [f'norm{i}.{k}' for i in (1, 2, 3) for k in LN]
                          + [f'self_attn.{k}' for k in ATTN]
                          + [f'enc_attn.{k}' for k in ATTN]
                          + [f'mlp.{k}' for k in MLP])
            + ['decoder.layer_norm.weight', 'decoder.layer_norm.bias',
               'decoder.classifier.weight', 'decoder.classifier.bias'])


def nrtr_keys():
    return (
        _layer_keys('backbone', ['conv_1.weight', 'conv_1.bias']
                    + [f'bn_1.{k}' for k in BN]
                    + ['conv_2.weight', 'conv_2.bias']
                    + [f'bn_2.{k}' for k in BN]
                    + ['linear.weight', 'linear.bias'])
        + _layer_keys('encoder.layer_stack.0',
                      [f'attn.{k}' for k in ATTN] + [f'norm1.{k}' for k in LN]
                      + [f'mlp.{k}' for k in MLP]
                      + [f'norm2.{k}' for k in LN])
        + ['encoder.layer_norm.weight', 'encoder.layer_norm.bias']
        + nrtr_decoder_keys())


def test_state_dict_names_are_mmocr0s():
    model = tiny_nrtr()
    state = model.state_dict()
    assert sorted(state) == sorted(nrtr_keys())
    assert state['decoder.position_enc.position_table'].shape == (1, 200, 512)
    # DICT36, <UKN>, <BOS/EOS>: every class but <PAD>
    assert state['decoder.classifier.weight'].shape == (38, 512)
    # a 0.x checkpoint of the same architecture loads strictly
    model.load_state_dict({k: v.clone() for k, v in state.items()},
                          strict=True)


@pytest.mark.parametrize('name,stage5', [
    ('nrtr_r31_1by16_1by8_academic.py', True),
    ('nrtr_r31_1by8_1by4_academic.py', False),
])
def test_r31_configs(name, stage5):
    cfg = Config.fromfile(str(CONFIGS / 'nrtr' / name))
    assert cfg.model.backbone.channels == [32, 64, 128, 256, 512, 512]
    assert cfg.model.backbone.last_stage_pool is stage5
    assert cfg.model.label_convertor.dict_type == 'DICT90'
