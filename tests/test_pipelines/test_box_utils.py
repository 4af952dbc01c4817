"""Vertex ordering helpers."""
from __future__ import annotations

import pytest

from mmocr.datasets.pipelines.box_utils import sort_vertex, sort_vertex8


def test_sort_vertex():
    xs, ys = sort_vertex([10, 0, 10, 0], [10, 0, 0, 10])
    assert (xs, ys) == ([0, 10, 10, 0], [0, 0, 10, 10])
    assert sort_vertex8([1, 9, 9, 9, 9, 1, 1, 1]) == [1, 1, 9, 1, 9, 9, 1, 9]
    with pytest.raises(ValueError):
        sort_vertex8([1, 2, 3])
