"""TextSnake's neck, head, loss, postprocessor (and its helpers) and MMOCR
0.x parameter names."""

import numpy as np
import pytest
import torch

from mmocr.core.mask import BitmapMasks, PolygonMasks
from mmocr.datasets.pipelines import TextSnakeTargets
from mmocr.models import build_detector
from mmocr.models.textdet.dense_heads import TextSnakeHead
from mmocr.models.textdet.detectors import SingleStageTextDetector, TextSnake
from mmocr.models.textdet.losses import TextSnakeLoss
from mmocr.models.textdet.necks import FPN_UNet
from mmocr.models.textdet.postprocess import (
    TextSnakePostprocessor,
    centralize,
    merge_disks,
    skeletonize,
)
from mmocr.registry import DETECTORS
from mmocr.utils import Config
from mmocr.utils.errors import InvalidValueError
from mmocr.utils.polygon_utils import boundary_iou
from mmocr.utils.scripts import load_script

FIELDS = ('gt_text_mask', 'gt_center_region_mask', 'gt_mask',
          'gt_radius_map', 'gt_sin_map', 'gt_cos_map')


@pytest.fixture(scope='module')
def bench(repo_root):
    """benchmarks/bench_textsnake_postprocess.py (the naive reference)."""
    path = repo_root / 'benchmarks' / 'bench_textsnake_postprocess.py'
    return load_script(path, 'bench_textsnake')


