"""SVTR: window masks of local mixing, shapes of the tiny / small encoder,
MMOCR 1.x's state_dict names, the recognizer learning a toy batch, bad
input."""
from pathlib import Path

import pytest
import torch

from mmocr.models import build_detector
from mmocr.models.common.layers import DropPath
from mmocr.models.textrecog.decoders import SVTRDecoder
from mmocr.models.textrecog.encoders import SVTREncoder
from mmocr.models.textrecog.encoders.svtr_encoder import (
    AttnMixer,
    MixingBlock,
    local_attention_mask,
)
from mmocr.utils.config import Config
from mmocr.utils.errors import InvalidValueError

CONFIGS = Path(__file__).resolve().parents[3] / 'configs' / 'textrecog' / 'svtr'
INF = float('-inf')


def _tiny_encoder(**kwargs) -> SVTREncoder:
    args = dict(img_size=(32, 64), embed_dims=(8, 16, 16), depth=(1, 1, 1),
                num_heads=(2, 2, 2), mixer_types=('Local', 'Conv', 'Global'),
                window_size=((3, 3), (3, 3), (3, 3)), out_channels=12,
                max_seq_len=16)
    return SVTREncoder(**{**args, **kwargs})


def test_window_mask_by_hand():
    # 2x3 grid, 1x3 windows: a patch sees its row neighbours only
    o = 0.0
    assert local_attention_mask((2, 3), (1, 3)).tolist() == [
        [o, o, INF, INF, INF, INF],
        [o, o, o, INF, INF, INF],
        [INF, o, o, INF, INF, INF],
        [INF, INF, INF, o, o, INF],
        [INF, INF, INF, o, o, o],
        [INF, INF, INF, INF, o, o]]
    # 3x3 grid, 3x3 windows: the centre sees everything, a corner its 2x2
    mask = local_attention_mask((3, 3), (3, 3))
    assert (mask[4] == 0).all()
    assert (mask[0] == 0).nonzero().flatten().tolist() == [0, 1, 3, 4]
    assert (mask[5] == 0).nonzero().flatten().tolist() == [1, 2, 4, 5, 7, 8]
    # an even window reaches one more patch back than forward
    assert (local_attention_mask((1, 5), (1, 2))[2] == 0).nonzero(
    ).flatten().tolist() == [1, 2]


