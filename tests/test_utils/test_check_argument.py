import numpy as np
import pytest

from mmocr.utils import (
    equal_len,
    is_2dlist,
    is_3dlist,
    is_ndarray_list,
    is_none_or_type,
    is_type_list,
    valid_boundary,
)


def test_nested_list_checks():
    assert is_2dlist([]) and is_2dlist([[], [1]])
    assert not is_2dlist([[1], 2]) and not is_2dlist(([1], ))
    assert is_3dlist([]) and is_3dlist([[], [[1], []]])
    assert not is_3dlist([[1]]) and not is_3dlist([[[1]], 1])


def test_type_checks():
    assert is_type_list([1, 2], int) and is_type_list([], str)
    assert not is_type_list([1, 'a'], int) and not is_type_list((1, ), int)
    assert is_type_list([1, 'a'], (int, str))
    assert is_ndarray_list([np.zeros(2)]) and not is_ndarray_list([[0.0]])
    assert is_none_or_type(None, int) and is_none_or_type(3, int)
    assert not is_none_or_type('3', int)


def test_equal_len():
    assert equal_len([1, 2], 'ab', (3, 4))
    assert not equal_len([1], [1, 2])
    with pytest.raises(ValueError):
        equal_len()


@pytest.mark.parametrize('boundary,with_score,expected', [
    ([0] * 8, False, True),
    ([0] * 9, True, True),
    ([0] * 8, True, False),
    ([0] * 9, False, False),
    ([0] * 7, True, False),
    ([0] * 6, False, False),
    ([0] * 11, True, True),
])
def test_valid_boundary(boundary, with_score, expected):
    assert valid_boundary(boundary, with_score) is expected
