"""MMOCR 0.x's polygon helpers at mmocr.core.evaluation.utils."""
import pytest
import shapely

from mmocr.core.evaluation import utils
from mmocr.utils import polygon_utils


def test_points2polygon_and_the_0x_helpers():
    square = utils.points2polygon([0, 0, 2, 0, 2, 2, 0, 2])
    assert isinstance(square, shapely.Polygon) and square.area == 4
    shifted = utils.points2polygon([1, 0, 3, 0, 3, 2, 1, 2])
    assert utils.poly_intersection(square, shifted) == 2
    area, inter = utils.poly_intersection(square, shifted, return_poly=True)
    assert area == 2 and inter.area == 2
    assert utils.poly_union(square, shifted) == 6
    assert utils.poly_iou(square, shifted) == pytest.approx(1 / 3)
    assert utils.boundary_iou([0, 0, 2, 0, 2, 2, 0, 2],
                              [1, 0, 3, 0, 3, 2, 1, 2]) == pytest.approx(1 / 3)
    # a bow tie is repaired (buffer(0)), or invalid_ret is returned
    bowtie = utils.points2polygon([0, 0, 2, 2, 2, 0, 0, 2])
    assert not bowtie.is_valid and utils.poly_make_valid(bowtie).is_valid
    assert utils.poly_intersection(bowtie, square, invalid_ret=-1) == -1
    # buffer(0) keeps one lobe of the bow tie (area 1), as in MMOCR 0.x
    assert utils.poly_intersection(bowtie, square) == pytest.approx(1)
    # one home: the same functions as mmocr.utils.polygon_utils
    assert utils.poly_iou is polygon_utils.poly_iou
    with pytest.raises(AssertionError, match='>= 8'):
        utils.points2polygon([0, 0, 1, 0, 1, 1])
    with pytest.raises(ValueError, match='even'):
        utils.points2polygon([0, 0, 1, 0, 1, 1, 0, 1, 5])
