"""EAST's head, loss, postprocessor (with its locality-aware NMS) and the
round trips targets -> loss / postprocessor."""
import math

import numpy as np
import pytest
import torch

from mmocr.core.mask import PolygonMasks
from mmocr.datasets.pipelines import EASTTargets
from mmocr.models import build_detector
from mmocr.models.textdet.dense_heads import EASTHead
from mmocr.models.textdet.losses import EASTLoss
from mmocr.models.textdet.postprocess import EASTPostprocessor
from mmocr.models.textdet.postprocess.lanms import (
    locality_aware_nms,
    polygon_nms,
    row_merge,
)


def test_east_head_rbox_and_quad_outputs():
    torch.manual_seed(0)  # moderate logits: float32 sigmoid saturates
    head = EASTHead(in_channels=16, scale=64)
    out = head(torch.randn(2, 16, 8, 12))
    assert out.shape == (2, 6, 8, 12)
    assert ((out[:, 0] > 0) & (out[:, 0] < 1)).all()
    assert ((out[:, 1:5] >= 0) & (out[:, 1:5] <= 64)).all()
    assert (out[:, 5].abs() <= math.pi / 4).all()
    assert set(head.state_dict()) == {
        'score_conv.weight', 'score_conv.bias', 'geo_conv.weight',
        'geo_conv.bias', 'angle_conv.weight', 'angle_conv.bias'}
    assert head.postprocessor.downsample_ratio == head.downsample_ratio == 0.25
    quad = EASTHead(in_channels=[8, 8], geometry='QUAD', scale=64)
    out = quad((torch.randn(1, 8, 4, 4), torch.randn(1, 8, 4, 4)))
    assert out.shape == (1, 9, 4, 4) and (out[:, 1:].abs() <= 64).all()
    with pytest.raises(ValueError, match=r'\(N, 16, H, W\)'):
        EASTHead(in_channels=16)(torch.randn(1, 8, 4, 4))
    with pytest.raises(ValueError, match='geometry'):
        EASTHead(in_channels=16, geometry='poly')
    with pytest.raises(ValueError, match='differs'):
        EASTHead(in_channels=16, postprocessor=dict(
            type='EASTPostprocessor', downsample_ratio=0.5))


def _maps(score, mask, geo):
    return ([np.asarray(score, np.float32)[None, None]],
            [np.asarray(geo, np.float32)[:, None]],
            [np.asarray(mask, np.float32)[None, None]])


def test_east_score_losses_by_hand():
    # 1 x 4 map: predicted scores, target and training mask.
    p = torch.tensor([0.8, 0.6, 0.2, 0.0])
    y, m = [1, 1, 0, 0], [1, 1, 1, 0]
    preds = torch.zeros(1, 6, 1, 4)
    preds[0, 0, 0] = p
    score, geo, mask = _maps(y, m, np.zeros((5, 4)))
    # dice: 1 - 2 * 1.4 / (1.6 + 2)
    dice = EASTLoss()(preds, 0.25, score, geo, mask)
    assert dice['loss_score'].item() == pytest.approx(1 - 2.8 / 3.6, abs=1e-5)
    # balanced BCE: beta = 1 - 2 / 3, mean over the 3 unmasked pixels
    beta = 1 / 3
    bce = -(beta * math.log(0.8) + beta * math.log(0.6)
            + (1 - beta) * math.log(0.8)) / 3
    out = EASTLoss(score_loss='bce', score_weight=2)(preds, 0.25, score, geo,
                                                     mask)
    assert out['loss_score'].item() == pytest.approx(2 * bce, abs=1e-5)


def test_east_rbox_geometry_loss_by_hand():
    preds = torch.zeros(1, 6, 1, 4)
    preds[0, 0, 0] = 0.5
    # pixels 0, 1 positive; 2 negative and 3 masked carry junk geometry.
    preds[0, 1:, 0, :] = torch.tensor([1., 3, 2, 1, 0.1])[:, None]
    preds[0, 1:, 0, 2:] = 50
    gt = np.array([2, 3, 2, 1, 0], np.float32)[:, None].repeat(4, 1)
    score, geo, mask = _maps([1, 1, 0, 1], [1, 1, 1, 0], gt)
    out = EASTLoss(geo_weight=2, angle_weight=10)(preds, 0.25, score, geo,
                                                  mask)
    # areas 16 (gt) and 12, intersection (1 + 3) * (1 + 2) = 12, union 16
    assert out['loss_geo'].item() == pytest.approx(
        2 * -math.log(13 / 17), abs=1e-5)
    assert out['loss_angle'].item() == pytest.approx(
        2 * 10 * (1 - math.cos(0.1)), abs=1e-5)


