import numpy as np
import pytest
from shapely.geometry import MultiPolygon, Polygon

from mmocr.utils.polygon_utils import (
    bbox2poly,
    boundary_iou,
    crop_polygon,
    is_poly_inside_rect,
    offset_polygon,
    poly2bbox,
    poly2shapely,
    poly_intersection,
    poly_iou,
    poly_make_valid,
    poly_union,
    polygon_area,
    polygon_perimeter,
    polys2shapely,
    polys2shapely_array,
    rescale_polygon,
    rescale_polygons,
    shrink_distance,
    sort_points,
    sort_vertex,
    sort_vertex8,
    unclip_distance,
)

UNIT = [0, 0, 1, 0, 1, 1, 0, 1]
HALF_SHIFTED = [0.5, 0, 1.5, 0, 1.5, 1, 0.5, 1]
BOWTIE = [0, 0, 2, 2, 2, 0, 0, 2]  # self-intersecting


def test_poly2shapely_valid_and_errors():
    poly = poly2shapely(UNIT)
    assert isinstance(poly, Polygon)
    assert poly.area == 1.0
    assert poly2shapely(np.array(UNIT).reshape(4, 2)).area == 1.0
    with pytest.raises(ValueError, match='even number'):
        poly2shapely([0, 0, 1, 0, 1])
    with pytest.raises(ValueError, match='at least 3 points'):
        poly2shapely([0, 0, 1, 1])
    with pytest.raises(ValueError, match='non-finite'):
        poly2shapely([0, 0, 1, 0, np.nan, 1])


def test_polys2shapely_ragged_and_names_bad_entry():
    polys = polys2shapely([UNIT, [0, 0, 2, 0, 0, 2]])
    assert [p.area for p in polys] == [1.0, 2.0]
    with pytest.raises(ValueError, match=r'boxes\[1\]'):
        polys2shapely_array([UNIT, [0, 0, 1]], name='boxes')
    assert len(polys2shapely_array([])) == 0


def test_make_valid_uses_buffer0():
    bowtie = poly2shapely(BOWTIE)
    assert not bowtie.is_valid
    fixed = poly_make_valid(bowtie)
    assert fixed.is_valid
    assert fixed.area == pytest.approx(1.0)  # buffer(0) keeps one lobe
    arr = polys2shapely_array([BOWTIE, UNIT], make_valid=True)
    assert arr[0].area == pytest.approx(1.0) and arr[1].area == 1.0
    valid = poly2shapely(UNIT)
    assert poly_make_valid(valid) is valid


def test_intersection_union_iou_half_overlap():
    a, b = poly2shapely(UNIT), poly2shapely(HALF_SHIFTED)
    assert poly_intersection(a, b) == pytest.approx(0.5)
    assert poly_union(a, b) == pytest.approx(1.5)
    assert poly_iou(a, b) == pytest.approx(1 / 3)
    area, geom = poly_intersection(a, b, return_poly=True)
    assert geom.area == pytest.approx(area)
    assert boundary_iou(UNIT, HALF_SHIFTED) == pytest.approx(1 / 3)
    far = poly2shapely([5, 5, 6, 5, 6, 6, 5, 6])
    assert poly_iou(a, far) == 0.0


def test_invalid_ret_and_zero_division():
    bowtie = poly2shapely(BOWTIE)
    unit = poly2shapely(UNIT)
    assert poly_intersection(bowtie, unit, invalid_ret=-1) == -1
    assert poly_union(bowtie, unit, invalid_ret=-1, return_poly=True) == (-1,
                                                                          None)
    empty = Polygon()
    assert poly_iou(empty, empty, zero_division=7.0) == 7.0


def test_rescale_polygon_modes():
    poly = [1, 2, 3, 4, 5, 6]
    np.testing.assert_allclose(rescale_polygon(poly, (2, 10)),
                               [2, 20, 6, 40, 10, 60])
    np.testing.assert_allclose(rescale_polygon(poly, (2, 10), mode='div'),
                               [0.5, 0.2, 1.5, 0.4, 2.5, 0.6])
    np.testing.assert_allclose(rescale_polygon(poly, (2, 10, 2, 10)),
                               [2, 20, 6, 40, 10, 60])
    assert rescale_polygon(np.array(poly, np.float32), (2, 2)).dtype == np.float32
    with pytest.raises(ValueError, match='mode'):
        rescale_polygon(poly, (1, 1), mode='add')
    arr = rescale_polygons(np.array([poly, poly]), (2, 10))
    assert arr.shape == (2, 6)
    np.testing.assert_allclose(arr[1], [2, 20, 6, 40, 10, 60])
    lst = rescale_polygons([poly, poly[:6]], (1, 2), mode='div')
    np.testing.assert_allclose(lst[0], [1, 1, 3, 2, 5, 3])


