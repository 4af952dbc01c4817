import pytest
import torch

from mmocr.models import build_neck
from mmocr.models.textdet.necks import FPN, FPNC


def _feats(channels=(4, 8, 16, 32), size=32, batch=2):
    return [torch.rand(batch, c, size // 2**i, size // 2**i)
            for i, c in enumerate(channels)]


def test_fpnc_concatenates_levels_at_finest_scale():
    neck = build_neck(dict(type='FPNC', in_channels=[4, 8, 16, 32],
                           lateral_channels=8, out_channels=4))
    out = neck(_feats())
    assert out.shape == (2, 16, 32, 32)


@pytest.mark.parametrize('kwargs', [
    dict(bn_re_on_lateral=True, bias_on_lateral=True),
    dict(bn_re_on_smooth=True, bias_on_smooth=True),
    dict(conv_after_concat=True),
])
def test_fpnc_options_keep_shapes(kwargs):
    neck = FPNC([4, 8, 16, 32], lateral_channels=8, out_channels=4, **kwargs)
    assert neck(_feats()).shape == (2, 16, 32, 32)


def test_fpnc_asf_weights_each_scale_and_uses_asf_conv():
    torch.manual_seed(0)
    neck = FPNC([4, 8, 16, 32], lateral_channels=8, out_channels=4,
                asf_cfg=dict(attention_type='ScaleChannelSpatial'))
    feats = _feats()
    out = neck(feats)
    assert out.shape == (2, 16, 32, 32)
    attention = neck.asf_attn(torch.rand(2, 16, 32, 32))
    assert attention.shape == (2, 4, 32, 32)
    assert torch.all((attention > 0) & (attention < 1))
    out.sum().backward()
    assert neck.asf_conv.conv.weight.grad.abs().sum() > 0
    assert neck.asf_attn.attention_wise.conv.weight.grad.abs().sum() > 0


def test_fpnc_asf_state_dict_keys_match_mmocr():
    neck = FPNC([4, 8, 16, 32], lateral_channels=8, out_channels=4,
                asf_cfg=dict(attention_type='ScaleChannelSpatial'))
    keys = set(neck.state_dict())
    for key in ('lateral_convs.0.conv.weight', 'smooth_convs.3.conv.weight',
                'asf_conv.conv.weight', 'asf_conv.conv.bias',
                'asf_attn.channel_wise.0.conv.weight',
                'asf_attn.spatial_wise.1.conv.weight',
                'asf_attn.attention_wise.conv.weight'):
        assert key in keys


def test_fpnc_bad_input():
    with pytest.raises(NotImplementedError, match='attention_type'):
        FPNC([4, 8], asf_cfg=dict(attention_type='Spatial'))
    neck = FPNC([4, 8, 16, 32], lateral_channels=8, out_channels=4)
    with pytest.raises(ValueError, match='4 feature maps'):
        neck(_feats()[:3])


def test_mmdet_fpn_levels_and_extra_convs():
    neck = build_neck(dict(type='mmdet.FPN', in_channels=[8, 16, 32],
                           out_channels=6, num_outs=5,
                           add_extra_convs='on_output',
                           relu_before_extra_convs=True))
    assert isinstance(neck, FPN)
    outs = neck(_feats((8, 16, 32)))
    assert [tuple(o.shape) for o in outs] == [
        (2, 6, 32, 32), (2, 6, 16, 16), (2, 6, 8, 8), (2, 6, 4, 4),
        (2, 6, 2, 2)]


def test_fpn_maxpool_extra_levels_and_start_level():
    neck = FPN([4, 8, 16, 32], out_channels=6, num_outs=4, start_level=1)
    outs = neck(_feats())
    assert [o.shape[-1] for o in outs] == [16, 8, 4, 2]
    with pytest.raises(ValueError, match='num_outs'):
        FPN([4, 8, 16], out_channels=6, num_outs=2)