def test_east_quad_geometry_loss_by_hand():
    # gt: a 10 x 4 rectangle around the pixel; shortest side 4.
    gt = np.array([-5, -2, 5, -2, 5, 2, -5, 2], np.float32)
    pred = gt.copy()
    pred[0] += 0.5  # smooth L1: 0.5 * 0.5^2 = 0.125
    pred[3] += 2  # 2 - 0.5 = 1.5
    preds = torch.zeros(1, 9, 1, 1)
    preds[0, 0] = 0.9
    preds[0, 1:, 0, 0] = torch.from_numpy(pred)
    ones = [np.ones((1, 1, 1))]
    out = EASTLoss()(preds, 0.25, ones, [gt.reshape(8, 1, 1)], ones)
    assert set(out) == {'loss_score', 'loss_geo'}
    assert out['loss_geo'].item() == pytest.approx(1.625 / 32, abs=1e-6)


def test_east_loss_without_text_and_bad_input():
    preds = torch.rand(2, 6, 4, 4, requires_grad=True)
    zeros = [np.zeros((1, 4, 4))] * 2
    out = EASTLoss()(preds, 0.25, zeros, [np.zeros((5, 4, 4))] * 2, zeros)
    assert out['loss_geo'].item() == 0 and out['loss_angle'].item() == 0
    sum(out.values()).backward()
    assert preds.grad is not None
    with pytest.raises(ValueError, match=r'gt_geo.*QUAD.*\(8, H, W\)'):
        EASTLoss()(torch.rand(1, 9, 4, 4), 0.25, zeros[:1],
                   [np.zeros((5, 4, 4))], zeros[:1])
    with pytest.raises(ValueError, match='larger than the prediction map'):
        EASTLoss()(torch.rand(1, 6, 2, 2), 0.25, zeros[:1],
                   [np.zeros((5, 4, 4))], zeros[:1])
    with pytest.raises(ValueError, match='score_loss'):
        EASTLoss(score_loss='focal')


def _rect(cx, cy, w, h, angle):
    u = np.array([math.cos(angle), math.sin(angle)])
    v = np.array([-math.sin(angle), math.cos(angle)])
    return np.stack([np.array([cx, cy]) + sx * w / 2 * u + sy * h / 2 * v
                     for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1))])


def _perfect_rbox_maps(rects, size):
    """Score 0.95 and exact RBOX geometry at the map pixels (input point =
    4 x pixel) inside each rectangle's middle half, written by hand."""
    h, w = size
    maps = np.zeros((6, h, w), np.float32)
    ys, xs = np.mgrid[:h, :w]
    for cx, cy, rw, rh, angle in rects:
        u = np.array([math.cos(angle), math.sin(angle)])
        v = np.array([-math.sin(angle), math.cos(angle)])
        du = (4 * xs - cx) * u[0] + (4 * ys - cy) * u[1]
        dv = (4 * xs - cx) * v[0] + (4 * ys - cy) * v[1]
        inside = (np.abs(du) < rw / 4) & (np.abs(dv) < rh / 4)
        maps[0][inside] = 0.95
        for k, dist in enumerate((rh / 2 + dv, rw / 2 - du, rh / 2 - dv,
                                  rw / 2 + du)):
            maps[1 + k][inside] = dist[inside]
        maps[5][inside] = angle
    return maps


def _match(boxes, rects, tol):
    got = sorted(np.asarray(b[:8]).reshape(4, 2).tolist() for b in boxes)
    want = sorted(_rect(*r).tolist() for r in rects)
    assert len(got) == len(want)
    np.testing.assert_allclose(got, want, atol=tol)


def test_east_postprocessor_decodes_two_rectangles():
    rects = [(60, 40, 80, 32, 0.0), (100, 110, 120, 36, math.radians(25))]
    maps = _perfect_rbox_maps(rects, (40, 48))
    head = EASTHead(in_channels=4)
    result = head.get_boundary(torch.from_numpy(maps),
                               [dict(scale_factor=np.ones(4))], rescale=True)
    boxes = result['boundary_result']
    assert all(len(b) == 9 and b[8] == pytest.approx(0.95) for b in boxes)
    _match(boxes, rects, tol=1.0)
    # Without rescaling: map pixels (input / 4).
    raw = EASTPostprocessor()(maps)
    _match([[c * 4 for c in b[:8]] for b in raw], rects, tol=1.0)


