"""DefaultFormatBundle, Collect, ImageToTensor, ToTensor and collate."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from mmocr.core.mask import BitmapMasks
from mmocr.datasets.collate import DataContainer, collate
from mmocr.datasets.pipelines import (
    Collect,
    Compose,
    CustomFormatBundle,
    DefaultFormatBundle,
    ImageToTensor,
    ToTensor,
    to_tensor,
)


def _sample(h, w):
    return dict(img=np.ones((h, w, 3), np.uint8), filename='a.jpg',
                ori_filename='a.jpg', ori_shape=(h, w, 3), img_shape=(h, w, 3),
                flip=False, flip_direction=None,
                gt_bboxes=np.zeros((2, 4), np.float32),
                gt_labels=np.array([0, 0]),
                gt_shrink=BitmapMasks(np.zeros((1, h, w), np.uint8), h, w))


def test_to_tensor():
    assert to_tensor(np.arange(3)).tolist() == [0, 1, 2]
    assert to_tensor([1.5]).dtype == torch.float32
    assert to_tensor(3).dtype == torch.int64
    with pytest.raises(TypeError):
        to_tensor('abc')
    out = ToTensor(keys=['x'])(dict(x=np.zeros(2)))
    assert isinstance(out['x'], torch.Tensor)


def test_default_format_bundle_and_collect():
    pipeline = Compose([
        dict(type='CustomFormatBundle', keys=['gt_shrink']),
        dict(type='Collect', keys=['img', 'gt_bboxes', 'gt_shrink'])
    ])
    out = pipeline(_sample(5, 7))
    assert set(out) == {'img', 'img_metas', 'gt_bboxes', 'gt_shrink'}
    img = out['img']
    assert isinstance(img, DataContainer) and img.stack
    assert img.data.shape == (3, 5, 7) and img.data.dtype == torch.float32
    meta = out['img_metas']
    assert meta.cpu_only
    assert meta.data['pad_shape'] == (5, 7, 3)
    assert meta.data['scale_factor'] == 1.0
    assert set(meta.data['img_norm_cfg']) == {'mean', 'std', 'to_rgb'}
    assert not out['gt_bboxes'].stack and not out['gt_bboxes'].cpu_only
    assert out['gt_shrink'].cpu_only


def test_collate_pads_images_to_batch():
    bundle = Compose([CustomFormatBundle(keys=['gt_shrink']),
                      Collect(keys=['img', 'gt_labels', 'gt_shrink'])])
    batch = collate([bundle(_sample(5, 7)), bundle(_sample(6, 4))])
    assert batch['img'].shape == (2, 3, 6, 7)
    assert len(batch['img_metas']) == 2
    assert isinstance(batch['gt_shrink'][1], BitmapMasks)
    assert [t.tolist() for t in batch['gt_labels']] == [[0, 0], [0, 0]]


def test_collect_missing_key_is_named():
    with pytest.raises(KeyError, match='img_norm_cfg'):
        Collect(keys=['img'])(_sample(3, 3))


def test_image_to_tensor_grayscale():
    out = ImageToTensor(keys=['img'])(dict(img=np.zeros((4, 5), np.uint8)))
    assert out['img'].shape == (1, 4, 5)
    out = DefaultFormatBundle()(dict(img=np.zeros((4, 5), np.uint8)))
    assert out['img'].data.shape == (1, 4, 5)


def test_custom_format_bundle_visualize_draws_the_boundary(monkeypatch):
    import mmocr.datasets.pipelines.formatting as formatting
    shown = []
    monkeypatch.setattr(formatting, 'show_image',
                        lambda img, win_name: shown.append((img, win_name)))
    h, w = 12, 16
    kernels = np.zeros((2, h, w), np.float32)
    kernels[0, 3:8, 4:12] = 1  # text region of instance 1
    kernels[1, 4:7, 5:11] = 1  # its kernel
    # an image normalised as Normalize(mean=10, std=2, to_rgb=True) does
    bgr = np.zeros((h, w, 3), np.float32)
    bgr[..., 0] = 40  # blue
    norm = dict(mean=np.full(3, 10, np.float32), std=np.full(3, 2, np.float32),
                to_rgb=True)
    results = dict(img=(bgr[..., ::-1] - 10) / 2, img_norm_cfg=norm,
                   filename='a.jpg', gt_kernels=BitmapMasks(kernels, h, w),
                   gt_mask=BitmapMasks(np.ones((1, h, w), np.uint8), h, w),
                   mask_fields=['gt_kernels', 'gt_mask'])
    bundle = CustomFormatBundle(
        keys=['gt_kernels', 'gt_mask'],
        visualize=dict(flag=True, boundary_key='gt_kernels'))
    out = bundle(results)
    assert isinstance(out['gt_kernels'], DataContainer)
    ((drawn, win_name), ) = shown
    assert win_name == 'CustomFormatBundle: a.jpg'
    assert drawn.shape == (h, 4 * w, 3) and drawn.dtype == np.uint8
    img = drawn[:, :w]
    red = np.all(img == (0, 0, 255), axis=-1)
    # the outline of the text region: its border pixels, nothing else
    outline = np.zeros((h, w), bool)
    outline[3:8, 4:12] = True
    outline[4:7, 5:11] = False
    np.testing.assert_array_equal(red, outline)
    assert (img[~outline] == (40, 0, 0)).all()  # normalisation undone
    np.testing.assert_array_equal(drawn[:, w:2 * w, 1], kernels[0] * 255)
    np.testing.assert_array_equal(drawn[:, 2 * w:3 * w, 2], kernels[1] * 255)
    assert (drawn[:, 3 * w:] == 255).all()
    with pytest.raises(KeyError, match='boundary_key'):
        CustomFormatBundle(visualize=dict(
            flag=True, boundary_key='gt_shrink')).draw(dict(img=bgr))
    with pytest.raises(KeyError, match='colour'):
        CustomFormatBundle(visualize=dict(flag=True, colour='red'))
    # flag=False draws nothing
    CustomFormatBundle(keys=[])(dict(img=bgr))
    assert len(shown) == 1
