"""MASTER: the recognition ResNet with plugins, GCAModule, MasterDecoder
(cached greedy decoding equals MMOCR 0.x's recomputation), the recognizer
and MMOCR 0.x's state_dict names."""
import pytest
import torch
from torch import nn

from mmocr.models import build_backbone, build_detector
from mmocr.models.common.backbones import ResNet as DetResNet
from mmocr.models.common.layers import build_plugin_layer, infer_abbr
from mmocr.models.textrecog import GCAModule, MasterDecoder, Maxpool2d, ResNet
from mmocr.models.textrecog.decoders.master_decoder import (
    Embeddings,
    MasterDecoderLayer,
    clones,
)
from mmocr.models.textrecog.layers import Bottleneck
from mmocr.models.textrecog.recognizer import MASTER, EncodeDecodeRecognizer
from mmocr.registry import BACKBONES, PLUGIN_LAYERS, RECOGNIZERS

GCA = dict(type='GCAModule', ratio=0.0625, n_head=1, pooling_type='att',
           is_att_scale=False, fusion_type='channel_add')


def tiny_backbone_cfg(channels=(16, 16, 32, 32)):
    return dict(
        type='ResNet', in_channels=3, stem_channels=[4, 8],
        block_cfgs=dict(type='BasicBlock',
                        plugins=dict(cfg=GCA, position='after_conv2')),
        arch_layers=[1, 2, 1, 1], arch_channels=list(channels),
        strides=[1, 1, 1, 1],
        plugins=[
            dict(cfg=dict(type='Maxpool2d', kernel_size=2, stride=(2, 2)),
                 stages=(True, True, False, False), position='before_stage'),
            dict(cfg=dict(type='Maxpool2d', kernel_size=(2, 1),
                          stride=(2, 1)),
                 stages=(False, False, True, False), position='before_stage'),
            dict(cfg=dict(type='ConvModule', kernel_size=3, stride=1,
                          padding=1, norm_cfg=dict(type='BN'),
                          act_cfg=dict(type='ReLU')),
                 stages=(True, True, True, True), position='after_stage')],
        init_cfg=[dict(type='Kaiming', layer='Conv2d'),
                  dict(type='Constant', val=1, layer='BatchNorm2d')])


def tiny_master(max_seq_len=6):
    return build_detector(dict(
        type='MASTER', backbone=tiny_backbone_cfg((16, 16, 16, 16)),
        encoder=None,
        decoder=dict(type='MasterDecoder', d_model=16, n_head=2,
                     d_inner=32, n_layers=1, feat_size=6 * 16,
                     feat_pe_drop=0.0),
        loss=dict(type='TFLoss', reduction='mean'),
        label_convertor=dict(type='AttnConvertor', dict_type='DICT36',
                             with_unknown=True, lower=True),
        max_seq_len=max_seq_len))


def test_registry_names():
    assert RECOGNIZERS.get('MASTER') is MASTER is EncodeDecodeRecognizer
    # 0.x: the recognition ResNet is 'ResNet', mmdet's is 'mmdet.ResNet'
    assert BACKBONES.get('ResNet') is ResNet
    assert BACKBONES.get('mmdet.ResNet') is DetResNet
    assert PLUGIN_LAYERS.get('GCAModule') is GCAModule
    assert PLUGIN_LAYERS.get('Maxpool2d') is Maxpool2d


def test_plugin_names_follow_mmcv():
    assert infer_abbr(GCAModule) == 'gca_module'
    assert infer_abbr(Maxpool2d) == 'maxpool2d'
    name, layer = build_plugin_layer(
        dict(type='ConvModule', kernel_size=3, padding=1,
             norm_cfg=dict(type='BN')), '_after_stage_1', in_channels=8,
        out_channels=8)
    assert name == 'conv_block_after_stage_1'
    assert layer(torch.randn(1, 8, 4, 4)).shape == (1, 8, 4, 4)
    # Maxpool2d takes no channels; unknown keys are still an error
    assert build_plugin_layer(dict(type='Maxpool2d', kernel_size=2, stride=2),
                              in_channels=8)[0] == 'maxpool2d'
    with pytest.raises(TypeError, match='bogus'):
        build_plugin_layer(dict(type='Maxpool2d', kernel_size=2, stride=2,
                                bogus=1))


@pytest.mark.parametrize('pooling', ['att', 'avg'])
@pytest.mark.parametrize('fusion', ['channel_add', 'channel_mul',
                                    'channel_concat'])
