import pytest

from mmocr.utils import StringStrip


@pytest.mark.parametrize('kwargs, expected', [
    ({}, 'a b'),
    (dict(strip=False), ' \ta b \n'),
    (dict(strip_pos='left'), 'a b \n'),
    (dict(strip_pos='right'), ' \ta b'),
    (dict(strip_str=' \n'), '\ta b'),
])
def test_string_strip(kwargs, expected):
    assert StringStrip(**kwargs)(' \ta b \n') == expected


@pytest.mark.parametrize('kwargs', [dict(strip=1), dict(strip_pos='mid'),
                                    dict(strip_str=3)])
def test_string_strip_bad_arguments_are_assertion_errors(kwargs):
    with pytest.raises(AssertionError):
        StringStrip(**kwargs)