def _feats(n=1, channels=(4, 8, 16, 32), size=(32, 64)):
    h, w = size
    return [torch.randn(n, c, h // 2**(i + 2), w // 2**(i + 2))
            for i, c in enumerate(channels)]


def _up_block(prefix):
    return [f'{prefix}.{m}.{p}' for m in ('conv1x1', 'conv3x3', 'deconv')
            for p in ('weight', 'bias')]


# MMOCR 0.x's FPN_UNet(in_channels=[256, 512, 1024, 2048], out_channels=32)
# (configs/_base_/det_models/textsnake_r50_fpn_unet.py): block i outputs
# min(32 * 2**(i - 1), 256) channels, takes c_{i+1} + the block above.
NECK_0X_SHAPES = {
    'up4.weight': (2048, 256, 4, 4), 'up4.bias': (256, ),
    'up_block3.conv1x1.weight': (1280, 1280, 1, 1),
    'up_block3.conv3x3.weight': (128, 1280, 3, 3),
    'up_block3.deconv.weight': (128, 128, 4, 4),
    'up_block2.conv1x1.weight': (640, 640, 1, 1),
    'up_block2.conv3x3.weight': (64, 640, 3, 3),
    'up_block1.conv1x1.weight': (320, 320, 1, 1),
    'up_block1.conv3x3.weight': (32, 320, 3, 3),
    'up_block0.conv1x1.weight': (32, 32, 1, 1),
    'up_block0.conv3x3.weight': (32, 32, 3, 3),
    'up_block0.deconv.weight': (32, 32, 4, 4),
}


def test_fpn_unet_0x_state_dict_and_shapes():
    neck = FPN_UNet([256, 512, 1024, 2048], 32)
    state = neck.state_dict()
    assert list(state) == ['up4.weight', 'up4.bias'] + [
        k for i in (3, 2, 1, 0) for k in _up_block(f'up_block{i}')]
    for key, shape in NECK_0X_SHAPES.items():
        assert tuple(state[key].shape) == shape, key
    # Xavier-uniform, zero bias (convs and transposed convs)
    assert not state['up_block0.deconv.bias'].any()
    bound = np.sqrt(6 / (32 * 16 + 32 * 16))
    assert state['up_block0.deconv.weight'].abs().max() <= bound


def test_fpn_unet_output_has_the_input_size():
    out = FPN_UNet([4, 8, 16, 32], 4)(_feats(2))
    assert out.shape == (2, 4, 32, 64)
    with pytest.raises(InvalidValueError, match='4 positive ints'):
        FPN_UNet([4, 8, 16], 4)
    with pytest.raises(InvalidValueError, match='out_channels'):
        FPN_UNet([4, 8, 16, 32], 0)
    with pytest.raises(InvalidValueError, match='4 maps'):
        FPN_UNet([4, 8, 16, 32], 4)(_feats()[:3])


def test_head_0x_state_dict_output_and_deprecated_args():
    head = TextSnakeHead(in_channels=32)
    assert list(head.state_dict()) == ['out_conv.weight', 'out_conv.bias']
    assert head.out_conv.weight.shape == (5, 32, 1, 1)
    assert head.downsample_ratio == 1.0
    assert isinstance(head.loss_module, TextSnakeLoss)
    assert isinstance(head.postprocessor, TextSnakePostprocessor)
    assert head(torch.randn(2, 32, 8, 12)).shape == (2, 5, 8, 12)
    with pytest.warns(DeprecationWarning, match='text_repr_type'):
        TextSnakeHead(in_channels=4, text_repr_type='poly')
    with pytest.raises(InvalidValueError, match='in_channels'):
        TextSnakeHead(in_channels=0)
    with pytest.raises(InvalidValueError, match=r'\(N, 32, H, W\)'):
        head(torch.randn(1, 8, 4, 4))


def test_textsnake_is_a_name_of_the_single_stage_detector(repo_root):
    assert DETECTORS.get('TextSnake') is SingleStageTextDetector is TextSnake
    cfg = Config.fromfile(str(
        repo_root / 'configs/textdet/textsnake/'
        'textsnake_r50_fpn_unet_1200e_ctw1500.py'))
    cfg.model.backbone.init_cfg = None
    model = build_detector(cfg.model)
    state = model.state_dict()
    for key, shape in NECK_0X_SHAPES.items():
        assert tuple(state[f'neck.{key}'].shape) == shape
    assert tuple(state['bbox_head.out_conv.weight'].shape) == (5, 32, 1, 1)
    assert not [k for k in state if k.startswith('bbox_head.')
                and not k.startswith('bbox_head.out_conv.')]


def _targets(polys, h=64, w=96):
    results = dict(img_shape=(h, w, 3), mask_fields=[],
                   gt_masks=PolygonMasks([[np.asarray(p, float)]
                                          for p in polys], h, w))
    return TextSnakeTargets()(results)


def _gt_lists(results_list):
    return {k: [r[k] for r in results_list] for k in FIELDS}


def test_loss_hand_computed_on_a_tiny_map():
    # 1 x 2 x 2 map: one text pixel (also center), three background.
    pred = torch.zeros(1, 5, 2, 2)
    pred[0, 0] = torch.tensor([[2., -1], [0, 1]])   # text logits
    pred[0, 1] = torch.tensor([[1., 0], [0, 0]])    # center logits
    pred[0, 2, 0, 0], pred[0, 3, 0, 0] = 0.6, 0.8   # unit already
    pred[0, 4, 0, 0] = 4.0                           # radius
    one = lambda a: [BitmapMasks([np.array(a, np.float32)], 2, 2)]  # noqa
    gt = dict(gt_text_mask=one([[1, 0], [0, 0]]),
              gt_center_region_mask=one([[1, 0], [0, 0]]),
              gt_mask=one([[1, 1], [1, 1]]),
              gt_radius_map=one([[5, 0], [0, 0]]),
              gt_sin_map=one([[0.6, 0], [0, 0]]),
              gt_cos_map=one([[0.8, 0], [0, 0]]))
    losses = TextSnakeLoss()(pred, 1.0, **gt)

    def bce(x, y):
        p = 1 / (1 + np.exp(-x))
        return -(y * np.log(p) + (1 - y) * np.log(1 - p))

    # OHEM: 1 positive, min(3, 3) negatives (all)
    text = (bce(2, 1) + bce(-1, 0) + bce(0, 0) + bce(1, 0)) / (4 + 1e-5)
    assert losses['loss_text'].item() == pytest.approx(text, rel=1e-5)
    assert losses['loss_center'].item() == pytest.approx(bce(1, 1), rel=1e-5)
    ratio = 4 / 5.01
    assert losses['loss_radius'].item() == pytest.approx(
        0.5 * (1 - ratio)**2, rel=1e-4)
    assert losses['loss_sin'].item() == pytest.approx(0, abs=1e-6)
    assert losses['loss_cos'].item() == pytest.approx(0, abs=1e-6)


def test_orientation_norm_term_hand_computed_and_off_by_default():
    # 1 x 1 x 2 map, both pixels text and center; raw (sin, cos) = (3, 4)
    # and (0.3, 0.4): lengths 5 and 0.5, the same direction as the target.
    pred = torch.zeros(1, 5, 1, 2)
    pred[0, 2], pred[0, 3] = torch.tensor([[3., 0.3]]), torch.tensor([[4., 0.4]])
    pred[0, 4] = 1.0
    one = lambda a: [BitmapMasks([np.array(a, np.float32)], 1, 2)]  # noqa
    gt = dict(gt_text_mask=one([[1, 1]]), gt_center_region_mask=one([[1, 1]]),
              gt_mask=one([[1, 1]]), gt_radius_map=one([[1, 1]]),
              gt_sin_map=one([[0.6, 0.6]]), gt_cos_map=one([[0.8, 0.8]]))
    plain = TextSnakeLoss()(pred, 1.0, **gt)
    assert 'loss_orient_norm' not in plain          # MMOCR 0.x's keys
    losses = TextSnakeLoss(orientation_norm_weight=0.1)(
        pred.clone().requires_grad_(), 1.0, **gt)
    assert losses['loss_orient_norm'].item() == pytest.approx(
        0.1 * ((5 - 1)**2 + (0.5 - 1)**2) / 2, rel=1e-5)
    for key in plain:                                # the rest unchanged
        assert losses[key].item() == pytest.approx(plain[key].item())
    # its gradient pulls both raw vectors toward unit length, along them
    raw = pred.clone().requires_grad_()
    TextSnakeLoss(orientation_norm_weight=0.1)(
        raw, 1.0, **gt)['loss_orient_norm'].backward()
    step = -raw.grad[0, 2:4, 0]                      # (2, pixels)
    assert (step[:, 0] * torch.tensor([3., 4.])).sum() < 0    # shrinks
    assert (step[:, 1] * torch.tensor([.3, .4])).sum() > 0    # grows
    assert repr(TextSnakeLoss(orientation_norm_weight=0.1)).endswith(
        'orientation_norm_weight=0.1)')


@pytest.mark.parametrize('kwargs', [dict(orientation_norm_weight=-0.1),
                                    dict(orientation_norm_weight=True),
                                    dict(orientation_norm_weight='0.1'),
                                    dict(ohem_ratio=0), dict(ohem_ratio=None)])
def test_loss_arguments_checked(kwargs):
    key = next(iter(kwargs))
    with pytest.raises(AssertionError, match=f'TextSnakeLoss: {key}'):
        TextSnakeLoss(**kwargs)


def test_loss_without_text_keeps_100_hardest_negatives():
    pred = torch.zeros(1, 5, 20, 20)
    pred[0, 0, 0, :] = 5.0   # 20 confident false positives
    pred.requires_grad_()
    zeros = [BitmapMasks([np.zeros((20, 20), np.float32)], 20, 20)]
    ones = [BitmapMasks([np.ones((20, 20), np.float32)], 20, 20)]
    losses = TextSnakeLoss()(pred, 1.0, zeros, zeros, ones, zeros, zeros,
                             zeros)
    hard = np.log1p(np.exp(5.0))
    expected = (20 * hard + 80 * np.log(2)) / (100 + 1e-5)
    assert losses['loss_text'].item() == pytest.approx(expected, rel=1e-5)
    for key in ('loss_center', 'loss_radius', 'loss_sin', 'loss_cos'):
        assert losses[key].item() == 0
        assert losses[key].requires_grad


def test_loss_decreases_on_a_toy_batch():
    torch.manual_seed(0)
    gts = _gt_lists([_targets([[10, 10, 80, 10, 80, 30, 10, 30]]),
                     _targets([[5, 30, 40, 20, 80, 35, 80, 55, 40, 40,
                                5, 50]])])
    head = TextSnakeHead(in_channels=8)
    feats = torch.randn(2, 8, 64, 96)
    optim = torch.optim.Adam(head.parameters(), lr=0.1)
    history = []
    for _ in range(15):
        losses = head.loss(head(feats), **gts)
        total = sum(losses.values())
        optim.zero_grad()
        total.backward()
        optim.step()
        history.append(total.item())
    assert history[-1] < 0.7 * history[0]


def test_loss_rescales_targets_and_radius_with_the_downsample_ratio():
    gts = _gt_lists([_targets([[10, 10, 80, 10, 80, 30, 10, 30]])])
    pred = torch.zeros(1, 5, 32, 48)
    pred[:, 4] = 5.0  # half of the radius 10 at full size
    losses = TextSnakeLoss()(pred, 0.5, **gts)
    assert losses['loss_radius'].item() == pytest.approx(0, abs=2e-3)
    with pytest.raises(InvalidValueError, match=r'\(N, 5, H, W\)'):
        TextSnakeLoss()(torch.zeros(1, 4, 2, 2), 1.0, *[[]] * 6)
    with pytest.raises(InvalidValueError, match='gt_text_mask has 1 entries '
                       'for a batch of 2'):
        TextSnakeLoss()(torch.zeros(2, 5, 32, 48), 1.0, **gts)


def _maps_of(results, logit=6.0):
    g = {k: results[k].masks[0].astype(np.float32) for k in FIELDS}
    return np.stack([2 * logit * g['gt_text_mask'] - logit,
                     2 * logit * g['gt_center_region_mask'] - logit,
                     g['gt_sin_map'], g['gt_cos_map'], g['gt_radius_map']])


def test_postprocessor_recovers_straight_and_curved_texts():
    xs = np.linspace(10, 150, 7)
    mid = 60 + 15 * np.sin(np.linspace(0, np.pi, 7))
    curved = np.concatenate([np.stack([xs, mid - 10], 1),
                             np.stack([xs, mid + 10], 1)[::-1]]).reshape(-1)
    box = np.array([20, 8, 140, 8, 140, 32, 20, 32], float)
    maps = _maps_of(_targets([box, curved], h=112, w=160))
    boundaries = TextSnakePostprocessor()(torch.from_numpy(maps))
    assert len(boundaries) == 2
    for gt in (box, curved):
        best = max(boundary_iou(np.array(b[:-1]), gt) for b in boundaries)
        assert best > 0.75
    for b in boundaries:
        assert len(b) % 2 == 1 and len(b) > 9
        # mean text score in the disks' union (a little beyond the text)
        assert 0.85 < b[-1] < 1


def test_postprocessor_empty_and_degenerate_maps():
    pp = TextSnakePostprocessor()
    assert pp(np.full((5, 16, 16), -10, np.float32)) == []
    # a center region but zero radius and zero direction everywhere: no
    # disks (0.x's walk would never end on a zero step)
    maps = np.zeros((5, 40, 40), np.float32)
    maps[:2] = -10
    maps[:2, 10:30, 5:35] = 10
    assert pp(maps) == []
    with pytest.raises(InvalidValueError, match=r'\(5, H, W\)'):
        pp(np.zeros((4, 8, 8), np.float32))
    with pytest.raises(InvalidValueError, match="'poly' only"):
        TextSnakePostprocessor(text_repr_type='quad')


def test_postprocessor_matches_the_naive_reference(bench):
    maps = bench.synthetic_maps(96, 192, 4, seed=1)
    pp = TextSnakePostprocessor()
    ours, ref = pp(maps), bench.postprocess_reference(maps, pp)
    assert len(ours) == 4
    assert bench.same_boundaries(ours, ref)


def test_skeletonize_bar_and_reference(bench):
    bar = np.zeros((9, 20), np.uint8)
    bar[3:6, 2:18] = 1
    skel = skeletonize(bar)
    assert skel.dtype == bool and skel.sum() > 0
    assert set(np.nonzero(skel)[0]) == {4}  # the middle row
    rng = np.random.default_rng(0)
    for _ in range(3):
        blob = np.zeros((30, 40), np.uint8)
        for y, x, r in rng.integers(5, 25, (4, 3)):
            blob[max(y - r // 3, 0):y + r // 3, max(x - r // 2, 0):x + r] = 1
        np.testing.assert_array_equal(skeletonize(blob),
                                      bench.skeletonize_reference(blob))
    with pytest.raises(InvalidValueError):
        skeletonize(np.zeros((2, 2, 2)))


def test_centralize_walks_to_the_middle():
    mask = np.zeros((20, 10), np.uint8)
    mask[4:15, :] = 1  # rows 4..14: middle row 9
    points = np.array([[5, 3], [13, 6], [9, 2]])
    # normal (dy, dx) = (1, 0): along the columns
    out = centralize(points, np.ones(3), np.zeros(3), np.full(3, 10.0), mask)
    np.testing.assert_array_equal(out[:, 1], points[:, 1])
    assert np.all(np.abs(out[:, 0] - 9) <= 1)
    # a zero step leaves the point where it is
    still = centralize(points, np.zeros(3), np.zeros(3), np.ones(3), mask)
    np.testing.assert_array_equal(still, points)


def test_merge_disks_greedy_by_score():
    disks = np.array([[0., 0, 10, 0.5],     # absorbed by the best
                      [0.3, 0, 10, 0.9],    # best
                      [50, 50, 10, 0.7],    # alone
                      [50.2, 50, 10, 0.6]])  # absorbed by the third
    out = merge_disks(disks, 0.03)  # threshold (10 + 10) * 0.03 = 0.6
    np.testing.assert_allclose(out, [[0.15, 0, 10, 0.7],
                                     [50.1, 50, 10, 0.65]])
    np.testing.assert_allclose(merge_disks(disks, 0.001), disks[[1, 2, 3, 0]])
    assert merge_disks(np.zeros((0, 4)), 0.03).shape == (0, 4)


def test_merge_disks_equals_the_one_at_a_time_loop(bench):
    rng = np.random.default_rng(0)
    for _ in range(40):
        n = int(rng.integers(1, 200))
        disks = np.column_stack([rng.integers(0, 25, (n, 2)),
                                 rng.uniform(1, 10, n), rng.uniform(0, 1, n)])
        thr = float(rng.choice([0.03, 0.3, 1.0]))
        np.testing.assert_allclose(merge_disks(disks, thr),
                                   bench.merge_disks_reference(disks, thr))
