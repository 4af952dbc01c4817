import logging

import pytest
import torch
from torch import nn

from mmocr.models import build_backbone
from mmocr.models.common.backbones import ResNet, ResNetV1d, resnet
from mmocr.models.common.layers import dcn
from mmocr.runner.checkpoint import CheckpointLoadError


def _tiny(**kwargs):
    cfg = dict(type='mmdet.ResNet', depth=18, base_channels=4, norm_eval=False)
    cfg.update(kwargs)
    return build_backbone(cfg)


@pytest.mark.parametrize('depth,expansion', [(18, 1), (50, 4)])
def test_resnet_output_shapes(depth, expansion):
    model = _tiny(depth=depth)
    outs = model(torch.rand(2, 3, 64, 96))
    assert len(outs) == 4
    for i, out in enumerate(outs):
        stride = 2**(i + 2)
        assert out.shape == (2, 4 * 2**i * expansion, 64 // stride,
                             96 // stride)


def test_mmdet_scope_resolves_to_resnet():
    model = build_backbone(dict(type='mmdet.ResNet', depth=18,
                                base_channels=4, out_indices=(1, 3)))
    assert type(model) is ResNet
    outs = model(torch.rand(1, 3, 64, 64))
    assert [o.shape[1] for o in outs] == [8, 32]


def test_resnet_caffe_style_puts_stride_on_first_conv():
    pytorch = _tiny(depth=50, style='pytorch')
    caffe = _tiny(depth=50, style='caffe')
    assert pytorch.layer2[0].conv1.stride == (1, 1)
    assert pytorch.layer2[0].conv2.stride == (2, 2)
    assert caffe.layer2[0].conv1.stride == (2, 2)
    assert caffe.layer2[0].conv2.stride == (1, 1)


def test_resnet_state_dict_uses_torchvision_names():
    keys = set(_tiny(depth=50).state_dict())
    for key in ('conv1.weight', 'bn1.running_mean', 'layer1.0.conv3.weight',
                'layer1.0.bn3.weight', 'layer1.0.downsample.0.weight',
                'layer1.0.downsample.1.weight', 'layer4.2.bn2.bias'):
        assert key in keys


def test_frozen_stages_freeze_params_and_norms():
    model = _tiny(frozen_stages=1)
    model.train()
    for module in (model.conv1, model.bn1, model.layer1):
        assert all(not p.requires_grad for p in module.parameters())
    for m in model.layer1.modules():
        if isinstance(m, nn.BatchNorm2d):
            assert not m.training
    assert all(p.requires_grad for p in model.layer2.parameters())
    assert model.layer2[0].bn1.training
    before = model.bn1.running_mean.clone()
    model(torch.rand(2, 3, 32, 32) * 5)
    assert torch.equal(model.bn1.running_mean, before)


def test_norm_eval_keeps_batchnorm_statistics():
    model = _tiny(norm_eval=True)
    model.train()
    assert model.training
    assert all(not m.training for m in model.modules()
               if isinstance(m, nn.BatchNorm2d))
    before = model.layer2[0].bn1.running_var.clone()
    model(torch.rand(2, 3, 32, 32))
    assert torch.equal(model.layer2[0].bn1.running_var, before)
    trainable = _tiny(norm_eval=False)
    trainable.train()
    assert trainable.layer2[0].bn1.training


def test_zero_init_residual_zeroes_last_norm():
    model = _tiny(depth=50)
    assert torch.count_nonzero(model.layer1[0].bn3.weight) == 0
    assert torch.count_nonzero(model.layer1[0].bn1.weight) > 0


def test_resnetv1d_deep_stem_and_avg_down():
    model = build_backbone(dict(type='ResNetV1d', depth=18, base_channels=4))
    assert isinstance(model.stem, nn.Sequential)
    assert isinstance(model.layer2[0].downsample[0], nn.AvgPool2d)
    outs = model(torch.rand(1, 3, 64, 64))
    assert outs[-1].shape == (1, 32, 2, 2)
    assert isinstance(model, ResNetV1d)


def test_pretrained_local_checkpoint_is_loaded(tmp_path):
    source = _tiny()
    for p in source.parameters():
        nn.init.constant_(p, 0.25)
    path = tmp_path / 'resnet.pth'
    torch.save({'state_dict': source.state_dict()}, path)
    model = _tiny(init_cfg=dict(type='Pretrained', checkpoint=str(path)))
    model.init_weights()
    assert torch.all(model.layer3[1].conv2.weight == 0.25)


def test_pretrained_prefix_loads_a_part_of_a_detector_checkpoint(tmp_path,
                                                                 caplog):
    # a detector's checkpoint: only ``backbone.*`` goes into the backbone,
    # through load_checkpoint (its prefix and its key report)
    source = _tiny()
    for p in source.parameters():
        nn.init.constant_(p, 0.5)
    state = {f'backbone.{k}': v for k, v in source.state_dict().items()}
    state['neck.lateral.weight'] = torch.zeros(3)
    state['backbone.fc.weight'] = torch.zeros(2)
    path = tmp_path / 'detector.pth'
    torch.save({'state_dict': state}, path)
    model = _tiny(init_cfg=dict(type='Pretrained', checkpoint=str(path),
                                prefix='backbone.'))
    with caplog.at_level(logging.WARNING):
        model.init_weights()
    assert torch.all(model.layer3[1].conv2.weight == 0.5)
    assert 'unexpected key in source state_dict: fc.weight' in caplog.text
    assert 'neck' not in caplog.text
    model = _tiny(init_cfg=dict(type='Pretrained', checkpoint=str(path),
                                prefix='head'))
    with pytest.raises(CheckpointLoadError, match="no weights under the "
                       "prefix 'head.'"):
        model.init_weights()


def test_unavailable_torchvision_weights_are_an_error(tmp_path, monkeypatch):
    monkeypatch.setattr(torch.hub, 'get_dir', lambda: str(tmp_path))
    for checkpoint in ('torchvision://resnet18',
                       'https://example.org/weights/r18-abc.pth'):
        model = _tiny(init_cfg=dict(type='Pretrained', checkpoint=checkpoint))
        with pytest.raises(FileNotFoundError) as info:
            model.init_weights()
        message = str(info.value)
        assert checkpoint in message
        assert str(tmp_path / 'checkpoints') in message
        assert 'allow_missing=True' in message


def test_unavailable_torchvision_weights_allowed_missing_warn_and_keep_init(
        tmp_path, monkeypatch):
    monkeypatch.setattr(torch.hub, 'get_dir', lambda: str(tmp_path))
    model = _tiny(init_cfg=dict(type='Pretrained', allow_missing=True,
                                checkpoint='torchvision://resnet18'))
    before = model.conv1.weight.clone()
    records = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = records.append
    resnet_logger = logging.getLogger(resnet.__name__)
    resnet_logger.addHandler(handler)
    try:
        model.init_weights()
    finally:
        resnet_logger.removeHandler(handler)
    assert any('allow_missing=True' in r.getMessage()
               and 'torchvision://resnet18' in r.getMessage() for r in records)
    assert torch.equal(model.conv1.weight, before)


def test_missing_local_checkpoint_is_a_clear_error(tmp_path):
    model = _tiny(init_cfg=dict(type='Pretrained',
                                checkpoint=str(tmp_path / 'nope.pth')))
    with pytest.raises(FileNotFoundError, match='nope.pth'):
        model.init_weights()


def test_mmdet_default_init_cfg_list_is_accepted():
    model = _tiny(init_cfg=[dict(type='Kaiming', layer='Conv2d'),
                            dict(type='Constant', val=1, layer='_BatchNorm')])
    model.init_weights()
    with pytest.raises(NotImplementedError, match='Xavier'):
        _tiny(init_cfg=dict(type='Xavier')).init_weights()


def test_invalid_arguments():
    with pytest.raises(KeyError, match='depth'):
        ResNet(depth=20)
    with pytest.raises(NotImplementedError, match='BasicBlock'):
        ResNet(depth=18, dcn=dict(type='DCNv2'),
               stage_with_dcn=(False, True, True, True))


@pytest.mark.skipif(dcn.deform_conv2d is not None,
                    reason='torchvision is installed')
def test_dcn_without_torchvision_raises_clear_error():
    with pytest.raises(ImportError, match='torchvision'):
        ResNet(depth=50, base_channels=4, dcn=dict(type='DCNv2',
                                                   deform_groups=1),
               stage_with_dcn=(False, True, True, True))


@pytest.mark.skipif(dcn.deform_conv2d is None, reason='needs torchvision')
def test_dcn_backbone_matches_plain_conv_at_init():
    model = ResNet(depth=50, base_channels=4, norm_eval=False,
                   dcn=dict(type='DCNv2', deform_groups=1,
                            fallback_on_stride=False),
                   stage_with_dcn=(False, True, True, True))
    conv = model.layer2[0].conv2
    assert type(conv).__name__ == 'ModulatedDeformConv2dPack'
    x = torch.rand(1, conv.in_channels, 8, 8)
    ref = torch.nn.functional.conv2d(x, conv.weight, conv.bias,
                                     conv.stride, conv.padding) * 0.5
    assert torch.allclose(conv(x), ref, atol=1e-5)


class _Unsafe:
    def __reduce__(self):
        return (print, ('unsafe',))


def test_pretrained_checkpoints_are_read_like_load_checkpoint(tmp_path):
    # the same safe loading and state_dict rules as load_checkpoint
    unsafe = tmp_path / 'unsafe.pth'
    torch.save({'state_dict': {}, 'meta': _Unsafe()}, unsafe)
    model = _tiny(init_cfg=dict(type='Pretrained', checkpoint=str(unsafe)))
    with pytest.raises(CheckpointLoadError, match='refused as unsafe'):
        model.init_weights()
    truncated = tmp_path / 'truncated.pth'
    truncated.write_bytes(b'PK\x03\x04')
    model = _tiny(init_cfg=dict(type='Pretrained', checkpoint=str(truncated)))
    with pytest.raises(CheckpointLoadError, match='corrupt or truncated'):
        model.init_weights()
    listed = tmp_path / 'list.pth'
    torch.save([1, 2], listed)
    model = _tiny(init_cfg=dict(type='Pretrained', checkpoint=str(listed)))
    with pytest.raises(CheckpointLoadError, match='holds a list'):
        model.init_weights()
