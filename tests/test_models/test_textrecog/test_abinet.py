"""ABINet (MMOCR 0.x's names and state_dict keys), its parts, iterative
correction, loss, convertor and bad input."""
from __future__ import annotations

from pathlib import Path

import pytest
import torch

from mmocr.models import build_detector
from mmocr.models.builder import build_convertor
from mmocr.models.textrecog.convertors import ABIConvertor
from mmocr.models.textrecog.decoders import ABILanguageDecoder, ABIVisionDecoder
from mmocr.models.textrecog.fusers import ABIFuser
from mmocr.models.textrecog.losses import ABILoss
from mmocr.models.textrecog.recognizer import ABINet
from mmocr.models.textrecog.recognizer.abinet import ABINet as ABINetPath
from mmocr.registry import RECOGNIZERS
from mmocr.utils.config import Config
from mmocr.utils.errors import InvalidValueError

REPO = Path(__file__).resolve().parents[3]
CONFIGS = REPO / 'configs' / 'textrecog' / 'abinet'
BN = ('weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked')


def _mmcv_layer(prefix: str, num_attn: int) -> list[str]:
    """Keys of mmcv's BaseTransformerLayer (MultiheadAttention, FFN, LN)."""
    keys = []
    for i in range(num_attn):
        keys += [f'{prefix}.attentions.{i}.attn.{n}' for n in (
            'in_proj_weight', 'in_proj_bias', 'out_proj.weight',
            'out_proj.bias')]
    keys += [f'{prefix}.ffns.0.layers.{n}' for n in (
        '0.0.weight', '0.0.bias', '1.weight', '1.bias')]
    for i in range(num_attn + 1):
        keys += [f'{prefix}.norms.{i}.weight', f'{prefix}.norms.{i}.bias']
    return keys


def _mmocr0_keys(with_language: bool) -> list[str]:
    """MMOCR 0.x's ABINet state_dict keys, from its module attributes."""
    keys = ['backbone.conv1.weight', 'backbone.conv1.bias']
    keys += [f'backbone.bn1.{n}' for n in BN]
    for stage, blocks in enumerate((3, 4, 6, 6, 3)):
        for b in range(blocks):
            p = f'backbone.layers.{stage}.{b}'
            keys += [f'{p}.conv1.weight', f'{p}.conv2.weight']
            keys += [f'{p}.bn1.{n}' for n in BN] + [f'{p}.bn2.{n}' for n in BN]
            # stage 0 keeps 32 channels at stride 2: also a downsample
            if b == 0:
                keys += [f'{p}.downsample.0.weight']
                keys += [f'{p}.downsample.1.{n}' for n in BN]
    keys.append('encoder.encoder.pos_encoder.position_table')
    for i in range(3):
        keys += _mmcv_layer(f'encoder.encoder.transformer.{i}', 1)
    for i in range(4):
        keys += [f'encoder.decoder.k_encoder.{i}.conv.weight']
        keys += [f'encoder.decoder.k_encoder.{i}.bn.{n}' for n in BN]
    for i in range(4):
        keys += [f'encoder.decoder.k_decoder.{i}.1.conv.weight']
        keys += [f'encoder.decoder.k_decoder.{i}.1.bn.{n}' for n in BN]
    keys += ['encoder.decoder.pos_encoder.position_table',
             'encoder.decoder.project.weight', 'encoder.decoder.project.bias',
             'encoder.decoder.cls.weight', 'encoder.decoder.cls.bias']
    if with_language:
        keys += ['decoder.proj.weight', 'decoder.token_encoder.position_table',
                 'decoder.pos_encoder.position_table']
        for i in range(4):
            keys += _mmcv_layer(f'decoder.decoder_layers.{i}', 1)
        keys += ['decoder.cls.weight', 'decoder.cls.bias',
                 'fuser.w_att.weight', 'fuser.w_att.bias', 'fuser.cls.weight',
                 'fuser.cls.bias']
    return keys


@pytest.mark.parametrize('config,with_language', [
    ('abinet_academic.py', True), ('abinet_vision_only_academic.py', False)])
def test_state_dict_keys_are_mmocr0s(config, with_language):
    model = build_detector(Config.fromfile(str(CONFIGS / config)).model)
    state = model.state_dict()
    assert sorted(state) == sorted(_mmocr0_keys(with_language))
    assert state['encoder.encoder.transformer.0.attentions.0.attn.'
                 'in_proj_weight'].shape == (1536, 512)
    assert state['encoder.decoder.cls.weight'].shape == (37, 512)
    assert state['backbone.layers.4.0.conv2.weight'].shape == (512, 512, 3, 3)
    if with_language:
        assert state['decoder.proj.weight'].shape == (512, 37)
        assert state['fuser.w_att.weight'].shape == (512, 1024)
        # 0.x's published ABINet: 36.7M parameters
        assert sum(p.numel() for p in model.parameters()) == 36737775


