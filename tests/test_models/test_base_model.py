import pytest
import torch
from torch import nn

from mmocr.models.base import BaseModel


class Toy(BaseModel):
    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.tensor(2.0))

    def forward_train(self, img, img_metas, **kwargs):
        return dict(loss_a=self.w * img.mean(), loss_b=[self.w, self.w],
                    acc=torch.tensor(0.5))

    def simple_test(self, img, img_metas, **kwargs):
        return [dict(view=float(img.mean()))] * len(img_metas)


def test_train_step_sums_loss_terms_only():
    model = Toy()
    out = model.train_step(dict(img=torch.ones(2, 1, 2, 2),
                                img_metas=[{}, {}]))
    assert out['num_samples'] == 2
    assert out['loss'].item() == pytest.approx(2 + 4)
    assert out['log_vars']['acc'] == pytest.approx(0.5)
    assert out['log_vars']['loss'] == pytest.approx(6)
    out['loss'].backward()
    assert model.w.grad.item() == pytest.approx(3)


def test_forward_test_dispatch():
    model = Toy()
    single = model(torch.ones(1, 1, 2, 2), [{}], return_loss=False)
    assert single == [dict(view=1.0)]
    one_view = model([torch.zeros(1, 1, 2, 2)], [[{}]], return_loss=False)
    assert one_view == [dict(view=0.0)]
    with pytest.raises(NotImplementedError, match='test-time augmentation'):
        model([torch.zeros(1, 1, 2, 2)] * 2, [[{}]] * 2, return_loss=False)


def test_missing_loss_key_is_reported():
    with pytest.raises(ValueError, match='no loss term'):
        BaseModel.parse_losses(dict(acc=torch.tensor(1.0)))
