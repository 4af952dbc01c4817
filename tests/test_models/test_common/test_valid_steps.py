"""The valid time-step rule ``ceil(T * valid_ratio)`` in [1, T]."""
import pytest
import torch

from mmocr.models.common.valid_steps import get_valid_ratios, valid_steps
from mmocr.models.textrecog.convertors import CTCConvertor
from mmocr.models.textrecog.decoders.sar_decoder import _width_mask
from mmocr.models.textrecog.layers.dot_product_attention_layer import padding_mask
from mmocr.models.textrecog.losses import CTCLoss


def test_full_width_and_fractions():
    steps = valid_steps(10, torch.tensor([1.0, 0.5, 0.51, 0.05, 0.99]))
    assert steps.dtype == torch.long
    assert steps.tolist() == [10, 5, 6, 1, 10]


def test_tiny_and_zero_ratios_keep_one_step():
    assert valid_steps(40, [1e-9, 0.0]).tolist() == [1, 1]


def test_ratio_above_one_is_capped():
    assert valid_steps(8, [1.5]).tolist() == [8]


def test_integer_products_with_float_error():
    # 7 / 25 * 25 is 7.000000000000001 in float64: still 7 steps, not 8
    assert 25 * (7 / 25) > 7
    assert valid_steps(25, [7 / 25, 14 / 25]).tolist() == [7, 14]
    # widths w of a batch padded to W, T = W / 4 columns: ceil(w / 4) steps
    for width in range(4, 200, 4):
        ratios = [w / width for w in range(1, width + 1)]
        expected = [-(-w // 4) for w in range(1, width + 1)]
        assert valid_steps(width // 4, ratios).tolist() == expected
    # a float32 ratio (an ONNX graph input) of an exact product
    assert valid_steps(25, torch.tensor([0.28], dtype=torch.float32)).tolist() \
        == [7]
    # float32 ratios w / W of batches up to 16384 px (T = W / 4 <= 4096)
    for width in (400, 4000, 16384):
        w = torch.arange(1, width + 1)
        ratios = (w.double() / width).float()
        assert torch.equal(valid_steps(width // 4, ratios), (w + 3) // 4)


def test_get_valid_ratios():
    ratios = get_valid_ratios([{'valid_ratio': 0.25}, {}], 2)
    assert ratios.dtype == torch.float32 and ratios.tolist() == [0.25, 1.0]
    assert get_valid_ratios(None, 3).tolist() == [1.0, 1.0, 1.0]
    with pytest.raises(ValueError, match='1 img_metas for a batch of 2'):
        get_valid_ratios([{}], 2)


def test_convertor_loss_and_sar_mask_share_the_rule():
    metas = [{'valid_ratio': 7 / 25}, {'valid_ratio': 1e-6}, {}]
    logits = torch.zeros(3, 25, 5)
    assert CTCConvertor.valid_steps(logits, metas) == [7, 1, 25]
    mask = _width_mask(get_valid_ratios(metas, 3), 25, torch.device('cpu'))
    assert (~mask).sum(1).tolist() == [7, 1, 25]
    pad = padding_mask(metas, 3, 2, 25, torch.device('cpu'))
    assert (~pad).sum(1).tolist() == [14, 2, 50]
    # the CTC loss of a 1-step input and a 1-character target is
    # -log p(target) at that step: uniform logits over 5 classes -> log 5
    loss = CTCLoss(flatten=True, reduction='none')(
        logits, {'targets': [torch.tensor([1])] * 3}, metas)['loss_ctc']
    assert loss[1].item() == pytest.approx(torch.log(torch.tensor(5.)).item())