def test_model_name_is_the_class():
    assert RECOGNIZERS.get('ABINet') is ABINet is ABINetPath


def _tiny_cfg(iter_size: int = 2, language: bool = True) -> dict:
    name = 'abinet_academic.py' if language else \
        'abinet_vision_only_academic.py'
    cfg = Config.fromfile(str(CONFIGS / name)).model.to_dict()
    cfg['backbone'].update(stem_channels=4, arch_settings=[1, 1, 1, 1, 1])
    cfg['encoder']['encoder'].update(n_layers=1, n_head=2, d_model=64,
                                     d_inner=32, dropout=0.)
    cfg['encoder']['decoder'].update(in_channels=64, num_channels=8)
    if language:
        cfg['decoder'].update(d_model=64, n_head=2, d_inner=32, n_layers=1,
                              dropout=0.)
        cfg['fuser'].update(d_model=64)
    cfg['iter_size'] = iter_size
    return cfg


def _metas(texts):
    return [dict(resize_shape=(32, 128, 3), text=t) for t in texts]


def test_shapes_of_every_output():
    torch.manual_seed(0)
    model = build_detector(_tiny_cfg(iter_size=3))
    model.init_weights()
    img = torch.randn(2, 3, 32, 128)
    targets = model.label_convertor.str2tensor(['abc', 'de'])
    out = model.forward_outputs(img, _metas(['abc', 'de']), targets)
    assert out['out_enc']['feature'].shape == (2, 26, 64)
    assert out['out_enc']['logits'].shape == (2, 26, 37)
    assert out['out_enc']['attn_scores'].shape == (2, 26, 8, 32)
    torch.testing.assert_close(out['out_enc']['attn_scores'].sum((2, 3)),
                               torch.ones(2, 26))
    assert len(out['out_decs']) == len(out['out_fusers']) == 3
    assert out['out_decs'][0]['feature'].shape == (2, 26, 64)
    assert out['out_fusers'][-1]['logits'].shape == (2, 26, 37)


def test_iter_size_feeds_the_fused_reading_back_and_returns_it():
    """Round i's language model reads round i-1's fused logits (the vision
    logits first), and the result is the last fuser's reading, not the
    vision model's."""
    torch.manual_seed(0)
    model = build_detector(_tiny_cfg(iter_size=2)).eval()
    seen = []
    model.decoder.register_forward_pre_hook(
        lambda module, args: seen.append(args[1].clone()))
    img = torch.randn(2, 3, 32, 128)
    metas = _metas(['', ''])
    with torch.no_grad():
        out = model.forward_outputs(img, metas)
        results = model.simple_test(img, metas)
    torch.testing.assert_close(seen[0], out['out_enc']['logits'])
    torch.testing.assert_close(seen[1], out['out_fusers'][0]['logits'])
    assert not torch.allclose(out['out_fusers'][-1]['logits'],
                              out['out_enc']['logits'])
    probs = torch.softmax(out['out_fusers'][-1]['logits'], -1)
    texts = model.label_convertor.idx2str(
        model.label_convertor.tensor2idx(probs)[0])
    assert [r['text'] for r in results] == texts
    # the language model changes the reading: with it disabled the vision
    # logits are the result
    model.decoder = model.fuser = None
    vision = model.decode_logits(img, model.with_valid_ratio(img, metas))
    torch.testing.assert_close(vision,
                               torch.softmax(out['out_enc']['logits'], -1))


def test_batched_inference_matches_single_images_and_0x_format():
    torch.manual_seed(0)
    model = build_detector(_tiny_cfg()).eval()
    img = torch.randn(3, 3, 32, 128)
    with torch.no_grad():
        batched = model(img=[img], img_metas=[_metas(['x'] * 3)],
                        return_loss=False)
        single = [model.simple_test(img[i:i + 1], _metas(['x']))[0]
                  for i in range(3)]
    assert len(batched) == 3
    for b, s in zip(batched, single):
        assert set(b) == {'text', 'score'}
        assert b['text'] == s['text']
        assert len(b['score']) == len(b['text'])
        assert all(0.0 <= v <= 1.0 for v in b['score'])
        torch.testing.assert_close(torch.tensor(b['score']),
                                   torch.tensor(s['score']))


