"""PANet's neck, head, loss and postprocessor."""
import numpy as np
import pytest
import torch

from mmocr.core.mask import BitmapMasks
from mmocr.models import build_detector
from mmocr.models.textdet.dense_heads import PANHead
from mmocr.models.textdet.losses import PANLoss
from mmocr.models.textdet.necks import FPEM_FFM
from mmocr.models.textdet.postprocess import PANPostprocessor
from mmocr.models.textdet.postprocess.pan_postprocessor import pixel_group


def _feats(n=2, channels=(4, 8, 16, 32), size=(32, 48)):
    h, w = size
    return [torch.randn(n, c, h // 2**i, w // 2**i)
            for i, c in enumerate(channels)]


def test_fpem_ffm_shapes_and_0x_parameter_names():
    neck = FPEM_FFM(in_channels=[4, 8, 16, 32], conv_out=8, fpem_repeat=2)
    outs = neck(_feats())
    assert len(outs) == 4
    assert all(o.shape == (2, 8, 32, 48) for o in outs)
    keys = set(neck.state_dict())
    assert {'reduce_conv_c2.0.weight', 'reduce_conv_c5.1.running_mean',
            'fpems.0.up_add1.depthwise_conv.weight',
            'fpems.1.down_add3.pointwise_conv.bias',
            'fpems.1.down_add3.bn.weight'} <= keys
    assert not any(k.startswith('fpems.2') for k in keys)


def test_fpem_ffm_odd_sizes_and_bad_input():
    neck = FPEM_FFM(in_channels=[4, 8, 16, 32], conv_out=8)
    feats = [torch.randn(1, c, s, s + 1)
             for c, s in zip((4, 8, 16, 32), (25, 13, 7, 4))]
    assert all(o.shape == (1, 8, 25, 26) for o in neck(feats))
    with pytest.raises(ValueError, match='4 feature maps'):
        neck(feats[:3])
    with pytest.raises(ValueError, match='in_channels'):
        FPEM_FFM(in_channels=[4, 8, 16])


def test_pan_head_output_and_names():
    head = PANHead(in_channels=[8, 8, 8, 8], out_channels=6)
    out = head(tuple(torch.randn(2, 8, 16, 24) for _ in range(4)))
    assert out.shape == (2, 6, 16, 24)
    assert set(head.state_dict()) == {'out_conv.weight', 'out_conv.bias'}
    assert head.downsample_ratio == 0.25
    with pytest.raises(ValueError, match='32 input channels'):
        head(torch.randn(1, 16, 4, 4))
    with pytest.raises(ValueError, match='out_channels'):
        PANHead(in_channels=[8], out_channels=2)


def _gt(n=2, h=32, w=48):
    """Two rectangles per image: text regions and their kernels (1/4
    scale of a (4h, 4w) input: the loss rescales by 0.25)."""
    texts = np.zeros((n, 4 * h, 4 * w), np.float32)
    kernels = np.zeros_like(texts)
    texts[:, 8:48, 8:80] = 1
    kernels[:, 20:36, 20:68] = 1
    texts[:, 70:110, 100:180] = 2
    kernels[:, 82:98, 112:168] = 2
    gt_kernels = [BitmapMasks([texts[i], kernels[i]], 4 * h, 4 * w)
                  for i in range(n)]
    gt_mask = [BitmapMasks([np.ones((4 * h, 4 * w), np.uint8)], 4 * h, 4 * w)
               for _ in range(n)]
    return gt_kernels, gt_mask


def test_pan_loss_finite_with_gradients():
    preds = torch.randn(2, 6, 32, 48, requires_grad=True)
    gt_kernels, gt_mask = _gt()
    losses = PANLoss()(preds, 0.25, gt_kernels, gt_mask)
    assert set(losses) == {'loss_text', 'loss_kernel', 'loss_aggregation',
                           'loss_discrimination'}
    total = sum(losses.values())
    assert torch.isfinite(total)
    assert all(v > 0 for v in losses.values())
    total.backward()
    grad = preds.grad
    assert torch.isfinite(grad).all()
    assert all(grad[:, c].abs().sum() > 0 for c in range(6))


def test_pan_loss_embedding_terms_match_the_paper():
    """Embeddings equal to the kernel means within delta: no aggregation
    loss; two kernel means ||.|| = 1 apart: discrimination log(1 + (3 -
    1)^2) / (2 * 1)."""
    h, w = 32, 48
    gt_kernels, gt_mask = _gt(n=1, h=h, w=w)
    preds = torch.zeros(1, 6, h, w)
    texts = torch.as_tensor(gt_kernels[0].masks[0][::4, ::4].copy())
    preds[0, 2][texts == 2] = 1.0
    loss = PANLoss(beta=1.0)
    losses = loss(preds, 0.25, gt_kernels, gt_mask)
    assert losses['loss_aggregation'].item() == pytest.approx(0.0)
    assert losses['loss_discrimination'].item() == pytest.approx(
        np.log(1 + 4) / 2, rel=1e-5)
    # Pixels 2 away from their kernel mean: log(1 + (2 - 0.5)^2) each.
    preds[0, 3][texts == 1] = 2.0
    kernels = torch.as_tensor(gt_kernels[0].masks[1][::4, ::4].copy())
    preds[0, 3][kernels == 1] = 0.0
    agg = loss(preds, 0.25, gt_kernels, gt_mask)['loss_aggregation']
    ring = ((texts == 1) & (kernels != 1)).sum() / (texts == 1).sum()
    expected = (np.log(1 + 1.5**2) * ring.item()) / 2
    assert agg.item() == pytest.approx(expected, rel=1e-4)


def test_pan_loss_bad_input():
    gt_kernels, gt_mask = _gt(n=1)
    with pytest.raises(ValueError, match=r'\(N, 6, H, W\)'):
        PANLoss()(torch.randn(1, 5, 32, 48), 0.25, gt_kernels, gt_mask)
    with pytest.raises(ValueError, match='gt_kernels has 1 entries'):
        PANLoss()(torch.randn(2, 6, 32, 48), 0.25, gt_kernels, gt_mask * 2)
    with pytest.raises(ValueError, match="reduction"):
        PANLoss(reduction='none')


def _hand_made_maps():
    """Two text regions side by side (a 1-pixel gap), one kernel each, and
    embeddings (0, 0, 0, 0) / (5, 0, 0, 0) per instance."""
    h, w = 40, 60
    big = 10.0
    preds = np.full((6, h, w), -big, np.float32)
    preds[2:] = 0
    preds[0, 5:20, 5:30] = big        # text A
    preds[0, 5:20, 31:55] = big       # text B (gap at column 30)
    preds[1, 10:15, 10:25] = big      # kernel A
    preds[1, 10:15, 36:50] = big      # kernel B
    preds[2, 5:20, 31:55] = 5.0       # B's embedding
    return preds


def test_pan_postprocessor_recovers_two_instances():
    preds = _hand_made_maps()
    post = PANPostprocessor(text_repr_type='quad', min_text_area=1)
    boundaries = post(torch.from_numpy(preds.copy()))
    assert len(boundaries) == 2
    boxes = sorted((min(b[0:8:2]), min(b[1:8:2]), max(b[0:8:2]),
                    max(b[1:8:2])) for b in boundaries)
    np.testing.assert_allclose(boxes[0], (5, 5, 29, 19), atol=0.5)
    np.testing.assert_allclose(boxes[1], (31, 5, 54, 19), atol=0.5)
    assert all(0.99 < b[-1] <= 1 for b in boundaries)


def test_pixel_group_uses_the_embedding_distance():
    """One text region, two kernels: the embedding, not the distance to the
    kernel, decides where a pixel goes."""
    h, w = 10, 30
    mask = np.zeros((h, w), bool)
    mask[2:8, 1:29] = True
    kernel_label = np.zeros((h, w), np.int32)
    kernel_label[4:6, 3:6] = 1
    kernel_label[4:6, 24:27] = 2
    emb = np.zeros((h, w, 4), np.float32)
    emb[:, 10:, 0] = 3.0  # columns 10.. look like kernel 2
    emb[4:6, 3:6, 0] = 0.0
    labels, scores, areas = pixel_group(mask.astype(np.float32), mask, emb,
                                        kernel_label, 3, 0.8)
    assert set(np.unique(labels[mask])) == {1, 2}
    assert (labels[2:8, 1:10] == 1).all()
    assert (labels[2:8, 10:29] == 2).all()
    assert (labels[~mask] == 0).all()
    assert areas[1] == 6 * 9 and areas[2] == 6 * 19
    np.testing.assert_allclose(scores[1:], 1.0)


def test_pan_postprocessor_no_text_and_bad_shape():
    post = PANPostprocessor()
    assert post(np.full((6, 16, 16), -5, np.float32)) == []
    with pytest.raises(ValueError, match='C >= 3'):
        post(np.zeros((2, 8, 8), np.float32))
    preds = torch.randn(6, 8, 8)
    before = preds.clone()
    post(preds)
    assert torch.equal(preds, before)


def test_panet_detector_trains_and_decodes():
    cfg = dict(
        type='PANet',
        backbone=dict(type='mmdet.ResNet', depth=18, base_channels=4,
                      num_stages=4, out_indices=(0, 1, 2, 3),
                      norm_cfg=dict(type='BN', requires_grad=True),
                      style='caffe'),
        neck=dict(type='FPEM_FFM', in_channels=[4, 8, 16, 32], conv_out=8),
        bbox_head=dict(type='PANHead', in_channels=[8] * 4, out_channels=6,
                       postprocessor=dict(type='PANPostprocessor',
                                          text_repr_type='quad')))
    model = build_detector(cfg)
    gt_kernels, gt_mask = _gt()
    losses = model.forward_train(torch.randn(2, 3, 128, 192), [{}] * 2,
                                 gt_kernels=gt_kernels, gt_mask=gt_mask)
    sum(losses.values()).backward()
    model.eval()
    with torch.no_grad():
        results = model.simple_test(
            torch.randn(1, 3, 128, 192),
            [dict(scale_factor=np.ones(4, np.float32))], rescale=True)
    assert len(results) == 1 and isinstance(
        results[0]['boundary_result'], list)


def test_pan_loss_without_text_is_finite():
    h, w = 16, 16
    empty = np.zeros((4 * h, 4 * w), np.float32)
    gt_kernels = [BitmapMasks([empty, empty], 4 * h, 4 * w)]
    gt_mask = [BitmapMasks([np.ones_like(empty, np.uint8)], 4 * h, 4 * w)]
    preds = torch.randn(1, 6, h, w, requires_grad=True)
    with pytest.warns(UserWarning, match='no text instance'):
        losses = PANLoss()(preds, 0.25, gt_kernels, gt_mask)
    assert losses['loss_aggregation'] == 0
    assert losses['loss_discrimination'] == 0
    total = sum(losses.values())
    assert torch.isfinite(total)
    total.backward()
    assert torch.isfinite(preds.grad).all()


def test_pan_loss_needs_two_kernel_maps():
    gt_kernels, gt_mask = _gt(n=1)
    one_map = [BitmapMasks(gt_kernels[0].masks[:1], *gt_kernels[0].masks.shape
                           [1:])]
    with pytest.raises(ValueError, match='at least 2 masks'):
        PANLoss()(torch.randn(1, 6, 32, 48), 0.25, one_map, gt_mask)
