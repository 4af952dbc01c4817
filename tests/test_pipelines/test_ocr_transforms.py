"""Recognition transforms and crop helpers, against hand-computed values."""
from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from PIL import Image

from mmocr.datasets import collate
from mmocr.datasets.pipelines import (
    Compose,
    FancyPCA,
    NormalizeOCR,
    OnlineCropOCR,
    OpencvToPil,
    PilToOpencv,
    PyramidRescale,
    RandomPaddingOCR,
    RandomRotateImageBox,
    ResizeOCR,
    ToTensorOCR,
    crop_img,
    warp_img,
)
from mmocr.datasets.pipelines.crop import box_jitter
from mmocr.datasets.pipelines.transforms import RandomRotateTextDet
from mmocr.registry import PIPELINES
from mmocr.utils.errors import InvalidValueError


def _results(h: int, w: int, channels: int | None = 3) -> dict:
    shape = (h, w) if channels is None else (h, w, channels)
    img = np.full(shape, 200, np.uint8)
    return {'img': img, 'img_shape': img.shape, 'ori_shape': img.shape}


@pytest.mark.parametrize(
    'hw,kwargs,resize_shape,pad_w,valid_ratio',
    [
        # ceil(32 / 20 * 50) = 80, a multiple of 16.
        ((20, 50), dict(height=32), (32, 80), 80, 1.0),
        # ceil(48 / 32 * 100) = 150 -> round(150 / 4) * 4 = 152 <= 160:
        # resized to 152, padded to 160, valid 152 / 160.
        ((32, 100), dict(height=48, min_width=48, max_width=160,
                         width_downsample_ratio=0.25), (48, 152), 160, 0.95),
        # 640 > max_width: squeezed to 100, nothing padded.
        ((10, 200), dict(height=32, max_width=100), (32, 100), 100, 1.0),
        # ceil(32 / 40 * 10) = 8 -> round(0.5) * 16 = 0 -> one divisor (16),
        # then min_width 32 wins.
        ((40, 10), dict(height=32, min_width=32), (32, 32), 32, 1.0),
        # right_pad: 80 columns of image, 16 of padding after them.
        ((20, 50), dict(height=32, right_pad=16), (32, 80), 96, 80 / 96),
        # Stretch mode.
        ((40, 10), dict(height=32, max_width=100, keep_aspect_ratio=False),
         (32, 100), 100, 1.0),
    ])
def test_resize_ocr_hand_computed(hw, kwargs, resize_shape, pad_w,
                                  valid_ratio):
    out = ResizeOCR(**kwargs)(_results(*hw))
    assert out['resize_shape'] == resize_shape + (3, )
    assert out['pad_shape'] == (resize_shape[0], pad_w, 3)
    assert out['img'].shape == (resize_shape[0], pad_w, 3)
    assert out['valid_ratio'] == pytest.approx(valid_ratio)
    # As in MMOCR 0.x, img_shape keeps the shape before resizing.
    assert out['img_shape'] == hw + (3, )


def test_resize_ocr_padding_value_and_grayscale():
    out = ResizeOCR(height=16, max_width=64, img_pad_value=7)(
        _results(16, 16, channels=None))
    assert out['img'].shape == (16, 64)
    assert (out['img'][:, :16] == 200).all() and (out['img'][:, 16:]
                                                    == 7).all()
    assert out['valid_ratio'] == pytest.approx(0.25)
    pil = ResizeOCR(height=16, backend='pillow')(_results(8, 32))
    assert pil['img'].shape == (16, 64, 3)


def test_resize_ocr_degenerate_images():
    # Width 1: rounding would give width 0; the smallest multiple is used.
    out = ResizeOCR(height=32)(_results(100, 1))
    assert out['img'].shape == (32, 16, 3)
    with pytest.raises(ValueError, match='empty image'):
        ResizeOCR(height=32)(_results(0, 5))
    with pytest.raises(ValueError, match='max_width'):
        ResizeOCR(height=32, keep_aspect_ratio=False)
    with pytest.raises(ValueError, match='backend'):
        ResizeOCR(height=32, backend='magick')
    with pytest.raises(ValueError, match='right_pad'):
        ResizeOCR(height=32, max_width=100, right_pad=8)
    with pytest.raises(ValueError, match='right_pad'):
        ResizeOCR(height=32, right_pad=-1)


def test_recognition_batch_is_paddedwith_valid_ratio_in_metas():
    pipeline = Compose([
        dict(type='ResizeOCR', height=32, min_width=32, max_width=None),
        dict(type='DefaultFormatBundle'),
        dict(type='Collect', keys=['img'],
             meta_keys=['valid_ratio', 'resize_shape']),
    ])
    batch = collate([pipeline(_results(32, 64)), pipeline(_results(32, 128))])
    assert batch['img'].shape == (2, 3, 32, 128)
    assert (batch['img'][0, :, :, 64:] == 0).all()
    assert [m['resize_shape'][1] for m in batch['img_metas']] == [64, 128]
    assert [m['valid_ratio'] for m in batch['img_metas']] == [1.0, 1.0]


