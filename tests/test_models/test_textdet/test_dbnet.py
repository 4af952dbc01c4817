import copy

import numpy as np
import pytest
import torch

from mmocr.core.mask import BitmapMasks
from mmocr.models import build_detector
from mmocr.models.common.layers import dcn
from mmocr.models.textdet.detectors import DBNet, DBNetpp
from mmocr.utils.config import Config

TINY_DBNET = dict(
    type='DBNet',
    backbone=dict(type='mmdet.ResNet', depth=18, base_channels=4,
                  norm_eval=False, style='caffe'),
    neck=dict(type='FPNC', in_channels=[4, 8, 16, 32], lateral_channels=16,
              out_channels=4),
    bbox_head=dict(type='DBHead', in_channels=16,
                   loss=dict(type='DBLoss', alpha=5.0, beta=10.0,
                             bbce_loss=True),
                   postprocessor=dict(type='DBPostprocessor',
                                      text_repr_type='quad')))


def _metas(n, h=64, w=96, scale=(1.0, 1.0)):
    factor = np.array([scale[0], scale[1], scale[0], scale[1]], np.float32)
    return [dict(filename=f'img_{i}.jpg', ori_shape=(h, w, 3),
                 img_shape=(h, w, 3), scale_factor=factor) for i in range(n)]


def _gts(n, h=64, w=96):
    shrink = np.zeros((1, h, w), np.uint8)
    shrink[0, 20:30, 10:60] = 1
    thr = np.full((1, h, w), 0.3, np.float32)
    thr_mask = np.zeros((1, h, w), np.uint8)
    thr_mask[0, 15:35, 5:65] = 1
    return dict(
        gt_shrink=[BitmapMasks(shrink, h, w) for _ in range(n)],
        gt_shrink_mask=[BitmapMasks(np.ones_like(shrink), h, w)
                        for _ in range(n)],
        gt_thr=[BitmapMasks(thr, h, w) for _ in range(n)],
        gt_thr_mask=[BitmapMasks(thr_mask, h, w) for _ in range(n)])


def _synthetic_maps(n, h=64, w=96):
    """Head output with one 41 x 11 px text kernel in image 0 only."""
    maps = torch.zeros(n, 3, h, w)
    maps[0, :, 20:31, 10:51] = 0.9
    return maps


def test_forward_train_and_train_step():
    model = build_detector(TINY_DBNET)
    assert isinstance(model, DBNet)
    img = torch.rand(2, 3, 64, 96)
    losses = model(img, _metas(2), return_loss=True, **_gts(2))
    assert set(losses) == {'loss_prob', 'loss_db', 'loss_thr'}
    out = model.train_step(dict(img=img, img_metas=_metas(2), **_gts(2)))
    assert out['num_samples'] == 2
    out['loss'].backward()
    assert model.backbone.conv1.weight.grad is not None
    assert model.forward_dummy(img).shape == (2, 3, 64, 96)


def test_batched_inference_matches_single_images():
    torch.manual_seed(0)
    model = build_detector(TINY_DBNET).eval()
    imgs = torch.rand(2, 3, 64, 96)
    with torch.no_grad():
        batch_maps = model.forward_dummy(imgs)
        single_maps = torch.cat([model.forward_dummy(imgs[i:i + 1])
                                 for i in range(2)])
        batch = model(imgs, _metas(2), return_loss=False, rescale=True)
        single = [model(imgs[i:i + 1], _metas(1)[:1], return_loss=False,
                        rescale=True)[0] for i in range(2)]
    assert torch.allclose(batch_maps, single_maps, atol=1e-5)
    assert len(batch) == 2
    for b, s in zip(batch, single):
        assert len(b['boundary_result']) == len(s['boundary_result'])
        for bb, sb in zip(b['boundary_result'], s['boundary_result']):
            np.testing.assert_allclose(bb, sb, atol=1e-3)


def test_simple_test_decodes_each_image_and_rescales(monkeypatch):
    model = build_detector(TINY_DBNET).eval()
    monkeypatch.setattr(model.bbox_head, 'forward',
                        lambda x: _synthetic_maps(x.size(0)))
    imgs = torch.rand(2, 3, 64, 96)
    plain = model.simple_test(imgs, _metas(2), rescale=False)
    assert len(plain[0]['boundary_result']) == 1
    assert plain[1]['boundary_result'] == []
    assert plain[0]['filename'] == 'img_0.jpg'
    scaled = model.simple_test(imgs, _metas(2, scale=(0.5, 0.25)),
                               rescale=True)
    quad = np.array(plain[0]['boundary_result'][0])
    quad_scaled = np.array(scaled[0]['boundary_result'][0])
    np.testing.assert_allclose(quad_scaled[0:8:2], quad[0:8:2] * 2, atol=1e-3)
    np.testing.assert_allclose(quad_scaled[1:8:2], quad[1:8:2] * 4, atol=1e-3)
    assert quad_scaled[8] == pytest.approx(quad[8])
    xs = quad[0:8:2]
    assert xs.min() < 10 and xs.max() > 50


