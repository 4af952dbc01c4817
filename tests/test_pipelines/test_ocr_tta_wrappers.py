"""MultiRotateAugOCR and the transform wrappers."""
from __future__ import annotations

import pickle
import random

import numpy as np
import pytest

from mmocr.datasets import collate
from mmocr.datasets.pipelines import (
    Albu,
    MultiRotateAugOCR,
    OneOfWrapper,
    RandomWrapper,
    TorchVisionWrapper,
)


def _tall(h: int = 40, w: int = 10) -> dict:
    img = np.arange(h * w, dtype=np.int32).reshape(h, w).astype(np.uint8)
    return {'img': img, 'img_shape': img.shape, 'filename': 'x.png'}


def _record(results: dict) -> dict:
    return {'img': results['img'], 'shape': results['img_shape']}


def test_multi_rotate_aug_ocr_views():
    aug = MultiRotateAugOCR([_record], rotate_degrees=[270, 90])
    assert aug.rotate_degrees == [0, 90, 270]
    res = _tall()
    out = aug(res)
    assert set(out) == {'img', 'shape'} and len(out['img']) == 3
    np.testing.assert_array_equal(out['img'][0], res['img'])
    np.testing.assert_array_equal(out['img'][1], np.rot90(res['img'], 1))
    np.testing.assert_array_equal(out['img'][2], np.rot90(res['img'], 3))
    assert out['shape'] == [(40, 10), (10, 40), (10, 40)]
    assert all(v.flags['C_CONTIGUOUS'] for v in out['img'])


def test_multi_rotate_aug_ocr_wide_images_and_force():
    wide = _tall(10, 40)
    assert len(MultiRotateAugOCR([_record], [90])(dict(wide))['img']) == 1
    forced = MultiRotateAugOCR([_record], 180, force_rotate=True)(dict(wide))
    assert len(forced['img']) == 2
    np.testing.assert_array_equal(forced['img'][1], wide['img'][::-1, ::-1])
    with pytest.raises(ValueError, match='rotate_degrees'):
        MultiRotateAugOCR([_record], [45])


def test_multi_rotate_aug_ocr_full_pipeline_batches():
    aug = MultiRotateAugOCR(
        rotate_degrees=[90, 270],
        transforms=[
            dict(type='ResizeOCR', height=16, min_width=16, max_width=64,
                 width_downsample_ratio=0.25),
            dict(type='ToTensorOCR'),
            dict(type='NormalizeOCR', mean=[0.5], std=[0.5]),
            dict(type='Collect', keys=['img'],
                 meta_keys=['filename', 'valid_ratio', 'resize_shape']),
        ])
    samples = [aug(_tall()), aug(_tall(60, 20))]
    batch = collate(samples)
    assert len(batch['img']) == 3
    assert [tuple(v.shape) for v in batch['img']] == [(2, 1, 16, 64)] * 3
    assert len(batch['img_metas']) == 3 and len(batch['img_metas'][0]) == 2
    # 0 degrees: 40x10 -> width ceil(16 / 40 * 10) = 4 -> min_width 16.
    assert batch['img_metas'][0][0]['resize_shape'] == (16, 16)
    # 90 degrees: 10x40 -> width 64.
    assert batch['img_metas'][1][0]['resize_shape'] == (16, 64)


def test_one_of_and_random_wrapper():
    random.seed(0)
    add_one = lambda r: dict(r, v=r['v'] + 1)  # noqa: E731
    add_ten = lambda r: dict(r, v=r['v'] + 10)  # noqa: E731
    one_of = OneOfWrapper([add_one, add_ten])
    seen = {one_of({'v': 0})['v'] for _ in range(50)}
    assert seen == {1, 10}
    assert RandomWrapper([add_one, add_ten], p=1)({'v': 0})['v'] == 11
    assert RandomWrapper([add_one], p=0)({'v': 0})['v'] == 0
    built = OneOfWrapper([dict(type='ToTensorOCR')])
    assert tuple(built({'img': np.zeros((2, 3), np.uint8)})['img'].shape) == (
        1, 2, 3)
    with pytest.raises(ValueError, match='non-empty'):
        OneOfWrapper([])
    with pytest.raises(ValueError, match='p must be'):
        RandomWrapper([add_one], p=2)


def test_torchvision_wrapper_without_torchvision():
    try:
        import torchvision  # noqa: F401
    except ImportError:
        # ops without a built-in version need it
        with pytest.raises(ImportError, match='needs torchvision'):
            TorchVisionWrapper(op='RandomErasing')
    else:
        pytest.skip('torchvision is installed')


def test_albu_wrapper():
    pytest.importorskip('albumentations')
    aug = Albu([dict(type='HorizontalFlip', p=1.0),
                dict(type='OneOf', transforms=[dict(type='VerticalFlip',
                                                    p=1.0)], p=1.0)])
    img = np.arange(2 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3)
    out = aug({'img': img})
    np.testing.assert_array_equal(out['img'], img[::-1, ::-1])
    assert out['img_shape'] == (2, 3, 3)
    clone = pickle.loads(pickle.dumps(aug))
    np.testing.assert_array_equal(clone({'img': img})['img'], img[::-1, ::-1])
    with pytest.raises(KeyError, match='NoSuchTransform'):
        Albu([dict(type='NoSuchTransform')])
