"""torchvision's common ops without torchvision (``TorchVisionWrapper``),
``AffineJitter``, ``PyramidRescale``, and ``ImgAug`` through imgaug."""
from __future__ import annotations

import sys
import types

import numpy as np
import pytest
import torch

from mmocr.core.mask import PolygonMasks
from mmocr.datasets.pipelines import (
    AffineJitter,
    ImgAug,
    PyramidRescale,
    RandomWrapper,
    TorchVisionWrapper,
    tv_ops,
)


def square(n=5, channels=3):
    return np.arange(n * n * channels, dtype=np.uint8).reshape(n, n, channels)


def test_rotation_directions_follow_torchvision():
    img = square()
    # RandomRotation turns counter-clockwise, RandomAffine clockwise
    np.testing.assert_array_equal(tv_ops.RandomRotation((90, 90))(img),
                                  np.rot90(img, 1))
    np.testing.assert_array_equal(tv_ops.RandomAffine((90, 90))(img),
                                  np.rot90(img, -1))
    wide = np.arange(2 * 4 * 3, dtype=np.uint8).reshape(2, 4, 3)
    out = tv_ops.RandomRotation((90, 90), expand=True)(wide)
    np.testing.assert_array_equal(out, np.rot90(wide, 1))
    assert tv_ops.RandomRotation((90, 90))(wide).shape == (2, 4, 3)


def test_affine_translation_and_fill():
    img = np.full((4, 6, 3), 200, np.uint8)
    # translate (0.5, 0) of width 6 -> up to 3 pixels, rounded
    op = tv_ops.RandomAffine(0, translate=(0.5, 0), fill=(1, 2, 3))
    torch.manual_seed(0)
    out = op(img)
    torch.manual_seed(0)
    torch.empty(1).uniform_(0, 0)  # the angle draw
    tx = round(torch.empty(1).uniform_(-3, 3).item())
    if tx > 0:
        assert (out[:, :tx] == (1, 2, 3)).all() and (out[:, tx:] == 200).all()
    elif tx < 0:
        assert (out[:, tx:] == (1, 2, 3)).all() and (out[:, :tx] == 200).all()
    # 0.x's AffineJitter names: resample / fillcolor
    jitter = AffineJitter(degrees=0, translate=(0, 0), scale=(1, 1))
    res = {'img': square()}
    np.testing.assert_array_equal(jitter(res)['img'], square())


def test_affine_jitter_draws_torch_rng_as_torchvision():
    op = tv_ops.RandomAffine(4, translate=(0.02, 0.04), scale=(0.9, 1.1),
                             shear=(-5, 5, -2, 2))
    torch.manual_seed(3)
    matrix = op.sample(32, 100)
    torch.manual_seed(3)
    u = lambda a, b: torch.empty(1).uniform_(a, b).item()  # noqa: E731
    angle = u(-4, 4)
    tx, ty = round(u(-2.0, 2.0)), round(u(-1.28, 1.28))
    scale, shear = u(0.9, 1.1), (u(-5, 5), u(-2, 2))
    expected = tv_ops.affine_matrix((50, 16), angle, (tx, ty), scale, shear)
    np.testing.assert_allclose(matrix, expected)
    torch.manual_seed(5)
    a = AffineJitter()({'img': square(20)})['img']
    torch.manual_seed(5)
    b = AffineJitter()({'img': square(20)})['img']
    np.testing.assert_array_equal(a, b)
    assert a.shape == (20, 20, 3)


def test_gray_blur_flips():
    red = np.zeros((2, 2, 3), np.uint8)
    red[..., 0] = 255  # RGB red
    assert (tv_ops.Grayscale()(red) == 76).all()
    assert tv_ops.Grayscale(3)(red).shape == (2, 2, 3)
    assert tv_ops.RandomGrayscale(p=1.0)(red).shape == (2, 2, 3)
    assert tv_ops.RandomGrayscale(p=0.0)(red) is red
    flat = np.full((7, 7, 3), 90, np.uint8)
    np.testing.assert_array_equal(tv_ops.GaussianBlur(3)(flat), flat)
    dot = np.zeros((7, 7), np.uint8)
    dot[3, 3] = 255
    blurred = tv_ops.GaussianBlur(5, sigma=1.0)(dot)
    assert 0 < blurred[3, 4] < blurred[3, 3] < 255
    img = square()
    np.testing.assert_array_equal(tv_ops.RandomHorizontalFlip(1.0)(img),
                                  img[:, ::-1])
    np.testing.assert_array_equal(tv_ops.RandomVerticalFlip(1.0)(img),
                                  img[::-1])
    with pytest.raises(ValueError, match='odd'):
        tv_ops.GaussianBlur(4)