@pytest.mark.parametrize('language', [True, False])
def test_loss_falls_on_a_toy_batch(language):
    torch.manual_seed(0)
    model = build_detector(_tiny_cfg(iter_size=2, language=language))
    model.init_weights()
    model.train()
    img = torch.randn(2, 3, 32, 128)
    metas = _metas(['hello', 'ab1'])
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    losses = []
    for _ in range(8):
        out = model.train_step(dict(img=img, img_metas=metas), optimizer)
        optimizer.zero_grad()
        out['loss'].backward()
        optimizer.step()
        losses.append(out['loss'].item())
    expected = {'loss_visual', 'loss_lang', 'loss_fusion'} if language else \
        {'loss_visual'}
    assert expected <= set(out['log_vars'])
    assert losses[-1] < 0.7 * losses[0]


def test_loss_scores_characters_and_end_token_by_hand():
    loss = ABILoss(num_classes=4, enc_weight=2.0)
    logits = torch.zeros(2, 3, 4)
    logits[0, 0, 1] = 5.  # right on step 0 of word 0
    targets = [torch.tensor([1, 3]), torch.tensor([3])]
    out = loss(dict(out_enc=dict(logits=logits)), dict(targets=targets))
    log_p = torch.log_softmax(logits, -1)
    expected = -(log_p[0, 0, 1] + log_p[0, 1, 3] + log_p[1, 0, 3]) / 3
    torch.testing.assert_close(out['loss_visual'], 2 * expected)
    assert set(out) == {'loss_visual'}


def test_convertor_round_trip_and_targets():
    conv = build_convertor(dict(type='ABIConvertor', dict_type='DICT36',
                                with_unknown=False, with_padding=False,
                                lower=True, max_seq_len=6))
    assert isinstance(conv, ABIConvertor)
    assert conv.num_classes() == 38 and conv.end_idx == 36
    assert conv.padding_idx == 37
    out = conv.str2tensor(['Ab1', 'toolongword'])
    assert out['targets'][0].tolist() == [10, 11, 1, 36]
    # at most max_seq_len - 1 characters, then <EOS>
    assert out['targets'][1].tolist() == conv.str2idx(['toolo'])[0] + [36]
    assert out['padded_targets'].tolist()[0] == [36, 10, 11, 1, 36, 37]
    assert out['padded_targets'].shape == (2, 6)
    # decoding one-hot readings of the targets gives the lower-cased words
    probs = torch.nn.functional.one_hot(
        torch.stack([torch.cat([t, t.new_full((6 - len(t),), 36)])
                     for t in out['targets']]), 37).float()
    texts = conv.idx2str(conv.tensor2idx(probs)[0])
    assert texts == ['ab1', 'toolo']


def test_language_model_masks_own_position_and_padding():
    torch.manual_seed(0)
    lm = ABILanguageDecoder(d_model=16, n_head=2, d_inner=16, n_layers=1,
                            max_seq_len=5, num_chars=4, pad_idx=3,
                            dropout=0.).eval()
    logits = torch.full((1, 5, 4), -5.)
    logits[0, :, 0] = 5.
    logits[0, 1, :] = torch.tensor([-5., -5., -5., 5.])  # <EOS> at 1
    assert lm.get_length(logits).tolist() == [2]
    with torch.no_grad():
        base = lm(None, logits, train_mode=False)['logits']
        # changing a key past the length (3) or a position's own input (0 for
        # query 0) leaves that query unchanged
        changed = logits.clone()
        changed[0, 3] = torch.tensor([-5., 5., -5., -5.])
        torch.testing.assert_close(lm(None, changed,
                                      train_mode=False)['logits'], base)
        own = logits.clone()
        own[0, 0] = torch.tensor([-5., 5., -5., -5.])
        out = lm(None, own, train_mode=False)['logits']
    torch.testing.assert_close(out[0, 0], base[0, 0])
    assert not torch.allclose(out[0, 1], base[0, 1])


def test_bad_input_is_named():
    with pytest.raises(InvalidValueError, match='attn_height'):
        ABIVisionDecoder(in_channels=8, num_channels=4)(
            torch.randn(1, 8, 4, 16), train_mode=False)
    lm = ABILanguageDecoder(d_model=16, n_head=2, d_inner=16, n_layers=1,
                            max_seq_len=5, num_chars=4, pad_idx=3)
    with pytest.raises(InvalidValueError, match='max_seq_len=5'):
        lm(None, torch.randn(1, 6, 4), train_mode=False)
    with pytest.raises(InvalidValueError, match='pad_idx=4'):
        ABILanguageDecoder(num_chars=4, pad_idx=4)
    with pytest.raises(InvalidValueError, match='differ in shape'):
        ABIFuser(d_model=4, num_chars=3)(torch.randn(1, 2, 4),
                                         torch.randn(1, 3, 4))
    with pytest.raises(InvalidValueError, match='num_classes=37'):
        ABILoss(num_classes=37)(dict(out_enc=dict(logits=torch.randn(
            1, 3, 38))), dict(targets=[torch.tensor([1])]))
    with pytest.raises(InvalidValueError, match='outputs need'):
        ABILoss()(dict(out_enc=None), dict(targets=[]))
    cfg = _tiny_cfg()
    with pytest.raises(InvalidValueError, match='iter_size'):
        build_detector(dict(cfg, iter_size=0))
    with pytest.raises(InvalidValueError, match='fuser needs a decoder'):
        build_detector(dict(cfg, decoder=None))
    with pytest.raises(InvalidValueError, match='use_result'):
        ABIVisionDecoder(use_result='bogus')
    model = build_detector(cfg).eval()
    with pytest.raises(InvalidValueError, match='feature map is 8x16'):
        model.simple_test(torch.randn(1, 3, 32, 64), _metas(['']))