def test_to_tensor_and_normalize_ocr():
    res = _results(2, 3)
    res['img'][0, 0] = (0, 51, 255)
    out = ToTensorOCR()(res)
    assert out['img'].shape == (3, 2, 3) and out['img'].dtype == torch.float32
    assert out['img'][:, 0, 0].tolist() == pytest.approx([0., 0.2, 1.])
    out = NormalizeOCR(mean=[0.5, 0.5, 0.5], std=[0.5, 0.5, 0.5])(out)
    assert out['img'][:, 0, 0].tolist() == pytest.approx([-1., -0.6, 1.])
    assert out['img_norm_cfg'] == dict(mean=[0.5] * 3, std=[0.5] * 3)
    gray = ToTensorOCR()(_results(4, 5, channels=None))
    assert gray['img'].shape == (1, 4, 5)
    pil = ToTensorOCR()({'img': Image.new('L', (5, 4), 255)})
    assert pil['img'].shape == (1, 4, 5) and float(pil['img'].max()) == 1.0
    with pytest.raises(TypeError, match='ToTensorOCR'):
        NormalizeOCR([0.5], [0.5])(_results(2, 2))
    with pytest.raises(ValueError, match='non-zero'):
        NormalizeOCR([0.5], [0])
    with pytest.raises(ValueError, match='3 channels'):
        NormalizeOCR([0.5, 0.5], [1, 1])(ToTensorOCR()(_results(2, 2)))


def test_fancy_pca_adds_one_offset_per_channel():
    torch.manual_seed(0)
    img = torch.zeros(3, 4, 5)
    out = FancyPCA()({'img': img})['img']
    offsets = out[:, 0, 0]
    assert torch.allclose(out, offsets.view(3, 1, 1).expand(3, 4, 5))
    assert offsets.abs().max() > 0
    with pytest.raises(TypeError, match='FancyPCA'):
        FancyPCA()({'img': torch.zeros(1, 4, 5)})


def test_random_padding_ocr_shifts_boxes(monkeypatch):
    monkeypatch.setattr(np.random, 'uniform',
                        lambda low, high, size: np.ones(size))
    res = _results(10, 20)
    res['ann_info'] = {'char_quads': [[1, 2, 3, 2, 3, 4, 1, 4]]}
    out = RandomPaddingOCR(max_ratio=[0.1, 0.2, 0.3, 0.4],
                           box_type='char_quads')(res)
    # left 0.1*20=2, top 0.2*10=2, right 0.3*20=6, bottom 0.4*10=4
    assert out['img'].shape == (16, 28, 3) and out['img_shape'] == (16, 28,
                                                                       3)
    assert out['ann_info']['char_quads'] == [[3, 4, 5, 4, 5, 6, 3, 6]]
    assert (out['img'] == 200).all()  # border replicated
    with pytest.raises(ValueError, match='max_ratio'):
        RandomPaddingOCR(max_ratio=[0.1, 0.1])


def test_rotate_points_counter_clockwise():
    pts = RandomRotateImageBox.rotate_points(np.array([[10., 0.], [0., 5.]]),
                                             math.pi / 2, (0., 0.))
    np.testing.assert_allclose(pts, [[0., -10.], [5., 0.]], atol=1e-9)


@pytest.mark.parametrize('as_pil', [False, True])
def test_random_rotate_image_box_moves_image_and_boxes_together(as_pil):
    img = np.zeros((60, 100, 3), np.uint8)
    img[38:43, 68:73] = 255  # blob centred at (70, 40)
    box = [68., 38., 73., 38., 73., 43., 68., 43.]
    outside = [0., 0., 4., 0., 4., 4., 0., 4.]  # corner: rotated off-canvas
    res = {'img': Image.fromarray(img) if as_pil else img,
           'ann_info': {'chars': ['a', 'b'], 'char_quads': [box, outside]}}
    out = RandomRotateImageBox(min_angle=30, max_angle=30)(res)
    rotated = np.asarray(out['img'])
    assert rotated.shape == img.shape
    assert out['ann_info']['chars'] == ['a']
    quad = np.array(out['ann_info']['char_quads'][0]).reshape(4, 2)
    ys, xs = np.nonzero(rotated[..., 0] > 127)
    np.testing.assert_allclose([xs.mean(), ys.mean()], quad.mean(axis=0),
                               atol=1.5)
    expected = RandomRotateImageBox.rotate_points([[70.5, 40.5]],
                                                  math.radians(30), (50, 30))
    np.testing.assert_allclose(quad.mean(axis=0), expected[0], atol=1e-6)