def test_gca_module_shapes(pooling, fusion):
    module = GCAModule(16, ratio=0.25, n_head=2, pooling_type=pooling,
                       is_att_scale=True, fusion_type=fusion)
    x = torch.randn(2, 16, 3, 5)
    assert module(x).shape == (2, 16, 3, 5)
    keys = set(module.state_dict())
    assert ('conv_mask.weight' in keys) == (pooling == 'att')
    assert f'{fusion}_conv.0.weight' in keys
    assert ('cat_conv.weight' in keys) == (fusion == 'channel_concat')


def test_gca_attention_pooling_by_hand():
    module = GCAModule(8, ratio=0.5, n_head=1, fusion_type='channel_add')
    nn.init.zeros_(module.conv_mask.weight)  # uniform weights: the mean
    nn.init.zeros_(module.conv_mask.bias)
    x = torch.randn(1, 8, 2, 3)
    assert torch.allclose(module.spatial_pool(x),
                          x.mean(dim=(2, 3), keepdim=True), atol=1e-6)
    for bad in (dict(pooling_type='max'), dict(fusion_type='sum'),
                dict(n_head=3)):
        kwargs = {**dict(in_channels=8, ratio=0.5, n_head=1), **bad}
        with pytest.raises(AssertionError):
            GCAModule(**kwargs)


def test_resnet_shapes_and_mmocr0_keys():
    backbone = build_backbone(tiny_backbone_cfg())
    assert backbone(torch.randn(2, 3, 48, 160)).shape == (2, 32, 6, 40)
    keys = [k for k in backbone.state_dict()
            if not k.endswith(('running_mean', 'running_var',
                               'num_batches_tracked'))]

    def conv_bn(prefix):
        return [f'{prefix}.conv.weight', f'{prefix}.bn.weight',
                f'{prefix}.bn.bias']

    def block(prefix, downsample):
        keys = [f'{prefix}.conv1.weight', f'{prefix}.conv2.weight',
                f'{prefix}.bn1.weight', f'{prefix}.bn1.bias',
                f'{prefix}.bn2.weight', f'{prefix}.bn2.bias']
        if downsample:
            keys += conv_bn(f'{prefix}.downsample')
        gca = f'{prefix}.gca_module'
        return keys + [f'{gca}.conv_mask.weight', f'{gca}.conv_mask.bias'] + [
            f'{gca}.channel_add_conv.{i}.{p}' for i in (0, 1, 3)
            for p in ('weight', 'bias')]

    expected = conv_bn('stem_layers.0') + conv_bn('stem_layers.1')
    expected += conv_bn('conv_block_after_stage_1') + block('layer1.0', True)
    expected += conv_bn('conv_block_after_stage_2') + block('layer2.0', False)
    expected += block('layer2.1', False)
    expected += conv_bn('conv_block_after_stage_3') + block('layer3.0', True)
    expected += conv_bn('conv_block_after_stage_4') + block('layer4.0', False)
    assert keys == expected
    out = build_backbone(dict(tiny_backbone_cfg(), out_indices=[1, 3]))(
        torch.randn(1, 3, 48, 64))
    assert [o.shape for o in out] == [(1, 16, 12, 16), (1, 32, 6, 16)]


def test_resnet_bad_arguments():
    cfg = tiny_backbone_cfg()
    with pytest.raises(AssertionError, match='one entry per stage'):
        build_backbone(dict(cfg, strides=[1, 1]))
    with pytest.raises(AssertionError, match='stages'):
        build_backbone(dict(cfg, plugins=[dict(cfg=GCA, stages=(True,),
                                               position='after_stage')]))
    with pytest.raises(AssertionError, match='not implemented'):
        build_backbone(dict(cfg, block_cfgs=dict(type='Bottleneck')))


def test_decoder_layer_matches_nn_multihead_attention():
    torch.manual_seed(0)
    layer = MasterDecoderLayer(8, 2, 16).eval()
    attn = layer.attentions[0]
    x = torch.randn(2, 5, 8)
    causal = torch.ones(5, 5, dtype=torch.bool).tril()
    ref, _ = attn.attn(x, x, x, attn_mask=~causal)
    assert torch.allclose(attn.attend(x, attn.project_kv(x), causal), ref,
                          atol=1e-5)


