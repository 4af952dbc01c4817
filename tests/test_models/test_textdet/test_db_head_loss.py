import numpy as np
import pytest
import torch

from mmocr.core.mask import BitmapMasks
from mmocr.models import build_head, build_loss
from mmocr.utils.errors import InvalidTypeError, InvalidValueError


def _gts(batch=2, size=16):
    shrink = np.zeros((1, size, size), np.uint8)
    shrink[0, 4:10, 3:12] = 1
    thr = np.full((1, size, size), 0.3, np.float32)
    thr[0, 2:12, 1:14] = 0.7
    thr_mask = np.zeros((1, size, size), np.uint8)
    thr_mask[0, 2:12, 1:14] = 1
    ones = np.ones((1, size, size), np.uint8)

    def bm(arr):
        return [BitmapMasks(arr.copy(), size, size) for _ in range(batch)]

    return dict(gt_shrink=bm(shrink), gt_shrink_mask=bm(ones),
                gt_thr=bm(thr), gt_thr_mask=bm(thr_mask))


def test_db_head_output_maps():
    head = build_head(dict(type='DBHead', in_channels=16))
    out = head(torch.rand(2, 16, 8, 12))
    assert out.shape == (2, 3, 32, 48)
    prob, thr, binary = out[:, 0], out[:, 1], out[:, 2]
    assert torch.all((out >= 0) & (out <= 1))
    assert torch.allclose(binary, torch.sigmoid(50 * (prob - thr)))
    assert type(head.postprocessor).__name__ == 'DBPostprocessor'
    assert head.postprocessor.text_repr_type == 'quad'


def test_db_head_state_dict_keys_match_mmocr():
    keys = set(build_head(dict(type='DBHead', in_channels=16)).state_dict())
    for key in ('binarize.0.weight', 'binarize.1.running_mean',
                'binarize.3.weight', 'binarize.6.bias', 'threshold.0.weight',
                'threshold.6.weight'):
        assert key in keys


def test_db_head_deprecated_and_unknown_arguments():
    with pytest.warns(DeprecationWarning):
        head = build_head(dict(type='DBHead', in_channels=16,
                               text_repr_type='poly'))
    assert head.postprocessor.text_repr_type == 'poly'
    with pytest.raises(TypeError, match="unknown argument 'foo'"):
        build_head(dict(type='DBHead', in_channels=16, foo=1))
    with pytest.raises(ValueError, match='divisible by 4'):
        build_head(dict(type='DBHead', in_channels=10))


def test_db_loss_hand_computed_terms():
    loss = build_loss(dict(type='DBLoss', alpha=5.0, beta=10.0,
                           bbce_loss=True))
    # 1 x 1 x 4 map: gt shrink [1, 0, 0, 0]; negative_ratio 3 keeps all
    # three negatives.
    prob = torch.tensor([0.5, 0.5, 0.25, 0.5]).view(1, 1, 1, 4)
    thr = torch.tensor([0.5, 0.3, 0.3, 0.9]).view(1, 1, 1, 4)
    binary = torch.tensor([1.0, 0.0, 0.0, 0.0]).view(1, 1, 1, 4)
    preds = torch.cat([prob, thr, binary], dim=1)
    gts = dict(gt_shrink=[np.array([[[1, 0, 0, 0]]])],
               gt_shrink_mask=[np.ones((1, 1, 4))],
               gt_thr=[np.array([[[0.7, 0.3, 0.3, 0.3]]])],
               gt_thr_mask=[np.array([[[1, 1, 0, 0]]])])
    out = loss(preds, 1.0, **gts)
    bce = -(np.log(0.5) + np.log(0.5) + np.log(0.75) + np.log(0.5)) / 4
    assert out['loss_prob'].item() == pytest.approx(5 * bce, rel=1e-4)
    assert out['loss_db'].item() == pytest.approx(0.0, abs=1e-5)
    assert out['loss_thr'].item() == pytest.approx(10 * 0.2 / 2, rel=1e-4)