def test_opencv_pil_round_trip():
    img = np.zeros((3, 4, 3), np.uint8)
    img[..., 0] = 255  # blue in BGR
    pil = OpencvToPil()({'img': img})['img']
    assert isinstance(pil, Image.Image) and pil.getpixel((0, 0)) == (0, 0,
                                                                     255)
    back = PilToOpencv()({'img': pil})
    np.testing.assert_array_equal(back['img'], img)
    gray = OpencvToPil()({'img': np.zeros((3, 4), np.uint8)})['img']
    assert gray.mode == 'L'
    assert PilToOpencv()({'img': gray})['img'].shape == (3, 4)


def test_warp_img_rectifies_rotated_quad():
    img = np.zeros((50, 50), np.uint8)
    img[10:20, 5:45] = 255
    # The 40x10 rectangle given in scrambled vertex order.
    crop = warp_img(img, [45, 20, 5, 10, 45, 10, 5, 20])
    assert crop.shape == (10, 40)
    assert crop.mean() > 250
    # A quad tilted by 45 degrees: side lengths 10*sqrt(2) and 5*sqrt(2).
    # (15, 15) and (20, 10) are equally near the bounding box's top-left
    # corner; as in 0.x the first in clockwise order, (15, 15), starts, so
    # the first (width) edge is the short one.
    tilted = [20, 10, 30, 20, 25, 25, 15, 15]
    assert warp_img(np.zeros((40, 40), np.uint8), tilted).shape == (14, 7)
    # Thinner than a pixel: the bounding rectangle (here 1 px wide).
    assert warp_img(img, [5, 5, 5.5, 5, 5.5, 9, 5, 9]).shape[0] == 4
    with pytest.raises(ValueError, match='8 finite numbers'):
        warp_img(img, [1, 2, 3])


def test_crop_img_pads_by_font_size():
    img = np.arange(100 * 100).reshape(100, 100)
    # box 20x10 at (40, 40): font size 10 -> pads 4 px (x), 2 px (y).
    crop = crop_img(img, [40, 40, 60, 40, 60, 50, 40, 50])
    assert crop.shape == (14, 28)
    assert crop[0, 0] == img[38, 36]
    with pytest.raises(ValueError, match='long_edge_pad_ratio'):
        crop_img(img, [0, 0, 1, 0, 1, 1, 0, 1], long_edge_pad_ratio=1.5)


def test_box_jitter_bounds():
    np.random.seed(0)
    xs, ys = [0., 10., 10., 0.], [0., 0., 5., 5.]
    box_jitter(xs, ys, jitter_ratio_x=0.5, jitter_ratio_y=0.1)
    # edges 1 and 3 have length 5: |dx| <= 2.5, |dy| <= 0.5
    assert np.all(np.abs(np.array(xs) - [0, 10, 10, 0]) <= 2.5)
    assert np.all(np.abs(np.array(ys) - [0, 0, 5, 5]) <= 0.5)
    assert xs != [0., 10., 10., 0.]
    with pytest.raises(ValueError, match='jitter_ratio_x'):
        box_jitter(xs, ys, jitter_ratio_x=1.0)


def test_online_crop_ocr():
    img = np.zeros((30, 60, 3), np.uint8)
    img[5:15, 10:50] = 255
    info = dict(x1=10, y1=5, x2=50, y2=5, x3=50, y3=15, x4=10, y4=15)
    out = OnlineCropOCR(jitter_prob=1.0)({'img': img, 'img_info': info})
    assert out['img'].shape == (10, 40, 3) and out['img'].mean() > 250
    assert out['img_shape'] == (10, 40, 3)
    untouched = OnlineCropOCR()({'img': img, 'img_info': {'x1': 1}})
    assert untouched['img'] is img


def test_pyramid_rescale_blurs_and_keeps_the_size():
    rng = np.random.default_rng(0)
    img = rng.integers(0, 256, (32, 100, 3), dtype=np.uint8)
    out = PyramidRescale(factor=2, randomize_factor=False)(dict(img=img))
    assert out['img'].shape == img.shape and out['img'].dtype == np.uint8
    # two halvings of a 128 x 512 base: detail is lost, the mean kept
    assert np.abs(np.diff(out['img'].astype(float), axis=1)).mean() < \
        0.5 * np.abs(np.diff(img.astype(float), axis=1)).mean()
    assert abs(out['img'].mean() - img.mean()) < 3
    same = PyramidRescale(factor=0)(dict(img=img.copy()))
    np.testing.assert_array_equal(same['img'], img)
    with pytest.raises(InvalidValueError, match='factor'):
        PyramidRescale(factor=-1)
    with pytest.raises(InvalidValueError, match='base_shape'):
        PyramidRescale(factor=2, base_shape=(128, ))


def test_random_rotate_is_0x_abinet_name_of_random_rotate_textdet():
    assert PIPELINES.get('RandomRotate') is RandomRotateTextDet