def test_bbox_poly_conversions():
    np.testing.assert_array_equal(bbox2poly([1, 2, 3, 4]),
                                  [1, 2, 3, 2, 3, 4, 1, 4])
    np.testing.assert_array_equal(bbox2poly([1, 2, 3, 4], mode='xywh'),
                                  [1, 2, 4, 2, 4, 6, 1, 6])
    np.testing.assert_array_equal(poly2bbox([3, 1, 0, 5, 2, -1]),
                                  [0, -1, 3, 5])
    with pytest.raises(ValueError):
        bbox2poly([1, 2, 3])


def test_is_poly_inside_rect():
    assert is_poly_inside_rect(UNIT, [0, 0, 1, 1])  # boundary counts
    assert not is_poly_inside_rect(HALF_SHIFTED, [0, 0, 1, 1])


def test_crop_polygon():
    cropped = crop_polygon([0, 0, 10, 0, 10, 10, 0, 10], [5, 5, 20, 20])
    assert polygon_area(cropped) == pytest.approx(25.0)
    np.testing.assert_allclose(poly2bbox(cropped), [5, 5, 10, 10])
    assert crop_polygon(UNIT, [5, 5, 6, 6]) is None
    # a U shape cut across its arms gives two pieces -> None
    u_shape = [0, 0, 1, 0, 1, 2, 2, 2, 2, 0, 3, 0, 3, 3, 0, 3]
    assert isinstance(poly2shapely(u_shape).intersection(
        poly2shapely(bbox2poly([0, 0, 3, 1]))), MultiPolygon)
    assert crop_polygon(u_shape, [0, 0, 3, 1]) is None


def test_sort_points_clockwise_from_top_left():
    expected = [[0, 0], [2, 0], [2, 1], [0, 1]]
    shuffled = [[2, 1], [0, 1], [2, 0], [0, 0]]
    np.testing.assert_array_equal(sort_points(shuffled), expected)
    np.testing.assert_array_equal(sort_vertex8([2, 1, 0, 0, 0, 1, 2, 0]),
                                  np.array(expected).reshape(-1))
    xs, ys = sort_vertex([2, 0, 2, 0], [1, 1, 0, 0])
    np.testing.assert_array_equal(xs, [0, 2, 2, 0])
    np.testing.assert_array_equal(ys, [0, 0, 1, 1])
    # clockwise on screen <=> positive shoelace sum with y pointing down
    pts = sort_points([[5, 3], [1, 4], [3, 0], [0, 1]])
    nxt = np.roll(pts, -1, axis=0)
    assert (pts[:, 0] * nxt[:, 1] - nxt[:, 0] * pts[:, 1]).sum() > 0
    with pytest.raises(ValueError):
        sort_vertex([0, 1], [0])


def test_offset_polygon_grow_and_shrink():
    square = [0, 0, 10, 0, 10, 10, 0, 10]
    grown = offset_polygon(square, 2)
    np.testing.assert_allclose(poly2bbox(grown), [-2, -2, 12, 12])
    # 10x10 square + 4 2x10 strips + rounded corners (a circle of radius 2)
    assert polygon_area(grown) == pytest.approx(100 + 80 + np.pi * 4, rel=0.02)
    shrunk = offset_polygon(square, -2)
    np.testing.assert_allclose(poly2bbox(shrunk), [2, 2, 8, 8])
    assert offset_polygon(square, -6).shape == (0, )


def test_polygon_area_vectorised():
    assert polygon_area(UNIT) == 1.0
    np.testing.assert_allclose(
        polygon_area(np.array([UNIT, [0, 0, 2, 0, 2, 3, 0, 3]])), [1, 6])
    ragged = [UNIT, [0, 0, 4, 0, 0, 3], [0, 0, 0, 2, 2, 2, 2, 0]]
    np.testing.assert_allclose(polygon_area(ragged), [1, 6, 4])
    shapely_areas = [p.area for p in polys2shapely(ragged)]
    np.testing.assert_allclose(polygon_area(ragged), shapely_areas)
    assert polygon_area([]).shape == (0, )


def test_polygon_area_signed_and_perimeter():
    clockwise = [0, 0, 4, 0, 4, 3, 0, 3]  # on screen (y down)
    counter = [0, 0, 0, 3, 4, 3, 4, 0]
    assert polygon_area(clockwise, signed=True) == 12.0
    assert polygon_area(counter, signed=True) == -12.0
    assert polygon_area(counter) == 12.0
    np.testing.assert_allclose(
        polygon_area([clockwise, counter], signed=True), [12, -12])
    np.testing.assert_allclose(
        polygon_area(np.array([clockwise, counter]), signed=True), [12, -12])
    assert polygon_perimeter(clockwise) == 14.0
    assert polygon_perimeter([0, 0, 3, 0, 0, 4]) == 12.0  # 3-4-5 triangle