def test_db_loss_hard_negative_mining_keeps_hardest():
    loss = build_loss(dict(type='DBLoss', negative_ratio=1.0))
    pred = torch.tensor([[0.5, 0.9, 0.1, 0.1]])
    gt = torch.tensor([[1.0, 0.0, 0.0, 0.0]])
    mask = torch.ones_like(gt)
    # one positive -> only the hardest negative (0.9) is kept
    expected = -(np.log(0.5) + np.log(0.1)) / 2
    assert loss.balance_bce_loss(pred, gt, mask).item() == pytest.approx(
        expected, rel=1e-4)


def test_db_loss_pads_and_downsamples_masks():
    loss = build_loss(dict(type='DBLoss'))
    gts = _gts(batch=1, size=16)
    out = loss(torch.rand(1, 3, 20, 24), 1.0, **gts)
    assert set(out) == {'loss_prob', 'loss_db', 'loss_thr'}
    half = loss(torch.rand(1, 3, 8, 8), 0.5, **gts)
    assert all(torch.isfinite(v) for v in half.values())
    with pytest.raises(ValueError, match='larger than the prediction'):
        loss(torch.rand(1, 3, 8, 8), 1.0, **gts)
    with pytest.raises(ValueError, match='2 images'):
        loss(torch.rand(2, 3, 16, 16), 1.0, **gts)


def test_db_loss_decreases_when_overfitting():
    torch.manual_seed(0)
    head = build_head(dict(
        type='DBHead', in_channels=16,
        loss=dict(type='DBLoss', alpha=5.0, beta=10.0, bbce_loss=True)))
    feats = torch.rand(2, 16, 4, 4)
    gts = _gts(batch=2, size=16)
    optim = torch.optim.Adam(head.parameters(), lr=1e-2)
    totals = []
    for _ in range(20):
        losses = head.loss(head(feats), **gts)
        total = sum(losses.values())
        optim.zero_grad()
        total.backward()
        optim.step()
        totals.append(total.item())
    assert totals[-1] < 0.7 * totals[0]
    assert all(b < a for a, b in zip(totals, totals[1:]))


# Every text detection loss checks its targets through one rule
# (``check_gt_batch``); the error names the loss and the field.
_LOSS_FIELDS = [
    ('DBLoss', 3, ['gt_shrink', 'gt_shrink_mask', 'gt_thr', 'gt_thr_mask']),
    ('TextSnakeLoss', 5, ['gt_text_mask', 'gt_center_region_mask', 'gt_mask',
                          'gt_radius_map', 'gt_sin_map', 'gt_cos_map']),
    ('DRRGLoss', 6, ['gt_text_mask', 'gt_center_region_mask', 'gt_mask',
                     'gt_top_height_map', 'gt_bot_height_map', 'gt_sin_map',
                     'gt_cos_map']),
    ('PANLoss', 6, ['gt_kernels', 'gt_mask']),
    ('PSELoss', 7, ['gt_kernels', 'gt_mask']),
    ('EASTLoss', 6, ['gt_score', 'gt_geo', 'gt_mask']),
]


def _loss_call(name, channels, fields, batch_entries, ratio):
    maps = torch.zeros(2, channels, 8, 8)
    preds = ((maps, (torch.zeros(4, 2), torch.zeros(2, 2)))
             if name == 'DRRGLoss' else maps)
    gts = {f: [np.zeros((8, 8), np.float32)] * batch_entries for f in fields}
    return build_loss(dict(type=name))(preds, ratio, **gts)


@pytest.mark.parametrize('name,channels,fields', _LOSS_FIELDS)
def test_det_losses_check_targets_one_way(name, channels, fields):
    with pytest.raises(InvalidTypeError,
                       match=f'{name}: downsample_ratio must be a float'):
        _loss_call(name, channels, fields, 2, 1)
    with pytest.raises(InvalidValueError,
                       match=f'{name}: {fields[0]} has 1 entries for a batch '
                             'of 2 images'):
        _loss_call(name, channels, fields, 1, 1.0)
