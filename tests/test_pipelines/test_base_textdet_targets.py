"""BaseTextDetTargets' shared mask helpers."""
import numpy as np

from mmocr.datasets.pipelines.textdet_targets import BaseTextDetTargets


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
