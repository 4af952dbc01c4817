"""PSENet's neck, head, loss, postprocessor and MMOCR 0.x parameter names."""

import numpy as np
import pytest
import torch

from mmocr.core.mask import BitmapMasks, PolygonMasks
from mmocr.datasets.pipelines import Compose
from mmocr.models import build_detector
from mmocr.models.textdet.dense_heads import PSEHead
from mmocr.models.textdet.losses import PSELoss
from mmocr.models.textdet.necks import FPNF
from mmocr.models.textdet.postprocess import PSEPostprocessor
from mmocr.models.textdet.postprocess.pse_postprocessor import contour_expand
from mmocr.utils.config import Config
from mmocr.utils.scripts import load_script


@pytest.fixture(scope='module')
def bfs_reference(repo_root):
    """The plain queue-based search of benchmarks/bench_pse_postprocess.py."""
    path = repo_root / 'benchmarks' / 'bench_pse_postprocess.py'
    module = load_script(path, 'bench_pse')
    return module.bfs_reference


def _feats(n=2, channels=(4, 8, 16, 32), size=(32, 48)):
    h, w = size
    return [torch.randn(n, c, h // 2**i, w // 2**i)
            for i, c in enumerate(channels)]


def _conv_bn_keys(prefix):
    # mmcv's ConvModule(norm_cfg=BN): conv without bias, then ``bn``.
    return [f'{prefix}.conv.weight'] + [
        f'{prefix}.bn.{k}' for k in ('weight', 'bias', 'running_mean',
                                     'running_var', 'num_batches_tracked')]


def test_fpnf_shapes():
    neck = FPNF(in_channels=[4, 8, 16, 32], out_channels=8)
    assert neck(_feats()).shape == (2, 8, 32, 48)
    add = FPNF(in_channels=[4, 8, 16, 32], out_channels=8, fusion_type='add')
    assert add.output_convs.conv.in_channels == 8
    assert add(_feats(n=1)).shape == (1, 8, 32, 48)
    # odd sizes: every level is resized to the finest
    feats = [torch.randn(1, c, s, s + 1)
             for c, s in zip((4, 8, 16, 32), (25, 13, 7, 4))]
    assert neck(feats).shape == (1, 8, 25, 26)
    with pytest.raises(ValueError, match='4 feature maps'):
        neck(feats[:3])
    with pytest.raises(ValueError, match='fusion_type'):
        FPNF(fusion_type='sum')


def test_psenet_parameter_names_are_mmocr0s():
    """MMOCR 0.x's FPNF: ``lateral_convs`` (one ConvModule per level),
    ``fpn_convs`` (all levels but the coarsest), ``output_convs``; PSEHead
    (PANHead): ``out_conv``."""
    model = build_detector(dict(
        type='PSENet',
        backbone=dict(type='mmdet.ResNet', depth=18, base_channels=4,
                      num_stages=4, out_indices=(0, 1, 2, 3),
                      norm_cfg=dict(type='BN', requires_grad=True),
                      style='caffe'),
        neck=dict(type='FPNF', in_channels=[4, 8, 16, 32], out_channels=8),
        bbox_head=dict(type='PSEHead', in_channels=[8], out_channels=7)))
    expected = []
    for i in range(4):
        expected += _conv_bn_keys(f'neck.lateral_convs.{i}')
    for i in range(3):
        expected += _conv_bn_keys(f'neck.fpn_convs.{i}')
    expected += _conv_bn_keys('neck.output_convs')
    expected += ['bbox_head.out_conv.weight', 'bbox_head.out_conv.bias']
    keys = [k for k in model.state_dict() if not k.startswith('backbone.')]
    assert sorted(keys) == sorted(expected)
    state = model.state_dict()
    assert state['neck.output_convs.conv.weight'].shape == (8, 32, 3, 3)
    assert state['bbox_head.out_conv.weight'].shape == (7, 8, 1, 1)


def test_pse_head_forward_loss_and_defaults():
    head = PSEHead(in_channels=[8], out_channels=7)
    assert head.downsample_ratio == 0.25
    assert isinstance(head.loss_module, PSELoss)
    assert isinstance(head.postprocessor, PSEPostprocessor)
    assert head.postprocessor.text_repr_type == 'poly'
    out = head(torch.randn(2, 8, 32, 48))
    assert out.shape == (2, 7, 32, 48)
    gt_kernels, gt_mask = _gt(n=2, num_maps=7)
    losses = head.loss(out, gt_kernels=gt_kernels, gt_mask=gt_mask)
    assert set(losses) == {'loss_text', 'loss_kernel'}
    sum(losses.values()).backward()
    assert head.out_conv.weight.grad.abs().sum() > 0
    with pytest.warns(DeprecationWarning, match='text_repr_type'):
        old = PSEHead(in_channels=[8], out_channels=7, text_repr_type='quad')
    assert old.postprocessor.text_repr_type == 'quad'


def _gt(n=1, num_maps=3, h=32, w=48):
    """``num_maps`` nested rectangles per image (:func:`_box`), drawn at 4x
    the ``(h, w)`` map size (the loss rescales by 0.25)."""
    maps = np.zeros((num_maps, 4 * h, 4 * w), np.float32)
    for k in range(num_maps):
        y0, y1, x0, x1 = _box(k)
        maps[k, 4 * y0:4 * y1, 4 * x0:4 * x1] = 1
    gt_kernels = [BitmapMasks(maps.copy(), 4 * h, 4 * w) for _ in range(n)]
    gt_mask = [BitmapMasks([np.ones((4 * h, 4 * w), np.uint8)], 4 * h, 4 * w)
               for _ in range(n)]
    return gt_kernels, gt_mask


def _box(k):
    """Map-pixel box ``(y0, y1, x0, x1)`` of map ``k``: the text region is
    rows 2:10, columns 2:18; each kernel is one column narrower per side."""
    return 2, 10, 2 + min(k, 7), 18 - min(k, 7)


def test_pse_loss_hand_computed():
    """Text logits 1 everywhere (OHEM keeps every pixel: all negatives tie),
    kernel logits 0: dice = 1 - 2 sum(p t) / (sum(p^2) + sum(t^2))."""
    h, w = 32, 48
    gt_kernels, gt_mask = _gt(num_maps=3)
    preds = torch.zeros(1, 3, h, w)
    preds[:, 0] = 1.0
    n = h * w
    pos = [(y1 - y0) * (x1 - x0) for y0, y1, x0, x1 in map(_box, range(3))]
    assert pos == [128, 112, 96]
    s = torch.sigmoid(torch.tensor(1.0)).item()
    text_dice = 1 - 2 * s * pos[0] / (s * s * n + pos[0])
    # adaptive: the kernel loss is over the predicted text (all pixels)
    kernel_dice = np.mean([1 - 2 * 0.5 * p / (0.25 * n + p) for p in pos[1:]])
    losses = PSELoss()(preds, 0.25, gt_kernels, gt_mask)
    assert losses['loss_text'].item() == pytest.approx(0.7 * text_dice,
                                                       rel=1e-4)
    assert losses['loss_kernel'].item() == pytest.approx(0.3 * kernel_dice,
                                                         rel=1e-4)
    # hard: over the gt text only
    hard = PSELoss(kernel_sample_type='hard', alpha=0.5)(
        preds, 0.25, gt_kernels, gt_mask)
    kernel_dice = np.mean([1 - 2 * 0.5 * p / (0.25 * pos[0] + p)
                           for p in pos[1:]])
    assert hard['loss_kernel'].item() == pytest.approx(0.5 * kernel_dice,
                                                       rel=1e-4)


def test_pse_loss_without_text_is_finite():
    h, w = 16, 16
    empty = np.zeros((7, 4 * h, 4 * w), np.float32)
    gt_kernels = [BitmapMasks(empty, 4 * h, 4 * w)]
    gt_mask = [BitmapMasks([np.ones((4 * h, 4 * w), np.uint8)], 4 * h, 4 * w)]
    preds = torch.randn(1, 7, h, w, requires_grad=True)
    losses = PSELoss()(preds, 0.25, gt_kernels, gt_mask)
    total = sum(losses.values())
    assert torch.isfinite(total) and losses['loss_text'] > 0
    total.backward()
    assert torch.isfinite(preds.grad).all()


def test_pse_loss_wrong_kernel_count_is_one_clear_error():
    gt_kernels, gt_mask = _gt(num_maps=3)
    with pytest.raises(ValueError, match=r'predicts 7 maps .* holds 3 .*'
                       r'out_channels equal to len\(shrink_ratio\)'):
        PSELoss()(torch.zeros(1, 7, 32, 48), 0.25, gt_kernels, gt_mask)
    with pytest.raises(ValueError, match='kernel_sample_type'):
        PSELoss(kernel_sample_type='soft')
    with pytest.raises(ValueError, match='reduction'):
        PSELoss(reduction='none')


@pytest.mark.parametrize('out_channels', [5, 8])
def test_wrong_kernel_count_in_the_toy_config(repo_root, out_channels):
    # the head's channels and the targets' shrink ratios live in two parts of
    # the config: the first training step names both
    cfg = Config.fromfile(str(
        repo_root / 'configs/textdet/psenet/psenet_r50_fpnf_toy.py'))
    cfg.model.bbox_head.out_channels = out_channels
    model = build_detector(cfg.model)
    targets = [step for step in cfg.train_pipeline
               if step['type'] == 'PSENetTargets']
    assert len(targets) == 1
    h, w = 64, 96
    rect = np.array([10, 10, 80, 10, 80, 40, 10, 40], np.float64)
    results = Compose(targets)(dict(
        img_shape=(h, w, 3), gt_masks=PolygonMasks([[rect]], h, w),
        gt_masks_ignore=PolygonMasks([], h, w), mask_fields=[],
        bbox_fields=[]))
    with pytest.raises(ValueError, match=(
            rf'PSELoss: the head predicts {out_channels} maps \(text \+ '
            rf'{out_channels - 1} kernels\) but gt_kernels\[0\] holds 7 \(one '
            r'per PSENetTargets shrink_ratio\): make bbox_head.out_channels '
            r'equal to len\(shrink_ratio\)')):
        model.forward_train(torch.randn(1, 3, h, w), [{}],
                            gt_kernels=[results['gt_kernels']],
                            gt_mask=[results['gt_mask']])


def _maps(h=25, w=60):
    """Logits of one connected text region (rows 5:20, columns 5:55) with
    two medium and two small kernels, left and right."""
    big = 10.0
    preds = np.full((3, h, w), -big, np.float32)
    preds[0, 5:20, 5:55] = big
    preds[1, 8:17, 8:28] = big
    preds[1, 8:17, 32:52] = big
    preds[2, 11:14, 12:24] = big
    preds[2, 11:14, 36:48] = big
    return preds


def test_pse_postprocessor_splits_touching_text(bfs_reference):
    preds = _maps()
    post = PSEPostprocessor(text_repr_type='quad', min_text_area=1)
    boundaries = post(torch.from_numpy(preds.copy()))
    assert len(boundaries) == 2
    boxes = sorted((min(b[0:8:2]), max(b[0:8:2])) for b in boundaries)
    assert boxes[0][0] == pytest.approx(5, abs=0.5)
    assert boxes[1][1] == pytest.approx(54, abs=0.5)
    assert 28 <= boxes[0][1] <= 31 and 28 <= boxes[1][0] <= 31
    assert all(0.99 < b[-1] <= 1 for b in boundaries)
    masks = (preds > 0).astype(np.uint8)
    masks &= masks[0]
    seeds = np.zeros(masks.shape[1:], np.int32)
    seeds[11:14, 12:24] = 1
    seeds[11:14, 36:48] = 2
    labels = contour_expand(masks, seeds, 0, 3)
    np.testing.assert_array_equal(labels, bfs_reference(masks, seeds, 0, 3))
    assert ((labels > 0) == (masks[0] > 0)).all()
    assert (labels[:, :29] != 2).all() and (labels[:, 31:] != 1).all()


def test_contour_expand_equals_the_queue_search(bfs_reference):
    """Random ragged maps: same labels as the FIFO search, including who
    wins contested pixels and the restart from non-expanding pixels."""
    rng = np.random.default_rng(0)
    for _ in range(40):
        h, w = rng.integers(4, 24, 2)
        num_maps = int(rng.integers(2, 6))
        masks = (rng.random((num_maps, h, w)) < rng.uniform(0.4, 0.95)
                 ).astype(np.uint8)
        masks[-1] = rng.random((h, w)) < 0.15
        masks &= masks[0]
        seeds = np.zeros((h, w), np.int32)
        ys, xs = np.nonzero(masks[-1])
        seeds[ys, xs] = rng.integers(1, 5, ys.size)
        min_area = int(rng.integers(0, 3))
        np.testing.assert_array_equal(
            contour_expand(masks, seeds, min_area, 5),
            bfs_reference(masks, seeds, min_area, 5))


def test_min_kernel_area_drops_small_seeds():
    masks = np.ones((2, 5, 10), np.uint8)
    seeds = np.zeros((5, 10), np.int32)
    seeds[2, 1] = 1
    seeds[2, 6:9] = 2
    labels = contour_expand(masks, seeds, 2, 3)
    assert (labels == 2).all()


def test_pse_postprocessor_no_text_and_bad_input():
    post = PSEPostprocessor()
    assert post(np.full((7, 16, 16), -5, np.float32)) == []
    # text but no kernel: nothing to grow from
    preds = np.full((7, 16, 16), -5, np.float32)
    preds[0] = 5
    assert post(preds) == []
    with pytest.raises(ValueError, match='K >= 2'):
        post(np.zeros((1, 8, 8), np.float32))
    with pytest.raises(ValueError, match='min_kernel_confidence'):
        PSEPostprocessor(min_kernel_confidence=1.5)
    with pytest.raises(ValueError, match='min_text_area'):
        PSEPostprocessor(min_text_area=1.5)
    tensor = torch.randn(7, 8, 8)
    before = tensor.clone()
    post(tensor)
    assert torch.equal(tensor, before)


def test_psenet_detector_trains_and_decodes():
    model = build_detector(dict(
        type='PSENet',
        backbone=dict(type='mmdet.ResNet', depth=18, base_channels=4,
                      num_stages=4, out_indices=(0, 1, 2, 3),
                      norm_cfg=dict(type='BN', requires_grad=True),
                      style='caffe'),
        neck=dict(type='FPNF', in_channels=[4, 8, 16, 32], out_channels=8),
        bbox_head=dict(type='PSEHead', in_channels=[8], out_channels=3,
                       postprocessor=dict(type='PSEPostprocessor',
                                          text_repr_type='quad'))))
    gt_kernels, gt_mask = _gt(n=2, num_maps=3)
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