def test_mmcv_layout_layers_compute_torchs_transformer():
    """0.x checkpoints give 0.x's outputs: the mmcv-layout attention equals
    ``nn.MultiheadAttention`` (masks included) and the post-norm encoder
    layer equals ``nn.TransformerEncoderLayer`` with the same weights."""
    from torch import nn

    from mmocr.models.common.layers import BaseTransformerLayer
    from mmocr.models.common.modules import MMCVMultiheadAttention
    torch.manual_seed(0)
    attn = MMCVMultiheadAttention(16, 4).eval()
    q, k = torch.randn(2, 5, 16), torch.randn(2, 7, 16)
    eye = torch.zeros(5, 7, dtype=torch.bool)
    eye[:, 0] = True
    pad = torch.tensor([[False] * 7, [False] * 5 + [True] * 2])
    visible = ~eye[None] & ~pad[:, None]
    with torch.no_grad():
        ref = attn.attn(q, k, k, attn_mask=eye, key_padding_mask=pad,
                        need_weights=False)[0]
        torch.testing.assert_close(attn(q, k, visible), ref)

    layer = BaseTransformerLayer(('self_attn', 'norm', 'ffn', 'norm'), 16, 4,
                                 32, dropout=0.).eval()
    torch_layer = nn.TransformerEncoderLayer(16, 4, 32, dropout=0.,
                                             batch_first=True).eval()
    ours = layer.state_dict()
    names = dict(zip(torch_layer.state_dict(), [
        'attentions.0.attn.in_proj_weight', 'attentions.0.attn.in_proj_bias',
        'attentions.0.attn.out_proj.weight', 'attentions.0.attn.out_proj.bias',
        'ffns.0.layers.0.0.weight', 'ffns.0.layers.0.0.bias',
        'ffns.0.layers.1.weight', 'ffns.0.layers.1.bias', 'norms.0.weight',
        'norms.0.bias', 'norms.1.weight', 'norms.1.bias']))
    torch_layer.load_state_dict({t: ours[o] for t, o in names.items()})
    with torch.no_grad():
        torch.testing.assert_close(layer(q), torch_layer(q))


def test_zoo_entry_offline_is_one_clear_line(monkeypatch, tmp_path):
    from mmocr.inference import model_zoo
    from mmocr.utils.checkpoint import CheckpointLoadError

    def offline(url, *args):
        raise CheckpointLoadError(f'cannot download checkpoint {url}: '
                                  '<urlopen error [Errno -3]>')

    monkeypatch.setenv('MMOCR_HOME', str(tmp_path))
    monkeypatch.setattr(model_zoo, 'download_checkpoint', offline)
    for name in ('ABINet', 'ABINet_Vision'):
        entry = model_zoo.get_model_entry(name, 'textrecog')
        with pytest.raises(model_zoo.ModelZooError) as err:
            model_zoo.resolve_checkpoint(entry, progress=False)
        message = str(err.value)
        assert '\n' not in message
        assert f'cannot get the checkpoint of {name}' in message
        assert 'recog_ckpt' in message


def test_pretrained_language_model_loads_into_abinet():
    """abinet_lm_pretrain_corpus.py trains ABINet's language model: its
    state dict is ABINet's decoder.* (load_from loads it, non-strict)."""
    torch.manual_seed(0)
    lm = build_detector(Config.fromfile(
        str(CONFIGS / 'abinet_lm_pretrain_corpus.py')).model)
    abinet = build_detector(Config.fromfile(
        str(CONFIGS / 'abinet_academic.py')).model)
    lm_state, abi_state = lm.state_dict(), abinet.state_dict()
    assert all(k.startswith('decoder.') for k in lm_state)
    assert sorted(lm_state) == sorted(k for k in abi_state
                                      if k.startswith('decoder.'))
    missing, unexpected = abinet.load_state_dict(lm_state, strict=False)
    assert not unexpected and missing
    torch.testing.assert_close(abinet.decoder.cls.weight, lm.decoder.cls.weight)
