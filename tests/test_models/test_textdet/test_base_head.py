"""BaseTextDetHead: the loss, postprocessor and boundary mapping every text
detection head shares (MMOCR 0.x's HeadMixin)."""
import numpy as np
import pytest
import torch
from torch import nn

from mmocr.models import build_detector, build_head
from mmocr.models.textdet.dense_heads import BaseTextDetHead, DBHead, HeadMixin

LOSS = dict(type='DBLoss')
POST = dict(type='DBPostprocessor', text_repr_type='quad')


def test_head_mixin_is_the_base_head():
    assert HeadMixin is BaseTextDetHead
    assert issubclass(DBHead, BaseTextDetHead)
    assert issubclass(BaseTextDetHead, nn.Module)


def test_builds_loss_and_postprocessor():
    head = BaseTextDetHead(LOSS, POST, downsample_ratio=0.5,
                           test_cfg=dict(a=1))
    assert type(head.loss_module).__name__ == 'DBLoss'
    assert type(head.postprocessor).__name__ == 'DBPostprocessor'
    assert head.downsample_ratio == 0.5 and head.test_cfg == dict(a=1)
    assert head.train_cfg is None
    with pytest.raises(TypeError, match='BaseTextDetHead: loss and '
                       'postprocessor must be config dicts'):
        BaseTextDetHead('DBLoss', POST)


def test_mmocr0_head_keeps_its_layers():
    """0.x heads initialise nn.Module first, then HeadMixin."""

    class OldHead(HeadMixin, nn.Module):

        def __init__(self):
            nn.Module.__init__(self)
            self.conv = nn.Conv2d(4, 1, 1)
            HeadMixin.__init__(self, LOSS, POST)
            self.downsample_ratio = 0.25

    head = OldHead()
    assert list(head.state_dict()) == ['conv.weight', 'conv.bias']
    assert head.downsample_ratio == 0.25


def test_get_boundary_rescales_and_names_the_file():
    head = BaseTextDetHead(LOSS, POST, downsample_ratio=1.0)
    maps = torch.zeros(1, 3, 64, 96)
    maps[0, :, 20:31, 10:51] = 0.9
    metas = [dict(filename='a.jpg',
                  scale_factor=np.array([0.5, 0.5, 0.5, 0.5]))]
    plain = head.get_boundary(maps, metas, rescale=False)
    scaled = head.get_boundary(maps, metas, rescale=True)
    assert scaled['filename'] == 'a.jpg'
    assert len(plain['boundary_result']) == 1
    np.testing.assert_allclose(
        np.array(scaled['boundary_result'][0][:-1]),
        np.array(plain['boundary_result'][0][:-1]) * 2)
    with pytest.raises(ValueError, match='one image at a time'):
        head.get_boundary(maps.expand(2, -1, -1, -1), metas, rescale=False)
    with pytest.raises(ValueError, match='4 values'):
        head.resize_boundary([[0] * 9], [1, 1])


def test_db_head_state_dict_keys():
    """The keys of the shipped DBNet checkpoints: the base adds none."""
    model = build_detector(dict(
        type='DBNet',
        backbone=dict(type='mmdet.ResNet', depth=18, base_channels=4),
        neck=dict(type='FPNC', in_channels=[4, 8, 16, 32],
                  lateral_channels=16, out_channels=4),
        bbox_head=dict(type='DBHead', in_channels=16, loss=LOSS,
                       postprocessor=POST)))
    head_keys = [k for k in model.state_dict() if k.startswith('bbox_head.')]
    assert {k.split('.')[1] for k in head_keys} == {'binarize', 'threshold'}
    assert len(head_keys) == 30


@pytest.mark.parametrize('head_cfg', [
    dict(type='DBHead', in_channels=8),
    dict(type='PANHead', in_channels=[4, 4], out_channels=6)])
def test_0x_head_arguments_move_to_the_postprocessor(head_cfg):
    # MMOCR 0.x's deprecated head arguments, handled once by the base head
    with pytest.warns(DeprecationWarning, match='text_repr_type'):
        head = build_head(dict(head_cfg, text_repr_type='poly'))
    assert head.postprocessor.text_repr_type == 'poly'
    with pytest.warns(DeprecationWarning, match='decoding_type'):
        build_head(dict(head_cfg, decoding_type='db'))
