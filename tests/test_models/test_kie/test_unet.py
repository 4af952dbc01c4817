"""UNet backbone and its upsample layers."""
from __future__ import annotations

import pytest
import torch

from mmocr.models import build_backbone, build_upsample_layer
from mmocr.models.common.backbones.unet import UNet


def test_output_shapes_and_channels():
    net = UNet(in_channels=3, base_channels=4, num_stages=3,
               strides=(1, 1, 1), enc_num_convs=(1, 1, 1),
               dec_num_convs=(1, 1), downsamples=(True, True),
               enc_dilations=(1, 1, 1), dec_dilations=(1, 1))
    outs = net(torch.randn(2, 3, 16, 12))
    assert [tuple(o.shape) for o in outs] == [(2, 16, 4, 3), (2, 8, 8, 6),
                                              (2, 4, 16, 12)]


def test_strided_stage_and_deconv_upsampling():
    net = build_backbone(dict(type='UNet', base_channels=2, num_stages=2,
                              strides=(1, 2), enc_num_convs=(1, 1),
                              dec_num_convs=(1,), downsamples=(False,),
                              enc_dilations=(1, 1), dec_dilations=(1,),
                              upsample_cfg=dict(type='DeconvModule')))
    # stride 2 replaces the max-pool: no MaxPool2d in the second stage
    assert not isinstance(net.encoder[1][0], torch.nn.MaxPool2d)
    outs = net(torch.randn(1, 3, 8, 8))
    assert outs[0].shape == (1, 4, 4, 4) and outs[-1].shape == (1, 2, 8, 8)


def test_checkpoint_key_names_follow_mmseg():
    keys = set(UNet(base_channels=2, num_stages=2, strides=(1, 1),
                    enc_num_convs=(1, 1), dec_num_convs=(1,),
                    downsamples=(True,), enc_dilations=(1, 1),
                    dec_dilations=(1,)).state_dict())
    assert 'encoder.0.0.convs.0.conv.weight' in keys
    assert 'encoder.1.1.convs.0.bn.running_mean' in keys
    assert 'decoder.0.upsample.interp_upsample.1.conv.weight' in keys
    assert 'decoder.0.conv_block.convs.0.conv.weight' in keys


def test_input_not_divisible_is_a_clear_error():
    net = UNet(base_channels=2)
    with pytest.raises(ValueError, match='divisible by the whole downsample rate 16'):
        net(torch.randn(1, 3, 20, 32))


def test_bad_lengths_and_unsupported_options():
    with pytest.raises(ValueError, match='strides must have 5 entries'):
        UNet(strides=(1, 1))
    with pytest.raises(NotImplementedError, match='dcn'):
        UNet(dcn=dict(type='DCN'))


def test_norm_eval_keeps_bn_frozen():
    net = UNet(base_channels=2, num_stages=2, strides=(1, 1),
               enc_num_convs=(1, 1), dec_num_convs=(1,), downsamples=(True,),
               enc_dilations=(1, 1), dec_dilations=(1,), norm_eval=True)
    net.train()
    bns = [m for m in net.modules() if isinstance(m, torch.nn.BatchNorm2d)]
    assert bns and all(not m.training for m in bns)


def test_upsample_layers_double_resolution():
    x = torch.randn(1, 4, 5, 6)
    interp = build_upsample_layer(dict(type='InterpConv'), in_channels=4,
                                  out_channels=2)
    deconv = build_upsample_layer(dict(type='DeconvModule'), in_channels=4,
                                  out_channels=2)
    assert interp(x).shape == (1, 2, 10, 12)
    assert deconv(x).shape == (1, 2, 10, 12)
    with pytest.raises(ValueError, match='kernel_size - scale_factor'):
        build_upsample_layer(dict(type='DeconvModule', kernel_size=3),
                             in_channels=4, out_channels=2)
