import math

import pytest
import torch
import torch.nn.functional as F

from mmocr.models import build_loss


def test_dice_loss_hand_computed():
    loss = build_loss(dict(type='DiceLoss'))
    pred = torch.tensor([[0.5, 1.0, 0.0, 0.5]])
    target = torch.tensor([[1.0, 1.0, 0.0, 0.0]])
    # intersection 1.5, |P| = 2, |T| = 2 -> 1 - 3 / 4
    assert loss(pred, target).item() == pytest.approx(0.25, abs=1e-5)
    mask = torch.tensor([[1.0, 1.0, 1.0, 0.0]])
    # masked: P = [.5, 1, 0], T = [1, 1, 0] -> 1 - 3 / 3.5
    assert loss(pred, target, mask).item() == pytest.approx(1 - 3 / 3.5,
                                                            abs=1e-5)


def test_dice_loss_rejects_shape_mismatch_and_int_eps():
    with pytest.raises(TypeError):
        build_loss(dict(type='DiceLoss', eps=1))
    with pytest.raises(ValueError, match='shape'):
        build_loss(dict(type='DiceLoss'))(torch.rand(2, 3), torch.rand(2, 4))


def test_focal_loss_hand_computed():
    loss = build_loss(dict(type='FocalLoss', gamma=2))
    logits = torch.tensor([[math.log(3.0), 0.0], [0.0, 0.0]])
    target = torch.tensor([0, 1])
    # p_t = 0.75 and 0.5
    expected = -((0.25**2) * math.log(0.75) + (0.5**2) * math.log(0.5)) / 2
    assert loss(logits, target).item() == pytest.approx(expected, rel=1e-5)


def test_focal_loss_gamma0_equals_cross_entropy_with_ignore():
    logits = torch.randn(6, 4)
    target = torch.tensor([0, 1, 2, 3, -100, 1])
    weight = [1.0, 2.0, 0.5, 1.0]
    loss = build_loss(dict(type='FocalLoss', gamma=0, weight=weight))
    expected = F.cross_entropy(logits, target, weight=torch.tensor(weight),
                               ignore_index=-100)
    assert loss(logits, target).item() == pytest.approx(expected.item(),
                                                        rel=1e-5)
