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


def test_custom_format_bundle_visualize_unsupported():
    with pytest.raises(NotImplementedError):
        CustomFormatBundle(visualize=dict(flag=True, boundary_key='gt_shrink'))