def test_cached_decoding_equals_recomputation():
    torch.manual_seed(0)
    decoder = MasterDecoder(start_idx=0, padding_idx=5, num_classes=6,
                            n_layers=2, n_head=2, d_model=8, feat_size=12,
                            d_inner=16, max_seq_len=7, end_idx=4).eval()
    feat = torch.randn(3, 8, 2, 6)
    with torch.no_grad():
        cached = decoder.greedy_decode(feat)
        full = decoder.greedy_decode(feat, use_cache=False)
    assert full.shape == (3, 7, 6)
    steps = cached.size(1)
    assert torch.allclose(cached, full[:, :steps], atol=1e-5)
    ended = (cached.argmax(-1) == 4).any(dim=1)
    assert steps == 7 or bool(ended.all())


def test_decoding_stops_when_all_sequences_end():
    decoder = MasterDecoder(start_idx=0, padding_idx=5, num_classes=6,
                            n_layers=1, n_head=2, d_model=8, feat_size=12,
                            d_inner=16, max_seq_len=7, end_idx=3).eval()
    nn.init.zeros_(decoder.cls.weight)
    with torch.no_grad():
        decoder.cls.bias.copy_(torch.tensor([0., 0., 0., 5., 0., 0.]))
        out = decoder.greedy_decode(torch.randn(2, 8, 2, 6))
    assert out.shape == (2, 1, 6)  # the end token first: one step


def test_master_decoder_mmocr0_keys():
    decoder = MasterDecoder(start_idx=0, padding_idx=5, num_classes=6,
                            n_layers=1, n_head=2, d_model=8, feat_size=12,
                            d_inner=16, max_seq_len=7)
    layer = 'decoder_layers.0'
    expected = [f'{layer}.attentions.{i}.attn.{p}' for i in (0, 1)
                for p in ('in_proj_weight', 'in_proj_bias',
                          'out_proj.weight', 'out_proj.bias')]
    expected += [f'{layer}.ffns.0.layers.{i}.{p}' for i in ('0.0', '1')
                 for p in ('weight', 'bias')]
    expected += [f'{layer}.norms.{i}.{p}' for i in range(3)
                 for p in ('weight', 'bias')]
    expected += ['cls.weight', 'cls.bias', 'embedding.lut.weight',
                 'positional_encoding.position_table',
                 'feat_positional_encoding.position_table', 'norm.weight',
                 'norm.bias']
    assert list(decoder.state_dict()) == expected
    assert decoder.positional_encoding.position_table.shape == (1, 8, 8)
    assert decoder.cls.out_features == 6  # padding included, as in 0.x


def test_master_recognizer_loss_and_output():
    torch.manual_seed(0)
    model = tiny_master()
    assert model.decoder.end_idx == model.label_convertor.end_idx
    img = torch.randn(2, 3, 48, 64)
    metas = [dict(text='ab', valid_ratio=1.0), dict(text='xyz',
                                                    valid_ratio=1.0)]
    losses = model.forward_train(img, metas)
    assert losses['loss_ce'].dim() == 0 and losses['loss_ce'] > 0
    losses['loss_ce'].backward()
    model.eval()
    with torch.no_grad():
        results = model.simple_test(img, [dict(valid_ratio=1.0)] * 2)
    assert len(results) == 2
    for result in results:
        assert isinstance(result['text'], str)
        assert len(result['score']) == len(result['text']) <= 6
        assert all(0.0 <= s <= 1.0 for s in result['score'])


def test_master_helpers_at_0x_paths():
    """0.x's ``Embeddings`` (scaled lookup) and ``clones`` (deep copies)."""
    emb = Embeddings(d_model=4, vocab=6)
    tokens = torch.tensor([[1, 5]])
    torch.testing.assert_close(emb(tokens), emb.lut(tokens) * 2.0)
    copies = clones(nn.Linear(2, 2), 3)
    assert len(copies) == 3 and copies[0] is not copies[1]
    torch.testing.assert_close(copies[0].weight, copies[2].weight)


def test_recognition_bottleneck_0x_keys_and_shapes():
    """0.x's ``textrecog.layers.Bottleneck(inplanes, planes, stride,
    downsample: bool)``: ``conv1-3``/``bn1-3`` and a conv + BN shortcut."""
    block = Bottleneck(8, 4, stride=2, downsample=True)
    assert {k.rsplit('.', 1)[0] for k in block.state_dict()} == {
        'conv1', 'bn1', 'conv2', 'bn2', 'conv3', 'bn3', 'downsample.0',
        'downsample.1'}
    assert block.conv2.stride == (2, 2)
    assert block(torch.randn(1, 8, 8, 8)).shape == (1, 16, 4, 4)
    identity = Bottleneck(16, 4).eval()
    x = torch.randn(1, 16, 4, 4)
    assert identity.downsample is None and identity(x).shape == x.shape