@pytest.mark.parametrize('shape,window', [((8, 25), (7, 11)), ((4, 6), (2, 3))])
def test_window_mask_matches_a_padded_window_reference(shape, window):
    """SVTR's construction: each query's window is written into a grid
    padded by the window size, then the padding is cropped off."""
    (h, w), (hk, wk) = shape, window
    ref = torch.ones(h * w, h + hk - 1, w + wk - 1)
    for i in range(h):
        for j in range(w):
            ref[i * w + j, i:i + hk, j:j + wk] = 0
    ref = ref[:, hk // 2:h + hk // 2, wk // 2:w + wk // 2].flatten(1)
    expected = torch.zeros_like(ref).masked_fill(ref > 0, INF)
    assert torch.equal(local_attention_mask(shape, window), expected)


def test_local_mixer_reads_only_its_window():
    torch.manual_seed(0)
    mixer = AttnMixer(8, num_heads=2, mixer='Local', input_shape=(3, 5),
                      local_k=(1, 3), qkv_bias=True).eval()
    x = torch.randn(1, 15, 8)
    changed = x.clone()
    changed[0, 4] += 5.0  # row 0, column 4
    diff = (mixer(changed) - mixer(x)).abs().sum(-1)[0]
    assert diff[[3, 4]].min() > 1e-3  # its window: columns 3 to 4 of row 0
    assert diff[[0, 1, 2] + list(range(5, 15))].max() < 1e-6
    glob = AttnMixer(8, num_heads=2, mixer='Global', input_shape=(3, 5)).eval()
    assert (glob(changed) - glob(x)).abs().sum(-1).min() > 1e-3
    assert not hasattr(glob, 'mask')


def test_drop_path_drops_whole_samples():
    torch.manual_seed(0)
    drop = DropPath(0.5)
    x = torch.ones(400, 3, 2)
    out = drop(x)
    per_sample = out.flatten(1)
    # each sample is all zero or all 2 (kept, scaled by 1 / (1 - 0.5))
    assert ((per_sample == 0).all(1) | (per_sample == 2).all(1)).all()
    assert 150 < int((per_sample == 0).all(1).sum()) < 250
    assert torch.equal(drop.eval()(x), x)
    with pytest.raises(InvalidValueError, match='drop_prob'):
        DropPath(1.0)


@pytest.mark.parametrize('prenorm', [True, False])
def test_mixing_block_keeps_shape(prenorm):
    for mixer in ('Local', 'Global', 'Conv'):
        block = MixingBlock(8, 2, mixer, (3, 3), (2, 6), prenorm=prenorm)
        assert block(torch.randn(3, 12, 8)).shape == (3, 12, 8)


def test_tiny_and_small_sizes_from_the_configs():
    expected = {'tiny': (4.0e6, 4.4e6), 'small': (8.2e6, 8.8e6)}
    for size, (low, high) in expected.items():
        cfg = Config.fromfile(str(CONFIGS / f'svtr_{size}_academic.py'))
        model = build_detector(cfg.model).eval()
        assert low < sum(p.numel() for p in model.parameters()) < high
        img = torch.randn(1, 3, 32, 100)
        with torch.no_grad():
            out_enc = model.encoder(img)
            logits = model.decode_logits(img, [dict(valid_ratio=1.0)])
        assert out_enc.shape == (1, 192, 1, 25)
        assert logits.shape == (1, 25, 37)  # DICT36 + blank
    # the merging blocks halve the height, not the width
    enc = _tiny_encoder(merging_types='Pool')
    assert enc.stage_shapes == [(8, 16), (4, 16), (2, 16)]
    assert enc.forward_features(torch.randn(2, 3, 32, 64)).shape == (2, 32, 16)
    assert enc(torch.randn(2, 3, 32, 64)).shape == (2, 12, 1, 16)
    # an odd-sized image: heights round up
    assert _tiny_encoder(img_size=(20, 36)).stage_shapes == \
        [(5, 9), (3, 9), (2, 9)]


def test_state_dict_names_follow_mmocr_1x():
    """Keys of MMOCR 1.x's SVTREncoder (patch_embed ConvModules, blocksN,
    downsampleN, layer_norm, last_conv) and SVTRDecoder (decoder)."""
    block = ['norm1.weight', 'norm1.bias', 'norm2.weight', 'norm2.bias',
             'mlp.fc1.weight', 'mlp.fc1.bias', 'mlp.fc2.weight', 'mlp.fc2.bias']
    attn = ['mixer.qkv.weight', 'mixer.qkv.bias', 'mixer.proj.weight',
            'mixer.proj.bias']
    bn = ['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']
    expected = (
        [f'patch_embed.net.ConvModule{i}.conv.weight' for i in (0, 1)]
        + [f'patch_embed.net.ConvModule{i}.bn.{k}' for i in (0, 1) for k in bn]
        + ['absolute_pos_embed']
        + [f'blocks1.0.{k}' for k in block + attn + ['mixer.mask']]
        + [f'downsample1.{k}' for k in ('conv.weight', 'conv.bias',
                                        'norm.weight', 'norm.bias')]
        + [f'blocks2.0.{k}' for k in block + ['mixer.local_mixer.weight',
                                              'mixer.local_mixer.bias']]
        + [f'downsample2.{k}' for k in ('conv.weight', 'conv.bias',
                                        'norm.weight', 'norm.bias')]
        + [f'blocks3.0.{k}' for k in block + attn]
        + ['layer_norm.weight', 'layer_norm.bias', 'last_conv.weight'])
    enc = _tiny_encoder()
    assert sorted(enc.state_dict()) == sorted(expected)
    assert enc.blocks1[0].mixer.mask.shape == (1, 1, 128, 128)
    assert sorted(SVTRDecoder(12, 5).state_dict()) == ['decoder.bias',
                                                       'decoder.weight']
    # a recognizer's checkpoint loads back strictly
    model = build_detector(Config.fromfile(
        str(CONFIGS / 'svtr_toy_dataset.py')).model)
    keys = set(model.state_dict())
    assert 'encoder.blocks1.0.mixer.mask' in keys and \
        'decoder.decoder.weight' in keys
    assert not any(k.startswith(('backbone.', 'preprocessor.')) for k in keys)
    again = build_detector(Config.fromfile(
        str(CONFIGS / 'svtr_toy_dataset.py')).model)
    again.load_state_dict(model.state_dict(), strict=True)


@pytest.mark.parametrize('prenorm,steps,ratio', [(False, 30, 0.5),
                                                   (True, 60, 0.1)])
def test_loss_falls_on_a_toy_batch(prenorm, steps, ratio):
    """The toy config's SVTR (pre-norm blocks, as SVTR-T) leaves CTC's
    all-blank plateau slower than post-norm blocks (``prenorm=True``),
    which learn to read both images."""
    torch.manual_seed(0)
    cfg = Config.fromfile(str(CONFIGS / 'svtr_toy_dataset.py')).model
    cfg.encoder.update(prenorm=prenorm, drop_path_rate=0., last_drop=0.)
    model = build_detector(cfg)
    model.init_weights()
    img = torch.randn(2, 3, 32, 100)
    metas = [dict(text='hello', resize_shape=(32, 100, 3)),
             dict(text='svtr', resize_shape=(32, 100, 3))]
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    model.train()
    losses = []
    for _ in range(steps):
        out = model.train_step(dict(img=img, img_metas=metas), optimizer)
        optimizer.zero_grad()
        out['loss'].backward()
        optimizer.step()
        losses.append(out['loss'].item())
    assert losses[-1] < ratio * losses[0]
    if prenorm:
        model.eval()
        with torch.no_grad():
            texts = [r['text'] for r in model.simple_test(img, metas)]
        assert texts[1] == 'svtr' and texts[0].startswith('h')


def test_bad_input_names_the_size():
    enc = _tiny_encoder()
    with pytest.raises(InvalidValueError,
                       match=r'img_size \(32, 64\).*got 32x2 \(smaller than a patch\)'):
        enc(torch.randn(1, 3, 32, 2))
    with pytest.raises(InvalidValueError, match=r'img_size \(32, 64\).*got 16x64'):
        enc(torch.randn(1, 3, 16, 64))
    with pytest.raises(InvalidValueError, match=r'patch size 4x4.*\(2, 100\)'):
        _tiny_encoder(img_size=(2, 100))
    with pytest.raises(InvalidValueError, match='sum\\(depth\\)=3'):
        _tiny_encoder(mixer_types=('Local', 'Global'))
    with pytest.raises(InvalidValueError, match='num_heads'):
        _tiny_encoder(num_heads=(3, 2, 2))
    with pytest.raises(InvalidValueError, match="'Pool' or 'Conv'"):
        _tiny_encoder(merging_types='Max')
    with pytest.raises(InvalidValueError, match="'Global', 'Local' or 'Conv'"):
        _tiny_encoder(mixer_types=('Local', 'Dense', 'Global'))
    with pytest.raises(InvalidValueError, match=r'\(N, 12, 1, T\)'):
        SVTRDecoder(12, 5)(None, torch.randn(1, 12, 2, 8), train_mode=False)
    # the recognizer: an image of the wrong size through the whole model
    model = build_detector(Config.fromfile(
        str(CONFIGS / 'svtr_toy_dataset.py')).model).eval()
    with pytest.raises(InvalidValueError, match='got 32x3 '):
        model.simple_test(torch.randn(1, 3, 32, 3), [dict()])
