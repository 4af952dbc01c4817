"""ConvNextViT: the ConvNeXt backbone's strides and parameter names, the
encoder hiding batch padding, the configs' sizes, the recognizer learning a
toy batch, bad input."""
from pathlib import Path

import pytest
import torch

from mmocr.models import build_detector
from mmocr.models.textrecog.backbones import ConvNeXt
from mmocr.models.textrecog.encoders import ConvNextViTEncoder
from mmocr.utils.config import Config
from mmocr.utils.errors import InvalidValueError

REPO = Path(__file__).resolve().parents[3]
CONFIGS = REPO / 'configs' / 'textrecog' / 'convnextvit'
LINE_STRIDES = ((2, 1), (2, 1), (2, 1))


def _tiny_backbone(**kwargs) -> ConvNeXt:
    args = dict(in_channels=1, depths=(1, 1, 1, 1), dims=(4, 8, 8, 16),
                strides=LINE_STRIDES)
    return ConvNeXt(**{**args, **kwargs})


@pytest.mark.parametrize('strides,size,expected', [
    (LINE_STRIDES, (32, 100), (1, 25)),      # 32 / (4*2*2*2), 100 / 4
    (LINE_STRIDES, (35, 803), (1, 200)),     # floored at each layer
    ((2, 2, 2), (64, 96), (2, 3)),           # ImageNet ConvNeXt: / 32
    (((2, 1), 2, (1, 2)), (32, 64), (2, 4)),  # 4*2*2*1 x 4*1*2*2
])
def test_backbone_downsampling_by_hand(strides, size, expected):
    backbone = _tiny_backbone(strides=strides)
    out = backbone(torch.randn(2, 1, *size))
    assert out.shape == (2, 16, *expected)


def test_backbone_parameter_names_follow_the_reference():
    names = set(_tiny_backbone(depths=(1, 2), dims=(4, 8), strides=[(2, 1)])
                .state_dict())
    block = ['dwconv.weight', 'dwconv.bias', 'norm.weight', 'norm.bias',
             'pwconv1.weight', 'pwconv1.bias', 'pwconv2.weight',
             'pwconv2.bias', 'gamma']
    assert names == {
        'downsample_layers.0.0.weight', 'downsample_layers.0.0.bias',
        'downsample_layers.0.1.weight', 'downsample_layers.0.1.bias',
        'downsample_layers.1.0.weight', 'downsample_layers.1.0.bias',
        'downsample_layers.1.1.weight', 'downsample_layers.1.1.bias',
        *(f'stages.0.0.{k}' for k in block),
        *(f'stages.1.{j}.{k}' for j in (0, 1) for k in block)}
    no_scale = _tiny_backbone(layer_scale_init_value=0)
    assert not any(k.endswith('gamma') for k in no_scale.state_dict())


def test_block_starts_near_identity():
    """Layer scale 1e-6: each residual block starts as the identity."""
    backbone = _tiny_backbone()
    block = backbone.stages[1][0]
    x = torch.randn(1, 8, 4, 10)
    assert torch.allclose(block(x), x, atol=1e-4)
    assert block.gamma.detach().eq(1e-6).all()


def test_encoder_hides_batch_padding():
    torch.manual_seed(0)
    enc = ConvNextViTEncoder(in_channels=16, d_model=16, n_layers=2,
                             n_head=2, d_inner=32, max_seq_len=40).eval()
    feat = torch.randn(1, 16, 1, 12)
    alone = enc(feat, [dict(valid_ratio=1.0)])
    padded = torch.cat([feat, torch.randn(1, 16, 1, 8)], dim=3)
    batch = enc(torch.cat([padded, torch.randn(1, 16, 1, 20)]),
                [dict(valid_ratio=12 / 20), dict(valid_ratio=1.0)])
    assert alone.shape == (1, 16, 1, 12) and batch.shape == (2, 16, 1, 20)
    assert torch.allclose(batch[:1, ..., :12], alone, atol=1e-5)
    # without the ratio the padding is attended and changes the output
    assert not torch.allclose(enc(padded)[..., :12], alone, atol=1e-3)