def test_east_postprocessor_empty_map_and_bad_input():
    maps = np.zeros((6, 8, 8), np.float32)
    maps[0] = 0.5
    assert EASTPostprocessor()(maps) == []
    assert EASTPostprocessor()(torch.zeros(9, 4, 4)) == []
    with pytest.raises(ValueError, match=r'\(6, H, W\)'):
        EASTPostprocessor()(np.zeros((3, 4, 4)))
    with pytest.raises(ValueError, match='score_thr'):
        EASTPostprocessor(score_thr=1.5)


def test_row_merge_and_nms_by_hand():
    sq = np.array([0, 0, 10, 0, 10, 10, 0, 10], np.float64)
    quads = np.stack([sq, sq + [1, 0] * 4, sq + [30, 0] * 4, sq + [0, 1] * 4])
    scores = np.array([1.0, 3.0, 1.0, 1.0])
    rows = np.array([0, 0, 0, 1])
    merged, sums, counts = row_merge(quads, scores, rows, 0.2)
    # Row 0: the first two merge (IoU 9/11) into their weighted mean
    # (shift 0.75); the third starts a group; row 1 is its own group.
    np.testing.assert_allclose(merged[0], sq + [0.75, 0] * 4)
    np.testing.assert_allclose(sums, [4, 1, 1])
    np.testing.assert_array_equal(counts, [2, 1, 1])
    # NMS: group 2 (row 1) overlaps group 0 and has the lower sum.
    np.testing.assert_array_equal(polygon_nms(merged, sums, 0.2), [0, 1])
    boxes, mean_scores = locality_aware_nms(quads, scores, rows, 0.2)
    np.testing.assert_allclose(mean_scores, [2, 1])
    with pytest.raises(ValueError, match='sorted by row'):
        row_merge(quads, scores, rows[::-1], 0.2)


def _round_trip_results(geometry):
    polys = [np.array([40, 40, 200, 40, 200, 88, 40, 88], np.float64),
             _rect(150, 180, 160, 48, math.radians(-15)).reshape(-1)]
    results = dict(img=np.zeros((256, 320, 3), np.uint8),
                   gt_masks=PolygonMasks([[p] for p in polys], 256, 320))
    return polys, EASTTargets(geometry=geometry)(results)


@pytest.mark.parametrize('geometry', ['RBOX', 'QUAD'])
def test_targets_to_loss_and_postprocessor_round_trip(geometry):
    polys, results = _round_trip_results(geometry)
    score = results['gt_score'].masks
    geo = results['gt_geo'].masks
    maps = torch.from_numpy(np.concatenate([score * 0.99, geo])).float()
    losses = EASTLoss()(maps[None], 0.25, [results['gt_score']],
                        [results['gt_geo']], [results['gt_mask']])
    assert losses['loss_geo'].item() == pytest.approx(0, abs=1e-6)
    assert losses.get('loss_angle', torch.tensor(0.)).item() == pytest.approx(
        0, abs=1e-6)
    assert losses['loss_score'].item() < 0.01
    head = EASTHead(in_channels=4, geometry=geometry)
    boxes = head.get_boundary(maps, [dict(scale_factor=np.ones(4))],
                              rescale=True)['boundary_result']
    got = sorted(np.asarray(b[:8]).reshape(4, 2).tolist() for b in boxes)
    want = sorted(EASTTargets.to_quad(p).tolist() for p in polys)
    np.testing.assert_allclose(got, want, atol=1e-2)


def test_east_detector_trains_and_decodes():
    cfg = dict(
        type='EAST',
        backbone=dict(type='mmdet.ResNet', depth=18, base_channels=4,
                      num_stages=4, out_indices=(0, 1, 2, 3),
                      norm_cfg=dict(type='BN', requires_grad=True),
                      init_cfg=None, style='caffe'),
        neck=dict(type='FPNC', in_channels=[4, 8, 16, 32],
                  lateral_channels=8, out_channels=4, conv_after_concat=True),
        bbox_head=dict(type='EASTHead', in_channels=16, scale=256,
                       postprocessor=dict(type='EASTPostprocessor',
                                          score_thr=0.1)))
    model = build_detector(cfg)
    _, results = _round_trip_results('RBOX')
    losses = model.forward_train(
        torch.randn(1, 3, 256, 320), [{}], gt_score=[results['gt_score']],
        gt_geo=[results['gt_geo']], gt_mask=[results['gt_mask']])
    assert set(losses) == {'loss_score', 'loss_geo', 'loss_angle'}
    sum(losses.values()).backward()
    model.eval()
    with torch.no_grad():
        out = model.simple_test(torch.randn(1, 3, 64, 64),
                                [dict(scale_factor=np.ones(4))], rescale=True)
    assert len(out) == 1
    assert all(len(b) == 9 for b in out[0]['boundary_result'])
