"""OCRSegTargets against hand-computed maps."""
from __future__ import annotations

import numpy as np
import pytest

from mmocr.core.mask import BitmapMasks
from mmocr.datasets.pipelines import OCRSegTargets


class _Convertor:
    """str2idx: 'a' -> 5, 'b' -> 7."""

    def str2idx(self, strings):
        return [[{'a': 5, 'b': 7}[c] for c in s] for s in strings]


def _results(box_type: str, box) -> dict:
    # A 10x20 image resized x2 to 20x40 and padded to 20x48.
    return {
        'img_shape': (10, 20, 3),
        'resize_shape': (20, 40, 3),
        'pad_shape': (20, 48, 3),
        'ann_info': {'chars': ['a'], box_type: [box]},
    }


def test_char_rect_targets_hand_computed():
    out = OCRSegTargets(label_convertor=_Convertor(), box_type='char_rects')(
        _results('char_rects', [2, 2, 6, 6]))
    kernels = out['gt_kernels']
    assert isinstance(kernels, BitmapMasks) and kernels.masks.shape == (3, 20,
                                                                       48)
    binary, seg, mask = kernels.masks
    # Scaled box [4, 4, 12, 12]; binary map: attn_shrink_ratio 0.5 ->
    # [6, 6, 10, 10] (inclusive), as in MMOCR 0.x.
    expected = np.zeros((20, 48), np.int32)
    expected[:, 40:] = 255
    expected[6:11, 6:11] = 1
    np.testing.assert_array_equal(binary, expected)
    # Class map: seg_shrink_ratio 0.25 -> [7, 7, 9, 9] filled with index 5.
    expected_seg = np.zeros((20, 48), np.int32)
    expected_seg[:, 40:] = 255
    expected_seg[7:10, 7:10] = 5
    np.testing.assert_array_equal(seg, expected_seg)
    assert mask[:, :40].all() and not mask[:, 40:].any()
    assert out['mask_fields'] == ['gt_kernels']


def test_char_quad_targets_and_shrink():
    np.testing.assert_array_equal(
        OCRSegTargets.shrink_char_quad([0, 0, 10, 0, 10, 10, 0, 10], 0.25),
        [[2, 2], [8, 2], [8, 8], [2, 8]])
    out = OCRSegTargets(label_convertor=_Convertor(), box_type='char_quads',
                        attn_shrink_ratio=0.25)(
        _results('char_quads', [0, 0, 10, 0, 10, 10, 0, 10]))
    binary = out['gt_kernels'].masks[0]
    # Scaled quad: (0,0)-(20,20); shrunk by 0.25 of the 20 px side: 5..15.
    assert binary[5:16, 5:16].all() and binary[:5, :40].sum() == 0
    assert binary[:, :40].sum() == 11 * 11


def test_seg_targets_errors():
    with pytest.raises(ValueError, match='label_convertor'):
        OCRSegTargets()
    with pytest.raises(ValueError, match='box_type'):
        OCRSegTargets(label_convertor=_Convertor(), box_type='polys')
    bad = _results('char_rects', [2, 2, 6, 6])
    bad['ann_info']['chars'] = ['a', 'b']
    with pytest.raises(ValueError, match='2 chars but 1 char_rects'):
        OCRSegTargets(label_convertor=_Convertor())(bad)


class _Lookup:
    """str2idx of a dictionary without <UKN>: unknown characters give []."""

    def str2idx(self, strings):
        return [[{'a': 5}[c] for c in s if c == 'a'] for s in strings]


def test_seg_targets_round_scaled_boxes_and_skip_unknown_chars():
    # A 10x20 image resized x1.5 to 15x30: box [1, 1, 3, 3] -> [1.5, ...,
    # 4.5] rounded half to even -> [2, 2, 4, 4]; seg shrink 0.25 of 2 px
    # -> round(2.75), round(3.25) = [3, 3, 3, 3].
    results = {
        'img_shape': (10, 20, 3), 'resize_shape': (15, 30, 3),
        'pad_shape': (15, 30, 3),
        'ann_info': {'chars': ['a', 'z'],
                     'char_rects': [[1, 1, 3, 3], [10, 1, 14, 5]]},
    }
    seg = OCRSegTargets(label_convertor=_Lookup())(results)[
        'gt_kernels'].masks[1]
    assert seg[3, 3] == 5 and (seg == 5).sum() == 1
    # 'z' has no class: nothing drawn for it.
    assert set(np.unique(seg)) == {0, 5}