def test_configs_sizes():
    cfg = Config.fromfile(str(CONFIGS / 'convnextvit_tiny_chinese.py'))
    model = build_detector(cfg.model)
    assert model.label_convertor.num_classes() == 3617 + 2  # blank, <UKN>
    assert model.decoder.num_classes == 3619
    stages = [len(s) for s in model.backbone.stages]
    assert stages == [3, 3, 8, 3]
    assert [s[0].dwconv.in_channels for s in model.backbone.stages] == \
        [96, 192, 256, 512]
    assert len(model.encoder.layers) == 12
    assert model.encoder.pos_embed.shape == (1, 256, 192)
    with torch.no_grad():
        feat = model.backbone(torch.randn(1, 1, 32, 800))
    assert feat.shape == (1, 512, 1, 200)


def test_loss_falls_on_a_toy_batch():
    torch.manual_seed(0)
    cfg = Config.fromfile(str(CONFIGS / 'convnextvit_toy_dataset.py')).model
    model = build_detector(cfg)
    model.init_weights()
    img = torch.randn(2, 1, 32, 64)
    metas = [dict(text='中文', resize_shape=(32, 64, 1)),
             dict(text='ab', resize_shape=(32, 32, 1))]
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    model.train()
    losses = []
    for _ in range(40):
        out = model.train_step(dict(img=img, img_metas=metas), optimizer)
        optimizer.zero_grad()
        out['loss'].backward()
        optimizer.step()
        losses.append(out['loss'].item())
    assert losses[-1] < 0.2 * losses[0]
    model.eval()
    with torch.no_grad():
        texts = [r['text'] for r in model.simple_test(img, metas)]
    assert texts == ['中文', 'ab']


def test_bad_input_names_the_size():
    backbone = _tiny_backbone()
    with pytest.raises(InvalidValueError,
                       match=r'a 32x3 image is smaller than the backbone '
                       r'downsampling 32x4.*at least 32 pixels high and 4 wide'):
        backbone(torch.randn(1, 1, 32, 3))
    with pytest.raises(InvalidValueError, match=r'a 16x100 image'):
        backbone(torch.randn(1, 1, 16, 100))
    with pytest.raises(InvalidValueError,
                       match=r'\(N, 1, H, W\), got \(1, 3, 32, 100\)'):
        backbone(torch.randn(1, 3, 32, 100))
    with pytest.raises(InvalidValueError, match='strides needs 3 entries'):
        _tiny_backbone(strides=LINE_STRIDES[:2])
    with pytest.raises(InvalidValueError, match=r'strides\[1\].*\(2, 0\)'):
        _tiny_backbone(strides=((2, 1), (2, 0), (2, 1)))
    with pytest.raises(InvalidValueError, match='equal length'):
        _tiny_backbone(dims=(4, 8))
    enc = ConvNextViTEncoder(in_channels=16, d_model=16, n_layers=1,
                             n_head=2, d_inner=16, max_seq_len=10)
    with pytest.raises(InvalidValueError, match=r'one-row.*\(1, 16, 2, 5\)'):
        enc(torch.randn(1, 16, 2, 5))
    with pytest.raises(InvalidValueError, match='11 columns exceed max_seq_len=10'):
        enc(torch.randn(1, 16, 1, 11))
    with pytest.raises(InvalidValueError, match='not divisible by n_head=3'):
        ConvNextViTEncoder(d_model=16, n_head=3)
    # through the whole recognizer: a 64-pixel-high line (two rows)
    model = build_detector(Config.fromfile(
        str(CONFIGS / 'convnextvit_toy_dataset.py')).model).eval()
    with pytest.raises(InvalidValueError, match=r'one-row feature map.*32 pixels'):
        model.simple_test(torch.randn(1, 1, 64, 100), [dict(valid_ratio=1.0)])
