import numpy as np
import pytest
import torch

from mmocr.datasets.collate import DataContainer, collate, to_device


def sample(h, w, label):
    return dict(img=DataContainer(torch.ones(3, h, w), stack=True),
                img_metas=DataContainer(dict(filename=f'{label}.jpg'),
                                        cpu_only=True),
                gt_labels=DataContainer(torch.tensor([label])),
                score=0.5)


def test_stack_pads_bottom_right():
    batch = collate([sample(4, 6, 1), sample(5, 3, 2)])
    img = batch['img']
    assert img.shape == (2, 3, 5, 6)
    assert img[0, :, :4, :6].eq(1).all() and img[0, :, 4:, :].eq(0).all()
    assert img[1, :, :, 3:].eq(0).all() and img[1, :, :, :3].eq(1).all()
    assert batch['img_metas'] == [dict(filename='1.jpg'), dict(filename='2.jpg')]
    assert [t.item() for t in batch['gt_labels']] == [1, 2]
    assert batch['score'].tolist() == [0.5, 0.5]


def test_views_are_collated_per_view():
    s1 = dict(img=[DataContainer(torch.zeros(1, 2, 2), stack=True)] * 2)
    s2 = dict(img=[DataContainer(torch.zeros(1, 2, 3), stack=True)] * 2)
    batch = collate([s1, s2])
    assert len(batch['img']) == 2
    assert batch['img'][0].shape == (2, 1, 2, 3)


def test_padding_value_and_mismatch_error():
    a = DataContainer(torch.zeros(2, 2), stack=True, padding_value=-1,
                      pad_dims=1)
    b = DataContainer(torch.zeros(2, 3), stack=True, padding_value=-1,
                      pad_dims=1)
    out = collate([a, b])
    assert out[0, :, 2].eq(-1).all()
    c = DataContainer(torch.zeros(3, 2), stack=True, pad_dims=1)
    with pytest.raises(ValueError, match='outside their padded dims'):
        collate([a, c])


def test_numpy_and_to_device():
    batch = collate([np.zeros(3, dtype=np.float32)] * 2)
    assert batch.shape == (2, 3)
    moved = to_device(dict(a=[batch], b='x'), 'cpu')
    assert moved['a'][0].device.type == 'cpu' and moved['b'] == 'x'
