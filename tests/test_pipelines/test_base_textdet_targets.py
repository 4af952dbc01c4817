"""BaseTextDetTargets' shared helpers: pack_maps (the one way target
generators store maps) and the region masks."""
import numpy as np
import pytest

from mmocr.core.mask import BitmapMasks
from mmocr.datasets.pipelines.textdet_targets.base_textdet_targets import (
    BaseTextDetTargets,
)
from mmocr.utils.errors import InvalidValueError


def test_pack_maps_single_stacked_and_listed_maps():
    rng = np.random.default_rng(0)
    one = rng.random((3, 5)).astype(np.float32)
    stacked = rng.random((2, 3, 5)).astype(np.float32)
    listed = [np.full((3, 5), i, np.uint8) for i in range(3)]
    results = dict(img_shape=(3, 5, 3), mask_fields=['gt_masks'])
    out = BaseTextDetTargets.pack_maps(
        results, dict(gt_b=one, gt_a=stacked, gt_c=listed), (3, 5))
    assert out is results
    assert out['mask_fields'] == ['gt_b', 'gt_a', 'gt_c']
    for key, expected in (('gt_b', one[None]), ('gt_a', stacked),
                          ('gt_c', np.stack(listed))):
        masks = out[key]
        assert isinstance(masks, BitmapMasks)
        assert (masks.height, masks.width) == (3, 5)
        assert masks.masks.dtype == expected.dtype
        assert masks.masks.tobytes() == expected.tobytes()
        assert masks.masks.shape == expected.shape


def test_pack_maps_outside_mask_fields_and_bad_size():
    results = dict(mask_fields=['gt_masks'])
    out = BaseTextDetTargets.pack_maps(
        results, dict(gt_score=np.zeros((2, 4), np.float32)), (2, 4),
        mask_fields=False)
    assert out['mask_fields'] == []
    assert out['gt_score'].masks.shape == (1, 2, 4)
    with pytest.raises(InvalidValueError, match=r'\(K, 3, 4\)'):
        BaseTextDetTargets.pack_maps({}, dict(gt=np.zeros((2, 4))), (3, 4))


def _square(x, y, side):
    return np.array([x, y, x + side, y, x + side, y + side, x, y + side],
                    dtype=np.float64)


def test_text_region_mask_keeps_the_overlap_of_two_instances():
    polys = [[_square(2, 2, 10)], [_square(7, 7, 10)]]
    mask = BaseTextDetTargets.generate_text_region_mask((24, 24), polys)
    assert mask.dtype == np.uint8
    assert mask[9:12, 9:12].tolist() == [[1] * 3] * 3  # inside both squares
    alone = [BaseTextDetTargets.generate_text_region_mask((24, 24), [p])
             for p in polys]
    np.testing.assert_array_equal(mask, np.maximum(*alone))


def test_drop_instances_removes_the_per_instance_annotations():
    results = dict(gt_labels=[1], gt_masks='m', gt_bboxes='b', img='i',
                   bbox_fields=['gt_bboxes'])
    out = BaseTextDetTargets.drop_instances(results)
    assert out is results
    assert out == dict(img='i', bbox_fields=[])