def test_shrink_and_unclip_distance_follow_dbnet():
    # D = A (1 - r^2) / L, not rounded
    assert shrink_distance([0, 0, 10, 0, 10, 10, 0, 10], 0.4) == \
        pytest.approx(100 * 0.84 / 40)  # 2.1
    assert shrink_distance([0, 0, 100, 0, 100, 20, 0, 20], 0.4) == \
        pytest.approx(7.0)
    assert shrink_distance([0, 0, 3, 0, 0, 4], 0.5) == pytest.approx(0.375)
    # D' = A' r' / L'
    assert unclip_distance([0, 0, 10, 0, 10, 10, 0, 10], 1.5) == \
        pytest.approx(3.75)
    # degenerate (zero perimeter): no offset
    assert shrink_distance([1, 1, 1, 1, 1, 1], 0.4) == 0.0
    assert unclip_distance([1, 1, 1, 1, 1, 1], 1.5) == 0.0


def test_shrink_distance_is_not_rounded():
    # Right isosceles triangle with legs 100: the shrunk triangle is the
    # original scaled about the incentre by 1 - D / inradius = 1 - (1 - r^2) / 2
    # = 0.58; its vertices (12.30, 12.30), (70.30, 12.30), (12.30, 70.30)
    # round to 12 and 70 (a distance rounded to 12 gives 72).
    tri = [0, 0, 100, 0, 0, 100]
    distance = shrink_distance(tri, 0.4)
    assert distance == pytest.approx(5000 * 0.84 / (200 + 100 * np.sqrt(2)))
    shrunk = offset_polygon(tri, -distance)
    np.testing.assert_array_equal(poly2bbox(shrunk), [12, 12, 70, 70])
    assert polygon_area(shrunk) == pytest.approx(58 * 58 / 2)


def test_is_convex_by_hand():
    from mmocr.utils.polygon_utils import is_convex
    polys = np.array([[0, 0, 10, 0, 10, 10, 0, 10],     # square (cw on screen)
                      [0, 10, 10, 10, 10, 0, 0, 0],     # the same, reversed
                      [0, 0, 10, 10, 10, 0, 0, 10],     # bow tie
                      [0, 0, 10, 0, 2, 2, 0, 10],       # dart (concave)
                      [0, 0, 10, 0, 5, 0, 5, 5]],       # folds back on itself
                     dtype=float)
    assert is_convex(polys).tolist() == [True, True, False, False, False]
    star = np.array([[np.cos(a), np.sin(a)] for a in
                     np.arange(5) * 4 * np.pi / 5]).reshape(1, -1)
    assert not is_convex(star)[0]  # same-way turns, but winds twice


def test_convex_intersection_area_matches_shapely():
    import shapely

    from mmocr.utils.polygon_utils import convex_intersection_area
    square = np.array([[0, 0, 10, 0, 10, 10, 0, 10]], dtype=float)
    assert convex_intersection_area(square, square)[0] == pytest.approx(100)
    assert convex_intersection_area(square, square * 0.5 + 2)[0] == \
        pytest.approx(25)
    assert convex_intersection_area(square, square + 20)[0] == 0
    # Sharing an edge only, and a corner cut off: 10 * 10 - 5 * 5 / 2.
    assert convex_intersection_area(square, square + [10, 0] * 4)[0] == 0
    tri_cut = np.array([[5, 10, 10, 5, 20, 20, 20, 20]], dtype=float)
    assert convex_intersection_area(square, tri_cut)[0] == pytest.approx(12.5)

    rng = np.random.default_rng(0)

    def random_convex(n):
        centre = rng.uniform(0, 40, (n, 1, 2))
        angle = np.sort(rng.uniform(0, 2 * np.pi, (n, 4)), axis=1)
        radius = rng.uniform(5, 25, (n, 1, 1))
        pts = centre + radius * np.stack([np.cos(angle), np.sin(angle)], -1)
        flip = rng.random(n) < 0.5
        pts[flip] = pts[flip][:, ::-1]
        return pts.reshape(n, 8)

    a, b = random_convex(2000), random_convex(2000)
    ref = shapely.area(shapely.intersection(
        shapely.polygons(a.reshape(-1, 4, 2)),
        shapely.polygons(b.reshape(-1, 4, 2))))
    assert (ref > 0).mean() > 0.3  # the pairs overlap often enough
    np.testing.assert_allclose(convex_intersection_area(a, b), ref,
                               atol=1e-9)