def test_torchvision_wrapper_builtin_ops(monkeypatch):
    monkeypatch.setitem(sys.modules, 'torchvision', None)
    bgr = np.zeros((3, 4, 3), np.uint8)
    bgr[..., 2] = 255  # red in BGR
    res = TorchVisionWrapper(op='Grayscale')({'img': bgr})
    assert res['img'].shape == res['img_shape'] == (3, 4)
    assert (res['img'] == 76).all()
    img = square()
    res = TorchVisionWrapper(op='RandomHorizontalFlip', p=1.0)({'img': img})
    np.testing.assert_array_equal(res['img'], img[:, ::-1])
    torch.manual_seed(0)
    out = TorchVisionWrapper(op='ColorJitter', brightness=0.5)(
        {'img': np.full((2, 2, 3), 100, np.uint8)})['img']
    torch.manual_seed(0)
    torch.randperm(4)
    factor = torch.empty(1).uniform_(0.5, 1.5).item()
    assert (out == round(100 * factor)).all()
    with pytest.raises(TypeError, match='bogus'):
        TorchVisionWrapper(op='RandomRotation', degrees=3, bogus=1)
    with pytest.raises(ImportError, match='RandomErasing.*needs torchvision'):
        TorchVisionWrapper(op='RandomErasing')


def test_pyramid_rescale():
    img = np.zeros((32, 100, 3), np.uint8)
    img[:, 50:] = 255
    out = PyramidRescale(factor=2, randomize_factor=False)({'img': img})['img']
    assert out.shape == img.shape
    edge = out[16, 44:56, 0]
    assert ((edge > 0) & (edge < 255)).any()  # the edge is blurred
    assert out[16, 0, 0] == 0 and out[16, 99, 0] == 255
    same = PyramidRescale(factor=0, randomize_factor=False)
    assert same({'img': img})['img'] is img
    np.random.seed(7)
    expected = np.random.randint(0, 5)
    np.random.seed(7)
    assert PyramidRescale(factor=4).factor == expected  # drawn once
    gray = PyramidRescale(1, randomize_factor=False)(
        {'img': np.zeros((8, 8, 1), np.uint8)})['img']
    assert gray.shape == (8, 8, 1)
    with pytest.raises(AssertionError, match='base_shape'):
        PyramidRescale(base_shape=(1, 2, 3))
    with pytest.raises(AssertionError, match='randomize_factor'):
        PyramidRescale(randomize_factor=1)


def _fake_imgaug(monkeypatch):
    """A stand-in for imgaug with one augmenter, 'MirrorX' (x -> w - x)."""
    ia = types.ModuleType('imgaug')
    iaa = types.ModuleType('imgaug.augmenters')

    class KeypointsOnImage:
        def __init__(self, xy, shape):
            self.xy, self.shape = np.asarray(xy, float), shape

        @classmethod
        def from_xy_array(cls, xy, shape):
            return cls(xy, shape)

        def to_xy_array(self):
            return self.xy

    class SegmentationMapsOnImage:
        def __init__(self, arr, shape):
            self.arr = arr

        def get_arr(self):
            return self.arr

    class MirrorX:
        def augment_image(self, img):
            return img[:, ::-1].copy()

        def augment_keypoints(self, kps):
            xy = kps.xy.copy()
            xy[:, 0] = kps.shape[1] - xy[:, 0]
            return KeypointsOnImage(xy, kps.shape)

        def augment_segmentation_maps(self, seg):
            return SegmentationMapsOnImage(seg.arr[:, ::-1], None)

    class Sequential(MirrorX):
        def __init__(self, children):
            assert all(isinstance(c, MirrorX) for c in children)

        def to_deterministic(self):
            return self

    ia.KeypointsOnImage = KeypointsOnImage
    ia.SegmentationMapsOnImage = SegmentationMapsOnImage
    iaa.Sequential, iaa.MirrorX = Sequential, MirrorX
    ia.augmenters = iaa
    monkeypatch.setitem(sys.modules, 'imgaug', ia)
    monkeypatch.setitem(sys.modules, 'imgaug.augmenters', iaa)


def test_img_aug_runs_other_augmenters_through_imgaug(monkeypatch):
    _fake_imgaug(monkeypatch)
    img = np.zeros((10, 20, 3), np.uint8)
    img[:, :5] = 255
    seg = np.zeros((10, 20), np.uint8)
    seg[:, :5] = 1
    res = dict(img=img, gt_masks=PolygonMasks([[np.array(
        [1., 1, 5, 1, 5, 4, 1, 4])]], 10, 20),
        gt_bboxes=np.array([[1., 1, 5, 4]], np.float32), gt_labels=[3],
        mask_fields=['gt_masks'], bbox_fields=['gt_bboxes'],
        seg_fields=['gt_seg'], gt_seg=seg)
    out = ImgAug(args=[['MirrorX']])(res)
    assert (out['img'][:, 15:] == 255).all() and (out['img'][:, :15] == 0).all()
    np.testing.assert_allclose(out['gt_masks'].masks[0][0],
                               [19, 1, 15, 1, 15, 4, 19, 4])
    np.testing.assert_allclose(out['gt_bboxes'], [[15, 1, 19, 4]])
    assert (out['gt_seg'][:, 15:] == 1).all() and out['gt_seg'].sum() == 50
    assert list(out['gt_labels']) == [3]


def test_random_wrapper_draws_numpy_as_0x():
    def mark(results):
        results['hit'] = True
        return results

    wrapper = RandomWrapper([mark], p=0.5)
    np.random.seed(1)
    draws = np.random.uniform(size=20)
    np.random.seed(1)
    hits = [wrapper({}).get('hit', False) for _ in range(20)]
    assert hits == list(draws <= 0.5)
