"""FCENet's fourier2poly, head, loss, postprocessor and detector."""
import warnings
from pathlib import Path

import numpy as np
import pytest
import shapely
import torch

from mmocr.core.mask import PolygonMasks
from mmocr.datasets.pipelines import FCENetTargets
from mmocr.models import build_detector
from mmocr.models.common.layers import dcn
from mmocr.models.textdet.dense_heads import FCEHead
from mmocr.models.textdet.detectors import FCENet
from mmocr.models.textdet.losses import FCELoss
from mmocr.models.textdet.postprocess import FCEPostprocessor, fourier2poly
from mmocr.utils.config import Config

REPO = Path(__file__).resolve().parents[3]
K = 5


def _iou(a, b):
    pa = shapely.make_valid(shapely.Polygon(np.reshape(a, (-1, 2))))
    pb = shapely.make_valid(shapely.Polygon(np.reshape(b, (-1, 2))))
    return pa.intersection(pb).area / pa.union(pb).area


def test_fourier2poly_circle_and_ellipse():
    n = 40
    t = 2 * np.pi * np.arange(n) / n
    coeff = np.zeros((2, 2 * K + 1), complex)
    coeff[0, K] = 50 + 30j         # centre
    coeff[0, K + 1] = 20           # circle of radius 20
    coeff[1, K] = 100 + 100j
    coeff[1, K + 1] = (40 + 10) / 2  # ellipse, semi-axes 40 and 10
    coeff[1, K - 1] = (40 - 10) / 2
    polys = fourier2poly(coeff, n)
    assert polys.shape == (2, 2 * n) and polys.dtype == np.int32
    circle = np.stack([50 + 20 * np.cos(t), 30 + 20 * np.sin(t)], 1)
    ellipse = np.stack([100 + 40 * np.cos(t), 100 + 10 * np.sin(t)], 1)
    # int32 truncation: within 1 pixel
    assert np.abs(polys[0].reshape(-1, 2) - circle).max() < 1
    assert np.abs(polys[1].reshape(-1, 2) - ellipse).max() < 1
    with pytest.raises(ValueError, match='num_reconstr_points'):
        fourier2poly(coeff, 2 * K)
    with pytest.raises(AssertionError, match='2k \\+ 1'):
        fourier2poly(np.zeros((1, 4), complex))


def test_loss_fourier2poly_matches_the_inverse_fft():
    rng = np.random.default_rng(0)
    coeff = rng.normal(size=(3, 2 * K + 1)) + 1j * rng.normal(size=(3, 2 * K + 1))
    coeff *= 50
    loss = FCELoss(fourier_degree=K, num_sample=30)
    x, y = loss.fourier2poly(torch.tensor(coeff.real), torch.tensor(coeff.imag))
    spectrum = np.zeros((3, 30), complex)
    spectrum[:, :K + 1], spectrum[:, -K:] = coeff[:, K:], coeff[:, :K]
    z = np.fft.ifft(spectrum, axis=1) * 30
    np.testing.assert_allclose(x.numpy(), z.real, atol=1e-9)
    np.testing.assert_allclose(y.numpy(), z.imag, atol=1e-9)


def _rect_targets(size=(96, 128), rect=(24, 32, 104, 64)):
    """FCENetTargets of one rectangle that falls on the p3 level."""
    h, w = size
    x1, y1, x2, y2 = rect
    poly = np.array([x1, y1, x2, y1, x2, y2, x1, y2], float)
    results = dict(img=np.zeros((h, w, 3), np.float32), img_shape=(h, w, 3),
                   gt_masks=PolygonMasks([[poly]], h, w),
                   gt_masks_ignore=PolygonMasks([], h, w),
                   mask_fields=['gt_masks', 'gt_masks_ignore'])
    return FCENetTargets(fourier_degree=K,
                         level_proportion_range=((0, 0.9), (0.9, 0.95),
                                                 (0.95, 1.0)))(results), poly


def _perfect_preds(results, logit=30.0):
    """Predictions equal to the targets: [cls, reg] per level, batch 1."""
    preds = []
    for key in ('p3_maps', 'p4_maps', 'p5_maps'):
        maps = torch.from_numpy(results[key])[None]
        tr, tcl = maps[:, 0:1], maps[:, 1:2]
        cls = torch.cat([-logit * (2 * tr - 1) / 2, logit * (2 * tr - 1) / 2,
                         -logit * (2 * tcl - 1) / 2, logit * (2 * tcl - 1) / 2],
                        1)
        preds.append([cls, maps[:, 3:].clone()])
    return preds