def test_show_result_draws_and_saves(tmp_path):
    model = build_detector(dict(TINY_DBNET, show_score=True))
    img = np.zeros((40, 60, 3), np.uint8)
    result = dict(boundary_result=[[5, 5, 50, 5, 50, 30, 5, 30, 0.9],
                                   [10, 10, 20, 10, 20, 20, 10, 20, 0.1]])
    out_file = tmp_path / 'vis' / 'out.png'
    drawn = model.show_result(img, result, out_file=str(out_file),
                              bbox_color='green')
    assert out_file.is_file()
    assert tuple(drawn[5, 20]) == (0, 255, 0)
    assert tuple(drawn[10, 15]) == (0, 0, 0)  # below score_thr
    assert img.sum() == 0  # input untouched


def _config_model(name):
    cfg = Config.fromfile(f'configs/_base_/det_models/{name}.py')
    return copy.deepcopy(cfg.model.to_dict() if hasattr(cfg.model, 'to_dict')
                         else dict(cfg.model))


def test_dbnet_r18_config_builds(repo_root, monkeypatch):
    monkeypatch.chdir(repo_root)
    cfg = _config_model('dbnet_r18_fpnc')
    assert cfg['backbone']['type'] == 'mmdet.ResNet'
    model = build_detector(cfg)
    assert model.backbone.depth == 18
    assert model.neck.in_channels == [64, 128, 256, 512]
    assert model.bbox_head.loss_module.bbce_loss


def test_dbnetpp_config_with_asf(repo_root, monkeypatch):
    monkeypatch.chdir(repo_root)
    cfg = _config_model('dbnetpp_r50dcnv2_fpnc')
    assert cfg['neck']['asf_cfg'] == dict(attention_type='ScaleChannelSpatial')
    assert cfg['bbox_head']['postprocessor']['epsilon_ratio'] == 0.002
    if dcn.deform_conv2d is None:
        with pytest.raises(ImportError, match='torchvision'):
            build_detector(cfg)
    cfg['backbone'] = dict(type='mmdet.ResNet', depth=18, base_channels=4)
    cfg['neck'].update(in_channels=[4, 8, 16, 32], lateral_channels=16,
                       out_channels=4)
    cfg['bbox_head']['in_channels'] = 16
    model = build_detector(cfg)
    assert isinstance(model, DBNetpp)
    assert hasattr(model.neck, 'asf_attn')
    img = torch.rand(1, 3, 64, 64)
    losses = model(img, _metas(1, 64, 64), **_gts(1, 64, 64))
    sum(losses.values()).backward()
    assert model.neck.asf_conv.conv.weight.grad.abs().sum() > 0
    model.eval()
    with torch.no_grad():
        results = model(img, _metas(1, 64, 64), return_loss=False)
    assert isinstance(results[0]['boundary_result'], list)


def test_mismatched_metas_are_rejected():
    model = build_detector(TINY_DBNET).eval()
    with pytest.raises(ValueError, match='img_metas'):
        model.simple_test(torch.rand(2, 3, 64, 64), _metas(1))


@pytest.mark.parametrize('config', [
    'dbnet/dbnet_r18_fpnc_1200e_icdar2015.py',
    'dbnet/dbnet_r50dcnv2_fpnc_1200e_icdar2015.py',
    'dbnet/dbnet_r18_fpnc_100e_sroie.py',
    'dbnet/dbnet_r18_fpnc_toy.py',
    'dbnetpp/dbnetpp_r50dcnv2_fpnc_1200e_icdar2015.py',
])
def test_full_configs_parse(repo_root, config):
    cfg = Config.fromfile(str(repo_root / 'configs/textdet' / config))
    assert cfg.model.type in ('DBNet', 'DBNetpp')
    assert cfg.model.bbox_head.type == 'DBHead'
    assert cfg.data.train.type == 'UniformConcatDataset'
    assert cfg.data.train.pipeline[-1]['type'] == 'Collect'
    assert cfg.evaluation.metric == 'hmean-iou'
    assert cfg.runner.max_epochs in (1, 100, 1200)
