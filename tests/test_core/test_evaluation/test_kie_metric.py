import numpy as np
import pytest
import torch

from mmocr.core.evaluation import compute_f1_score, compute_macro_f1


def make_preds(labels, num_classes=3):
    preds = torch.full((len(labels), num_classes), 0.1)
    preds[torch.arange(len(labels)), torch.tensor(labels)] = 0.8
    return preds


def test_per_class_f1_hand_computed():
    preds = make_preds([0, 1, 1, 1])
    gts = torch.tensor([0, 0, 1, 2])
    f1 = compute_f1_score(preds, gts)
    assert isinstance(f1, np.ndarray)
    # class 0: R 1/2, P 1 -> 2/3; class 1: R 1, P 1/3 -> 1/2; class 2: 0
    np.testing.assert_allclose(f1, [2 / 3, 0.5, 0.0], atol=1e-6)
    np.testing.assert_allclose(compute_f1_score(preds, gts, ignores=[2]),
                               [2 / 3, 0.5], atol=1e-6)
    assert compute_macro_f1(preds, gts, ignores=[2]) == pytest.approx(7 / 12)


def test_perfect_and_absent_classes():
    preds = make_preds([0, 1, 0], num_classes=4)
    f1 = compute_f1_score(preds, torch.tensor([0, 1, 0]))
    np.testing.assert_allclose(f1, [1, 1, 0, 0], atol=1e-6)


def test_errors():
    preds = make_preds([0, 1])
    with pytest.raises(ValueError, match=r'in \[0, 3\)'):
        compute_f1_score(preds, torch.tensor([0, 3]))
    with pytest.raises(ValueError, match='2 predictions but 3'):
        compute_f1_score(preds, torch.tensor([0, 1, 2]))
    with pytest.raises(ValueError, match='ignored classes'):
        compute_f1_score(preds, torch.tensor([0, 1]), ignores=[5])
    with pytest.raises(ValueError, match='every class'):
        compute_macro_f1(preds, torch.tensor([0, 1]), ignores=[0, 1, 2])