def test_loss_is_finite_and_zero_on_perfect_maps():
    results, _ = _rect_targets()
    loss = FCELoss(fourier_degree=K, num_sample=50)
    maps = [[results[k]] for k in ('p3_maps', 'p4_maps', 'p5_maps')]
    perfect = loss(_perfect_preds(results), None, *maps)
    assert set(perfect) == {'loss_text', 'loss_center', 'loss_reg_x',
                            'loss_reg_y'}
    assert all(float(v) < 1e-6 for v in perfect.values())
    # Wrong predictions (all zeros): all four terms positive and finite.
    zeros = [[torch.zeros_like(c, requires_grad=True),
              torch.zeros_like(r, requires_grad=True)]
             for c, r in _perfect_preds(results)]
    bad = loss(zeros, None, *maps)
    assert all(torch.isfinite(v) and v > 0 for v in bad.values())
    sum(bad.values()).backward()
    assert zeros[0][1].grad.abs().sum() > 0
    # All logits 0: every pixel costs log 2. p3 (12x16) has text: mean over
    # the kept pixels, log 2. p4 (6x8) and p5 (3x4) have none: OHEM divides
    # their 48 and 12 negatives by 100.
    assert bad['loss_text'].item() == pytest.approx((1 + .48 + .12) * np.log(2))
    with pytest.raises(ValueError, match='fourier_degree'):
        FCELoss(fourier_degree=3, num_sample=50)(zeros, None, *maps)


def test_postprocessor_round_trip_of_targets_as_predictions():
    results, rect = _rect_targets()
    preds = _perfect_preds(results)
    post = FCEPostprocessor(fourier_degree=K, num_reconstr_points=50,
                            alpha=1.0, beta=1.0, score_thr=0.3, nms_thr=0.1)
    boundaries = post([p[0] for p in preds[0]], scale=8)
    assert len(boundaries) == 1
    assert len(boundaries[0]) == 101 and boundaries[0][-1] > 0.99
    assert _iou(boundaries[0][:-1], rect) > 0.9
    # Nothing above the threshold on the other levels.
    assert post(preds[1], scale=16) == []
    quad = FCEPostprocessor(fourier_degree=K, num_reconstr_points=50,
                            text_repr_type='quad')(preds[0], scale=8)
    assert len(quad) == 1 and len(quad[0]) == 9
    assert _iou(quad[0][:-1], rect) > 0.85
    with pytest.raises(ValueError, match='regression maps'):
        FCEPostprocessor(fourier_degree=3, num_reconstr_points=50)(preds[0], 8)
    with pytest.raises(AssertionError, match='num_reconstr_points'):
        FCEPostprocessor(fourier_degree=K, num_reconstr_points=10)


