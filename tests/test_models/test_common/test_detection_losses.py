"""mmdet's CrossEntropyLoss (softmax, sigmoid, mask), L1Loss and
SmoothL1Loss: hand-computed values."""
import math

import pytest
import torch

from mmocr.models.builder import build_loss
from mmocr.utils.errors import InvalidValueError


def test_softmax_cross_entropy_with_weights_and_avg_factor():
    loss = build_loss(dict(type='CrossEntropyLoss', loss_weight=2.0))
    logits = torch.zeros(3, 2)
    labels = torch.tensor([0, 1, 1])
    assert torch.isclose(loss(logits, labels), torch.tensor(2 * math.log(2)))
    weight = torch.tensor([1., 0., 1.])
    assert torch.isclose(loss(logits, labels, weight, avg_factor=4),
                         torch.tensor(2 * 2 * math.log(2) / 4))
    per_sample = loss(logits, labels, reduction_override='none')
    assert per_sample.shape == (3,)


def test_sigmoid_cross_entropy_expands_labels_background_is_all_zero():
    loss = build_loss(dict(type='CrossEntropyLoss', use_sigmoid=True))
    logits = torch.tensor([[0.], [2.]])
    # label 0 -> target 1; label 1 (= num classes: background) -> target 0
    value = loss(logits, torch.tensor([0, 1]), torch.ones(2), avg_factor=2)
    expected = (math.log(2) + math.log(1 + math.exp(2))) / 2
    assert torch.isclose(value, torch.tensor(expected), atol=1e-6)


def test_mask_cross_entropy_uses_each_rois_class_channel():
    loss = build_loss(dict(type='CrossEntropyLoss', use_mask=True))
    pred = torch.zeros(2, 3, 4, 4)
    pred[0, 1] = 10.  # RoI 0's own class (1) is confidently "mask"
    targets = torch.ones(2, 4, 4)
    value = loss(pred, targets, torch.tensor([1, 2]))
    expected = (math.log(1 + math.exp(-10)) + math.log(2)) / 2
    assert value.shape == (1,)
    assert torch.isclose(value[0], torch.tensor(expected), atol=1e-6)
    assert loss(pred[:0], targets[:0], torch.tensor([])).item() == 0
    with pytest.raises(InvalidValueError, match='use_sigmoid and use_mask'):
        build_loss(dict(type='CrossEntropyLoss', use_mask=True,
                        use_sigmoid=True))


def test_l1_and_smooth_l1_by_hand():
    pred = torch.tensor([[0.5, 2.0, 0.0, 0.0]])
    target = torch.zeros(1, 4)
    l1 = build_loss(dict(type='L1Loss', loss_weight=1.0))
    assert torch.isclose(l1(pred, target), torch.tensor(2.5 / 4))
    weight = torch.tensor([[1., 0., 0., 0.]])
    assert torch.isclose(l1(pred, target, weight, avg_factor=1),
                         torch.tensor(0.5))
    smooth = build_loss(dict(type='SmoothL1Loss', beta=1.0,
                             reduction='sum'))
    # 0.5 * 0.5^2 = 0.125 (quadratic part); 2 - 0.5 = 1.5 (linear part)
    assert torch.isclose(smooth(pred, target), torch.tensor(1.625))
    assert l1(pred[:0], target[:0]).item() == 0
    with pytest.raises(InvalidValueError, match='reduction'):
        build_loss(dict(type='L1Loss', reduction='avg'))
    with pytest.raises(InvalidValueError, match='beta'):
        build_loss(dict(type='SmoothL1Loss', beta=0))
