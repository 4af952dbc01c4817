"""SquareResizePad (MMOCR 0.x's arguments and draws of numpy's global RNG)
and the empty-image errors of the resizing steps."""
from __future__ import annotations

import numpy as np
import pytest

from mmocr.core.mask import BitmapMasks, PolygonMasks
from mmocr.datasets.pipelines import (
    RandomScaling,
    Resize,
    ScaleAspectJitter,
    SquareResizePad,
)

RECT = np.array([10, 10, 40, 10, 40, 90, 10, 90], np.float64)


def _tall(with_bitmap=False):
    """A 100 x 50 (h x w) image, grey 7, with the rectangle RECT."""
    img = np.full((100, 50, 3), 7, np.uint8)
    results = dict(img=img, img_shape=img.shape, filename='tall.png',
                   gt_masks=PolygonMasks([[RECT]], 100, 50),
                   mask_fields=['gt_masks'])
    if with_bitmap:
        bitmap = np.zeros((1, 100, 50), np.uint8)
        bitmap[0, 10:90, 10:40] = 1
        results['gt_kernels'] = BitmapMasks(bitmap, 100, 50)
        results['mask_fields'].append('gt_kernels')
    return results


def test_keep_ratio_and_pad_with_a_fixed_colour():
    step = SquareResizePad(40, pad_ratio=1.0, pad_with_fixed_color=True,
                           pad_value=(1, 2, 3))
    out = step(_tall(with_bitmap=True))
    img = out['img']
    # 100 x 50 -> 40 x 20, centred: columns 10..29
    assert img.shape == (40, 40, 3) and out['img_shape'] == (40, 40, 3)
    assert (img[:, 10:30] == 7).all()
    assert (img[:, :10] == (1, 2, 3)).all() and (img[:, 30:] == (1, 2, 3)).all()
    # RECT * 0.4, then x + 10
    poly = out['gt_masks'].masks[0][0]
    np.testing.assert_allclose(poly, [14, 4, 26, 4, 26, 36, 14, 36])
    assert (out['gt_masks'].height, out['gt_masks'].width) == (40, 40)
    kernel = out['gt_kernels'].masks[0]
    assert kernel.shape == (40, 40)
    ys, xs = np.nonzero(kernel)
    assert (xs.min(), xs.max(), ys.min(), ys.max()) == (14, 25, 4, 35)


def test_stretch_without_padding():
    out = SquareResizePad(40, pad_ratio=0.0)(_tall())
    assert out['img'].shape == (40, 40, 3) and (out['img'] == 7).all()
    np.testing.assert_allclose(out['gt_masks'].masks[0][0],
                               [8, 4, 32, 4, 32, 36, 8, 36])


def test_randomness_contract_and_patch_padding():
    np.random.seed(3)
    out = SquareResizePad(40)(_tall())
    after = np.random.random_sample()
    np.random.seed(3)
    assert np.random.random_sample() < 0.6  # keep the ratio and pad
    np.random.randint(0, 40 * 7 // 8)  # patch top, in the 40 x 20 image
    np.random.randint(0, 20 * 7 // 8)  # patch left
    assert np.random.random_sample() == after
    # the padding is a stretched patch of the (uniform) image
    assert out['img'].shape == (40, 40, 3) and (out['img'] == 7).all()
    # a square image needs no padding and draws nothing more
    np.random.seed(4)
    square = dict(img=np.zeros((30, 30, 3), np.uint8), mask_fields=[])
    assert SquareResizePad(20)(square)['img'].shape == (20, 20, 3)
    after = np.random.random_sample()
    np.random.seed(4)
    np.random.random_sample()
    assert np.random.random_sample() == after


def test_bad_arguments():
    with pytest.raises(ValueError, match='target_size'):
        SquareResizePad(40.0)
    with pytest.raises(ValueError, match='pad_ratio'):
        SquareResizePad(40, pad_ratio=1)
    with pytest.raises(ValueError, match='pad_value'):
        SquareResizePad(40, pad_value=[0, 0, 0])


@pytest.mark.parametrize('step', [
    SquareResizePad(40),
    Resize(img_scale=(64, 32), keep_ratio=False),
    ScaleAspectJitter(img_scale=[(64, 32)], ratio_range=(0.9, 1.1),
                      aspect_ratio_range=(0.9, 1.1), multiscale_mode='value'),
    RandomScaling(size=32),
])
@pytest.mark.parametrize('shape', [(0, 0, 3), (0, 12, 3), (12, 0, 3)])
def test_an_empty_image_is_named(step, shape):
    results = dict(img=np.zeros(shape, np.uint8), filename='imgs/empty.jpg',
                   mask_fields=[])
    with pytest.raises(ValueError, match=r'imgs/empty.jpg is empty '
                       rf'\({shape[0]}x{shape[1]}x3 pixels\): '
                       f'{type(step).__name__} cannot resize it'):
        step(results)


def test_rotate_and_color_jitter_draw_as_mmocr_0x():
    from mmocr.datasets.pipelines import ColorJitter, RandomRotateTextDet
    np.random.seed(5)
    out = RandomRotateTextDet(rotate_ratio=0.9, max_angle=20)(_tall())
    np.random.seed(5)
    assert np.random.random_sample() < 0.9
    assert out['rotated_angle'] == pytest.approx(
        np.random.random_sample() * 2 * 20 - 20)
    # torchvision's order: randperm(4), then brightness, contrast, ... draws
    torch = pytest.importorskip('torch')
    torch.manual_seed(2)
    img = np.full((2, 2, 3), 100, np.uint8)
    out = ColorJitter(brightness=0.5, saturation=0.5)(dict(img=img.copy()))
    torch.manual_seed(2)
    torch.randperm(4)
    brightness = float(torch.empty(1).uniform_(0.5, 1.5))
    torch.empty(1).uniform_(0.5, 1.5)  # saturation: a grey image stays
    assert (out['img'] == round(100 * brightness)).all()