def test_head_shapes_decoding_and_bad_args():
    head = FCEHead(in_channels=8, scales=(8, 16, 32), fourier_degree=K)
    feats = [torch.randn(2, 8, 12 // s, 16 // s) for s in (1, 2, 4)]
    outs = head(feats)
    assert [[tuple(t.shape) for t in level] for level in outs] == [
        [(2, 4, 12 // s, 16 // s), (2, 4 * K + 2, 12 // s, 16 // s)]
        for s in (1, 2, 4)]
    assert head.loss_module.fourier_degree == K
    assert head.postprocessor.fourier_degree == K
    assert head.out_conv_reg.bias.abs().sum().item() == 0
    # get_boundary on targets-as-predictions, rescaled by 1 / scale_factor
    results, rect = _rect_targets()
    preds = [[m[0] for m in level] for level in _perfect_preds(results)]
    head = FCEHead(in_channels=8, scales=(8, 16, 32), fourier_degree=K,
                   postprocessor=dict(type='FCEPostprocessor',
                                      num_reconstr_points=50, beta=1.0))
    out = head.get_boundary(preds, [dict(scale_factor=np.full(4, 2.0),
                                         filename='a.jpg')], rescale=True)
    assert out['filename'] == 'a.jpg' and len(out['boundary_result']) == 1
    assert _iou(out['boundary_result'][0][:-1], rect / 2) > 0.9
    with pytest.raises(AssertionError, match='in_channels'):
        FCEHead(in_channels=[8], scales=(8, 16, 32))
    with pytest.raises(ValueError, match='3 scales'):
        head.get_boundary(preds[:2], [{}], False)
    with pytest.raises(ValueError, match='8 input channels'):
        head(feats[:1] + [torch.randn(1, 4, 3, 4)])


def test_head_moves_the_deprecated_0x_arguments():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        head = FCEHead(in_channels=8, scales=(8, 16, 32), alpha=1.2, beta=1.0,
                       score_thr=0.5, num_reconstr_points=20,
                       text_repr_type='quad', num_sample=30)
    assert sum(issubclass(w.category, DeprecationWarning)
               for w in caught) == 6
    post = head.postprocessor
    assert (post.alpha, post.beta, post.score_thr, post.num_reconstr_points,
            post.text_repr_type) == (1.2, 1.0, 0.5, 20, 'quad')
    assert head.loss_module.num_sample == 30


def _toy_model():
    cfg = Config.fromfile(str(REPO / 'configs/textdet/fcenet/'
                                    'fcenet_r18_fpn_toy.py'))
    return build_detector(cfg.model)


def test_toy_model_state_dict_keys_are_0x_ones():
    model = _toy_model()
    assert isinstance(model, FCENet)
    keys = {k for k in model.state_dict() if not k.startswith('backbone')}
    expected = {f'neck.{kind}.{i}.conv.{p}' for kind in ('lateral_convs',
                                                         'fpn_convs')
                for i in range(3) for p in ('weight', 'bias')}
    expected |= {f'bbox_head.out_conv_{n}.{p}' for n in ('cls', 'reg')
                 for p in ('weight', 'bias')}
    assert keys == expected
    assert model.state_dict()['bbox_head.out_conv_reg.weight'].shape == (
        4 * K + 2, 8, 3, 3)
    assert 'backbone.layer4.1.bn2.running_var' in model.state_dict()


def test_detector_trains_and_tests_a_batch():
    torch.manual_seed(0)
    model = _toy_model()
    model.init_weights()
    results, _ = _rect_targets((96, 128))
    img = torch.randn(2, 3, 96, 128)
    gts = {k: [results[k]] * 2 for k in ('p3_maps', 'p4_maps', 'p5_maps')}
    losses = model.forward_train(img, [{}] * 2, **gts)
    assert set(losses) == {'loss_text', 'loss_center', 'loss_reg_x',
                           'loss_reg_y'}
    assert all(torch.isfinite(v) for v in losses.values())
    model.eval()
    metas = [dict(scale_factor=np.ones(4), filename=f'{i}.jpg')
             for i in range(2)]
    with torch.no_grad():
        out = model.simple_test(img, metas, rescale=True)
    assert [o['filename'] for o in out] == ['0.jpg', '1.jpg']
    for o in out:
        assert all(len(b) == 9 for b in o['boundary_result'])
    with pytest.raises(ValueError, match='img_metas'):
        model.simple_test(img, metas[:1])


@pytest.mark.parametrize('config', ['fcenet_r50_fpn_1500e_icdar2015.py',
                                    'fcenet_r50dcnv2_fpn_1500e_ctw1500.py'])
def test_0x_configs_build(config):
    cfg = Config.fromfile(str(REPO / 'configs/textdet/fcenet' / config))
    if 'dcn' in config and dcn.deform_conv2d is None:
        pytest.skip('DCNv2 needs torchvision.ops.deform_conv2d')
    cfg.model.backbone.init_cfg = None
    model = build_detector(cfg.model)
    assert model.bbox_head.scales == (8, 16, 32)
    assert model.neck.add_extra_convs == 'on_output'
    assert [p['type'] for p in cfg.data.train.pipeline][5:9] == [
        'RandomCropFlip', 'RandomCropPolyInstances',
        'RandomRotatePolyInstances', 'SquareResizePad']


@pytest.mark.parametrize('name', ['fcenet_r18_fpn_curved_synth_1200it.py',
                                  'fcenet_r18w32_fpn_curved_synth_dbinit.py'])
def test_short_curved_synth_configs_do_not_validate(name):
    """Their comments say the held-out set is measured once, at the end."""
    cfg = Config.fromfile(str(REPO / 'configs/textdet/fcenet' / name))
    assert cfg.runner.max_iters == 1200
    assert cfg.evaluation.interval > cfg.runner.max_iters
    assert cfg.evaluation.metric == 'hmean-iou'
